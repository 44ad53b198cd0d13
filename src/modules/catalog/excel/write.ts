/**
 * Writes the template and exports in the layout the import reads: the same headers, vocabulary labels (never
 * codes) in enumerated cells, 是/否 for flags, so that export → import round-trips.
 */
import ExcelJS from 'exceljs'
import type { Field, Resource } from '../resources.ts'
import {
  CATEGORIES,
  FIELD_DATA_TYPES,
  FORMATS,
  OPEN_TYPES,
  SHARE_TYPES,
  type Term,
  termLabel,
  UPDATE_FREQUENCIES,
} from '../vocabulary.ts'
import { columnLetter } from './cells.ts'
import {
  type ColumnDef,
  FIELD_COLUMNS,
  FIELD_SHEET,
  type FieldColumn,
  GUIDE_SHEET,
  LISTS_SHEET,
  REQUIRED_FIELD_COLUMNS,
  REQUIRED_RESOURCE_COLUMNS,
  RESOURCE_COLUMNS,
  RESOURCE_SHEET,
  type ResourceColumn,
  YES_NO,
} from './layout.ts'

/** The fields sheet links each row to its resource by code and name, ahead of the field columns. */
const LINK_COLUMNS = ['信息资源代码', '信息资源名称'] as const

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } }
/** Dropdowns reach this far down the template and past the last exported row. */
const VALIDATION_ROWS = 2000

const LISTS: readonly [string, readonly Term<string>[]][] = [
  ['资源分类', CATEGORIES],
  ['信息资源格式', FORMATS],
  ['共享类型', SHARE_TYPES],
  ['开放类型', OPEN_TYPES],
  ['更新周期', UPDATE_FREQUENCIES],
  ['数据类型', FIELD_DATA_TYPES],
  ['是否', YES_NO],
]

const LIST_RANGES: ReadonlyMap<string, string> = new Map(
  LISTS.map(([title, terms], i) => {
    const col = columnLetter(i + 1)
    return [title, `'${LISTS_SHEET}'!$${col}$2:$${col}$${terms.length + 1}`]
  }),
)

/** The dropdown sources, on a hidden sheet added last so that the first sheet stays the active one. */
function addListSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' })
  LISTS.forEach(([title, terms], i) => {
    const col = columnLetter(i + 1)
    ws.getCell(`${col}1`).value = title
    terms.forEach((term, j) => {
      ws.getCell(`${col}${j + 2}`).value = term.zh
    })
  })
}

function listFor(def: ColumnDef, ranges: ReadonlyMap<string, string>): string | undefined {
  if (def.yesNo) return ranges.get('是否')
  if (!def.terms) return undefined
  const title = def.key === 'category' ? '资源分类' : def.key === 'dataType' ? '数据类型' : def.header
  return ranges.get(title)
}

/** ExcelJS has range data validations at runtime but leaves them out of its type definitions. */
function validations(ws: ExcelJS.Worksheet): { add(range: string, v: ExcelJS.DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations
}

function headerRow(ws: ExcelJS.Worksheet, headers: readonly string[], required: ReadonlySet<string>): void {
  const row = ws.getRow(1)
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1)
    cell.value = h
    cell.font = { bold: true }
    cell.fill = required.has(h) ? REQUIRED_FILL : HEADER_FILL
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  })
  row.height = 22
  ws.views = [{ state: 'frozen', ySplit: 1 }]
}

function sheets(wb: ExcelJS.Workbook, lastRow: { resources: number; fields: number }) {
  const ranges = LIST_RANGES
  const requiredHeaders = new Set(
    [...REQUIRED_RESOURCE_COLUMNS, ...REQUIRED_FIELD_COLUMNS].map(
      (k) => [...RESOURCE_COLUMNS, ...FIELD_COLUMNS].find((c) => c.key === k)?.header ?? '',
    ),
  )
  const resources = wb.addWorksheet(RESOURCE_SHEET)
  headerRow(
    resources,
    RESOURCE_COLUMNS.map((c) => c.header),
    requiredHeaders,
  )
  resources.columns = RESOURCE_COLUMNS.map((c) => ({ width: c.width }))
  const fields = wb.addWorksheet(FIELD_SHEET)
  const fieldHeaders = [...LINK_COLUMNS, ...FIELD_COLUMNS.map((c) => c.header)]
  headerRow(fields, fieldHeaders, new Set([...requiredHeaders, '信息资源名称']))
  fields.columns = [{ width: 20 }, { width: 28 }, ...FIELD_COLUMNS.map((c) => ({ width: c.width }))]
  const validate = (ws: ExcelJS.Worksheet, defs: readonly ColumnDef[], offset: number, rows: number) => {
    defs.forEach((def, i) => {
      const list = listFor(def, ranges)
      if (!list) return
      const col = columnLetter(i + 1 + offset)
      validations(ws).add(`${col}2:${col}${Math.max(rows, 1) + VALIDATION_ROWS}`, {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '取值不在列表中',
        error: `请从下拉列表选择「${def.header}」`,
      })
    })
  }
  validate(resources, RESOURCE_COLUMNS, 0, lastRow.resources)
  validate(fields, FIELD_COLUMNS, LINK_COLUMNS.length, lastRow.fields)
  return { resources, fields }
}

function guideSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(GUIDE_SHEET)
  ws.columns = [{ width: 18 }, { width: 16 }, { width: 90 }]
  const lines: (string | [string, string, string])[] = [
    '政务数据资源目录导入模板 填写说明',
    '',
    '1. 「资源目录」每行一个信息资源；「信息项」每行一个信息项，用信息资源代码或信息资源名称关联到资源目录中的资源。',
    '2. 也可使用单表格式：每行一个信息项，资源列在同一资源的各行重复填写或合并单元格。',
    '3. 表头可以不在第一行（可在上方加标题行），列的顺序不限；橙色表头为必填列。',
    '4. 枚举列请从下拉列表选择；也接受常见写法（如 基础、有条件、是/否、Y/N）。日期写作 2025-01-31 或使用 Excel 日期。',
    '5. 默认“全部成功才导入”：任何一行有问题都不写入，并返回问题清单（工作表、行、列）；也可选择“跳过有问题的行”。',
    '6. 再次导入同一文件会更新对应的草稿（按信息资源代码，未填代码时按本单位资源名称匹配），不会重复新建；已提交或已发布的资源不会被修改。',
    '',
    ['工作表', '列', '说明'],
    ...RESOURCE_COLUMNS.map((c): [string, string, string] => [RESOURCE_SHEET, c.header, c.hint]),
    [FIELD_SHEET, '信息资源代码', '与「资源目录」中的信息资源代码一致（新资源可留空，改用名称关联）'],
    [FIELD_SHEET, '信息资源名称', '与「资源目录」中的信息资源名称一致'],
    ...FIELD_COLUMNS.map((c): [string, string, string] => [FIELD_SHEET, c.header, c.hint]),
  ]
  for (const line of lines) {
    const row = ws.addRow(typeof line === 'string' ? [line] : line)
    if (Array.isArray(line) && line[0] === '工作表') row.font = { bold: true }
  }
  ws.getRow(1).font = { bold: true, size: 14 }
  ws.getColumn(3).alignment = { wrapText: true, vertical: 'top' }
}

export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Shuhui 数惠'
  sheets(wb, { resources: 0, fields: 0 })
  guideSheet(wb)
  addListSheet(wb)
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export interface ExportItem {
  resource: Resource
  fields: readonly Field[]
}

function resourceCells(r: Resource): Record<ResourceColumn, string> {
  return {
    name: r.name,
    code: r.code,
    category: termLabel(CATEGORIES, r.category),
    classCode: r.classCode,
    className: r.className,
    provider: r.orgName,
    summary: r.summary,
    format: termLabel(FORMATS, r.format),
    shareType: termLabel(SHARE_TYPES, r.shareType),
    shareCondition: r.shareCondition ?? '',
    shareMethod: r.shareMethod ?? '',
    openType: termLabel(OPEN_TYPES, r.openType),
    openCondition: r.openCondition ?? '',
    operable: r.operable ? '是' : '否',
    updateFrequency: termLabel(UPDATE_FREQUENCIES, r.updateFrequency),
    publishDate: r.publishDate ?? '',
    relatedCodes: r.relatedCodes.join('，'),
    // The provider's own name reads back as itself; another org travels as its id (names are not unique keys).
    sourceOrg: r.sourceOrgId ? (r.sourceOrgId === r.orgId ? r.orgName : r.sourceOrgId) : '',
  }
}

function fieldCells(f: Field): Record<FieldColumn, string | number> {
  return {
    fieldName: f.name,
    fieldCode: f.code,
    dataType: termLabel(FIELD_DATA_TYPES, f.dataType),
    length: f.length ?? '',
    description: f.description,
    isKey: f.isKey ? '是' : '否',
    elementCode: f.elementCode ?? '',
    authoritative: f.authoritative ? '是' : '否',
  }
}

/** The two-sheet workbook for a list of resources with their fields. */
export async function exportWorkbook(items: readonly ExportItem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Shuhui 数惠'
  const fieldRows = items.reduce((n, i) => n + i.fields.length, 0)
  const { resources, fields } = sheets(wb, { resources: items.length, fields: fieldRows })
  for (const { resource, fields: fs } of items) {
    const cells = resourceCells(resource)
    resources.addRow(RESOURCE_COLUMNS.map((c) => cells[c.key]))
    for (const f of fs) {
      const fc = fieldCells(f)
      fields.addRow([resource.code, resource.name, ...FIELD_COLUMNS.map((c) => fc[c.key])])
    }
  }
  guideSheet(wb)
  addListSheet(wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
