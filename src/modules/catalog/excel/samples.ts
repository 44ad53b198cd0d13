/**
 * Generated catalogue workbooks in the layouts departments send, and a multipart body to upload one. Used by the
 * tests and by the `catalog-import` benchmark; nothing in the running service depends on it.
 */
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { columnFor, FIELD_COLUMNS, RESOURCE_COLUMNS, RESOURCE_KEYS } from './layout.ts'

export type Row = Record<
  string,
  string | number | Date | null | { formula: string; result?: string | number }
>

export const RESOURCE_HEADERS = RESOURCE_COLUMNS.map((c) => c.header)
export const FIELD_HEADERS = ['信息资源名称', ...FIELD_COLUMNS.map((c) => c.header)]

export function sampleResourceRow(name: string, over: Row = {}): Row {
  return {
    信息资源名称: name,
    资源分类: '基础信息资源',
    分类码: '101001',
    分类名称: '基础信息资源/人口/户籍',
    信息资源提供方: '湘潭市公安局',
    信息资源摘要: `${name}，含姓名、公民身份号码、户籍地址等。`,
    信息资源格式: '数据库',
    共享类型: '有条件共享',
    共享条件: '用于政务服务身份核验，须说明用途',
    共享方式: '共享平台',
    开放类型: '不予开放',
    授权运营: '否',
    更新周期: '每日',
    发布日期: '2025-01-01',
    ...over,
  }
}

export function sampleFieldRows(resource: string, n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    信息资源名称: resource,
    信息项名称: i === 0 ? '公民身份号码' : `信息项${i}`,
    信息项代码: i === 0 ? 'sfzh' : `f${i}`,
    数据类型: i % 3 === 2 ? '日期型' : '字符型',
    长度: i % 3 === 2 ? null : 50,
    描述: '',
    是否主键: i === 0 ? '是' : '否',
  }))
}

function fill(ws: ExcelJS.Worksheet, headers: readonly string[], rows: readonly Row[], startRow = 1): void {
  ws.getRow(startRow).values = [...headers]
  rows.forEach((r, i) => {
    ws.getRow(startRow + 1 + i).values = headers.map((h) => r[h] ?? null)
  })
}

/** The template layout: a resources sheet and a fields sheet linked by name. */
export async function twoSheetWorkbook(
  resources: readonly Row[],
  fields: readonly Row[],
  options: { titleRow?: string; resourceHeaders?: readonly string[]; fieldHeaders?: readonly string[] } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const rs = wb.addWorksheet('资源目录')
  const start = options.titleRow ? 3 : 1
  if (options.titleRow) rs.getCell('A1').value = options.titleRow
  fill(rs, options.resourceHeaders ?? RESOURCE_HEADERS, resources, start)
  fill(wb.addWorksheet('信息项'), options.fieldHeaders ?? FIELD_HEADERS, fields)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/**
 * The single-sheet layout: one row per data item, the resource columns merged down across the item rows of each
 * resource (the way most department spreadsheets look).
 */
export async function singleSheetWorkbook(
  groups: readonly { resource: Row; fields: readonly Row[] }[],
  headers: readonly string[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('目录')
  ws.getCell('A1').value = '湘潭市公安局政务数据资源目录（2025 年）'
  ws.getRow(2).values = [...headers]
  let r = 3
  const resourceHeaders = new Set(headers.filter((h) => RESOURCE_KEYS.has(columnFor(h) ?? 'fieldName')))
  for (const g of groups) {
    const first = r
    for (const f of g.fields) {
      ws.getRow(r).values = headers.map((h) =>
        resourceHeaders.has(h) ? (r === first ? (g.resource[h] ?? null) : null) : (f[h] ?? null),
      )
      r++
    }
    if (r - 1 > first) {
      headers.forEach((h, i) => {
        if (resourceHeaders.has(h)) ws.mergeCells(first, i + 1, r - 1, i + 1)
      })
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** A large two-sheet workbook written with the streaming writer (the benchmark's 10,000 × 10). */
export async function generatedWorkbook(
  resources: number,
  fieldsEach: number,
  prefix = '生成资源',
): Promise<Buffer> {
  const chunks: Buffer[] = []
  const { PassThrough } = await import('node:stream')
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true, useStyles: false })
  const rs = wb.addWorksheet('资源目录')
  rs.addRow(RESOURCE_HEADERS).commit()
  for (let i = 0; i < resources; i++) {
    const row = sampleResourceRow(`${prefix}${String(i).padStart(6, '0')}`, {
      更新周期: ['每日', '每月', '实时', '不定期'][i % 4] ?? '每日',
    })
    rs.addRow(RESOURCE_HEADERS.map((h) => row[h] ?? null)).commit()
  }
  rs.commit()
  const fs = wb.addWorksheet('信息项')
  fs.addRow(FIELD_HEADERS).commit()
  for (let i = 0; i < resources; i++) {
    for (const f of sampleFieldRows(`${prefix}${String(i).padStart(6, '0')}`, fieldsEach))
      fs.addRow(FIELD_HEADERS.map((h) => f[h] ?? null)).commit()
  }
  fs.commit()
  await wb.commit()
  return Buffer.concat(chunks)
}

/** A multipart/form-data body carrying one file, for app.inject. */
export function multipartBody(
  bytes: Buffer,
  options: { field?: string; filename?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----shuhui${randomUUID().replace(/-/g, '')}`
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; ` +
    `filename="${options.filename ?? 'catalog.xlsx'}"\r\n` +
    'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
