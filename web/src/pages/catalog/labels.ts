import type {
  CatalogCategory,
  FieldDataType,
  MountStatus,
  OpenType,
  ResourceFormat,
  ResourceStatus,
  ShareType,
  UpdateFrequency,
} from '../../types'

export const CATEGORY_LABELS: Record<CatalogCategory, string> = {
  base: '基础信息资源',
  theme: '主题信息资源',
  department: '部门信息资源',
}

/** 类 digit of the class code for each category (the server checks the same rule). */
export const CATEGORY_DIGIT: Record<CatalogCategory, string> = { base: '1', theme: '2', department: '3' }

export const FORMAT_LABELS: Record<ResourceFormat, string> = {
  file: '电子文件',
  spreadsheet: '电子表格',
  database: '数据库',
  image: '图形图像',
  stream: '流媒体',
  self_describing: '自描述格式',
  api: '服务接口',
}

export const SHARE_TYPE_LABELS: Record<ShareType, string> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  none: '不予共享',
}

export const OPEN_TYPE_LABELS: Record<OpenType, string> = {
  open: '无条件开放',
  conditional: '有条件开放',
  closed: '不予开放',
}

export const FREQUENCY_LABELS: Record<UpdateFrequency, string> = {
  realtime: '实时',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  half_yearly: '每半年',
  yearly: '每年',
  irregular: '不定期',
}

export const DATA_TYPE_LABELS: Record<FieldDataType, string> = {
  string: '字符型',
  integer: '整数型',
  decimal: '数值型',
  date: '日期型',
  datetime: '日期时间型',
  boolean: '布尔型',
  binary: '二进制',
}

export const STATUS_LABELS: Record<ResourceStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  published: '已发布',
  retired: '已下线',
}

export const STATUS_COLORS: Record<ResourceStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  published: 'success',
  retired: 'default',
}

export const MOUNT_LABELS: Record<MountStatus, string> = {
  unmounted: '未挂接',
  mounted: '已挂接',
  error: '挂接异常',
}

export const MOUNT_COLORS: Record<MountStatus, string> = {
  unmounted: 'default',
  mounted: 'success',
  error: 'error',
}

export const SHARE_COLORS: Record<ShareType, string> = {
  unconditional: 'green',
  conditional: 'blue',
  none: 'default',
}

export const OPEN_COLORS: Record<OpenType, string> = {
  open: 'cyan',
  conditional: 'geekblue',
  closed: 'default',
}

export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }))
}

/** Label of a code from any catalog vocabulary, for diff cells and facets that only carry the code. */
export function labelOf(labels: Record<string, string>, code: unknown): string {
  return typeof code === 'string' ? (labels[code] ?? code) : String(code ?? '—')
}
