import { defineErrors } from '../../../platform/errors.ts'

export const excelError = defineErrors({
  'catalog.import_file_invalid': {
    status: 400,
    zh: '上传的文件不是可读取的 Excel（.xlsx）目录文件',
    en: 'The upload is not a readable Excel (.xlsx) catalogue file',
  },
  'catalog.import_headers_missing': {
    status: 400,
    zh: '未找到目录表头或缺少必需的列',
    en: 'No catalogue header row found, or required columns are missing',
  },
  'catalog.import_rejected': {
    status: 422,
    zh: '导入文件存在问题，未写入任何数据',
    en: 'The file has problems; nothing was imported',
  },
  'catalog.export_too_large': {
    status: 400,
    zh: '导出结果过多，请缩小筛选范围',
    en: 'Too many resources to export; narrow the filter',
  },
})
