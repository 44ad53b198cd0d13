/**
 * Reads a catalogue workbook into resources with their fields, remembering where every value came from so that a
 * problem can point at sheet, row and column. Two layouts are accepted: a resources sheet plus a fields sheet
 * linked by resource name or code, and the single sheet where each row is one data item and the resource columns
 * are repeated, merged or left blank below the first row of a resource.
 */
import type ExcelJS from 'exceljs'
import type { Workbook, Worksheet } from 'exceljs'
import { type CellRead, columnLetter, readCell, type Scalar } from './cells.ts'
import {
  type ColumnKey,
  columnDef,
  columnFor,
  FIELD_COLUMNS,
  type FieldColumn,
  GUIDE_SHEET,
  LISTS_SHEET,
  REQUIRED_FIELD_COLUMNS,
  REQUIRED_RESOURCE_COLUMNS,
  RESOURCE_COLUMNS,
  RESOURCE_KEYS,
  type ResourceColumn,
} from './layout.ts'

export interface Problem {
  sheet: string | null
  /** 1-based spreadsheet row; null for a problem with the whole file or sheet. */
  row: number | null
  /** Column letter, e.g. "I"; null when the column is absent or the problem concerns the whole row. */
  column: string | null
  /** The header the problem concerns, as the template names it. */
  header: string | null
  message: string
}

/** One cell value with where it came from. */
export interface Located {
  sheet: string
  row: number
  col: number | null
  value: Scalar | null
}

export interface RawField {
  sheet: string
  row: number
  cells: Map<FieldColumn, Located>
}

export interface RawResource {
  sheet: string
  /** Row of the resource (first item row in the single-sheet layout). */
  row: number
  cells: Map<ResourceColumn, Located>
  /** Columns present in the resource's sheet, so that a missing value can still name its column. */
  columns: Map<ResourceColumn, number>
  fields: RawField[]
  fieldColumns: Map<FieldColumn, number>
  /** Problems found while reading (unreadable cells, unlinked items). */
  problems: Problem[]
}

export interface ParsedWorkbook {
  resources: RawResource[]
  /** Problems not tied to one resource (an item row pointing at no resource). */
  problems: Problem[]
}

export class HeaderError extends Error {
  constructor(
    readonly messageZh: string,
    readonly problems: Problem[],
  ) {
    super(messageZh)
  }
}

type SheetKind = 'resources' | 'fields' | 'combined'

interface SheetHeader {
  ws: Worksheet
  kind: SheetKind
  row: number
  columns: Map<ColumnKey, number>
}

const HEADER_SCAN_ROWS = 30

function headerOf(ws: Worksheet): SheetHeader | null {
  const last = Math.min(ws.rowCount, HEADER_SCAN_ROWS)
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r)
    const columns = new Map<ColumnKey, number>()
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const read = readCell(cell)
      if (!read.ok || typeof read.value !== 'string') return
      const key = columnFor(read.value)
      if (key && !columns.has(key)) columns.set(key, col)
    })
    if (columns.size < 2) continue
    const hasResource = columns.has('name') || columns.has('code')
    const resourceCols = [...columns.keys()].filter(
      (k) => RESOURCE_KEYS.has(k) && k !== 'name' && k !== 'code',
    )
    if (hasResource && columns.has('fieldName') && resourceCols.length > 0)
      return { ws, kind: 'combined', row: r, columns }
    if (columns.has('fieldName') && hasResource) return { ws, kind: 'fields', row: r, columns }
    if (columns.has('name') && resourceCols.length > 0) return { ws, kind: 'resources', row: r, columns }
  }
  return null
}

function missingColumns(h: SheetHeader, required: readonly ColumnKey[]): Problem[] {
  return required
    .filter((k) => !h.columns.has(k))
    .map((k) => ({
      sheet: h.ws.name,
      row: h.row,
      column: null,
      header: columnDef(k).header,
      message: `缺少「${columnDef(k).header}」列`,
    }))
}

function unreadable(sheet: string, row: number, col: number, key: ColumnKey, read: CellRead): Problem | null {
  if (read.ok) return null
  return {
    sheet,
    row,
    column: columnLetter(col),
    header: columnDef(key).header,
    message: `${columnDef(key).header}：${read.messageZh}`,
  }
}

interface ReadRow {
  row: number
  cells: Map<ColumnKey, Located>
  problems: Problem[]
}

function* dataRows(h: SheetHeader): Generator<ReadRow> {
  const sheet = h.ws.name
  // Only rows that exist in the file: a stray format at row 1,048,576 must not mean a million empty rows.
  const rows: ExcelJS.Row[] = []
  h.ws.eachRow({ includeEmpty: false }, (row) => {
    if (row.number > h.row) rows.push(row)
  })
  for (const row of rows) {
    const r = row.number
    const cells = new Map<ColumnKey, Located>()
    const problems: Problem[] = []
    let blank = true
    for (const [key, col] of h.columns) {
      const read = readCell(row.getCell(col))
      const bad = unreadable(sheet, r, col, key, read)
      if (bad) {
        problems.push(bad)
        blank = false
        cells.set(key, { sheet, row: r, col, value: null })
        continue
      }
      const value = read.ok ? read.value : null
      const isBlank = value === null || (typeof value === 'string' && value.trim() === '')
      if (!isBlank) blank = false
      cells.set(key, { sheet, row: r, col, value: isBlank ? null : value })
    }
    if (!blank) yield { row: r, cells, problems }
  }
}

function keyOf(cells: Map<ColumnKey, Located>): string | null {
  const code = cells.get('code')?.value
  if (code !== null && code !== undefined) return `code:${String(code).replace(/\s+/g, '')}`
  const name = cells.get('name')?.value
  if (name !== null && name !== undefined) return `name:${String(name).trim()}`
  return null
}

function pick<K extends ColumnKey>(cells: Map<ColumnKey, Located>, keys: readonly K[]): Map<K, Located> {
  const out = new Map<K, Located>()
  for (const k of keys) {
    const c = cells.get(k)
    if (c) out.set(k, c)
  }
  return out
}

const RESOURCE_KEY_LIST = RESOURCE_COLUMNS.map((c) => c.key)
const FIELD_KEY_LIST = FIELD_COLUMNS.map((c) => c.key)

function columnMap<K extends ColumnKey>(h: SheetHeader, keys: readonly K[]): Map<K, number> {
  const out = new Map<K, number>()
  for (const k of keys) {
    const c = h.columns.get(k)
    if (c !== undefined) out.set(k, c)
  }
  return out
}

function newResource(h: SheetHeader, r: ReadRow): RawResource {
  return {
    sheet: h.ws.name,
    row: r.row,
    cells: pick(r.cells, RESOURCE_KEY_LIST),
    columns: columnMap(h, RESOURCE_KEY_LIST),
    fields: [],
    fieldColumns: columnMap(h, FIELD_KEY_LIST),
    problems: [...r.problems],
  }
}

function isBlankField(cells: Map<ColumnKey, Located>): boolean {
  return FIELD_KEY_LIST.every((k) => {
    const v = cells.get(k)?.value
    return v === null || v === undefined
  })
}

/** Single sheet: rows of one resource share its name or code (repeated, merged, or blank below the first). */
function readCombined(h: SheetHeader, into: Map<string, RawResource>, order: RawResource[]): void {
  let current: RawResource | null = null
  for (const r of dataRows(h)) {
    const key = keyOf(r.cells)
    if (key) {
      current = into.get(key) ?? null
      if (!current) {
        current = newResource(h, r)
        into.set(key, current)
        order.push(current)
      } else {
        // Later rows fill what the first row left blank.
        for (const [k, c] of pick(r.cells, RESOURCE_KEY_LIST))
          if (c.value !== null && (current.cells.get(k)?.value ?? null) === null) current.cells.set(k, c)
        current.problems.push(...r.problems)
      }
    } else if (current) {
      current.problems.push(...r.problems)
    } else {
      continue
    }
    if (!isBlankField(r.cells))
      current.fields.push({ sheet: h.ws.name, row: r.row, cells: pick(r.cells, FIELD_KEY_LIST) })
  }
}

function readResources(h: SheetHeader, into: Map<string, RawResource>, order: RawResource[]): void {
  for (const r of dataRows(h)) {
    const res = newResource(h, r)
    order.push(res)
    const key = keyOf(r.cells)
    // Duplicates are kept as separate entries so that validation reports them.
    if (key && !into.has(key)) into.set(key, res)
    const name = r.cells.get('name')?.value
    if (name !== null && name !== undefined && !into.has(`name:${String(name).trim()}`))
      into.set(`name:${String(name).trim()}`, res)
  }
}

function readFields(h: SheetHeader, index: Map<string, RawResource>, problems: Problem[]): void {
  let link: string | null = null
  let linkCell: Located | null = null
  let target: RawResource | undefined
  for (const r of dataRows(h)) {
    const key = keyOf(r.cells)
    if (key) {
      link = key
      linkCell = r.cells.get(key.startsWith('code:') ? 'code' : 'name') ?? null
      // By code first; a code the resources sheet left blank (a new resource) still links by name.
      const name = r.cells.get('name')?.value
      target =
        index.get(key) ??
        (name !== null && name !== undefined ? index.get(`name:${String(name).trim()}`) : undefined)
    }
    if (!target) {
      problems.push(...r.problems)
      const cell = linkCell ?? r.cells.get('name') ?? r.cells.get('code')
      problems.push({
        sheet: h.ws.name,
        row: r.row,
        column: cell?.col ? columnLetter(cell.col) : null,
        header: link?.startsWith('code:') ? '信息资源代码' : '信息资源名称',
        message: link
          ? `在「资源目录」中找不到信息资源“${link.slice(5)}”`
          : '信息项未注明所属信息资源（信息资源名称或信息资源代码）',
      })
      continue
    }
    target.problems.push(...r.problems)
    if (target.fields.length === 0) target.fieldColumns = columnMap(h, FIELD_KEY_LIST)
    if (!isBlankField(r.cells))
      target.fields.push({ sheet: h.ws.name, row: r.row, cells: pick(r.cells, FIELD_KEY_LIST) })
  }
}

/** Finds the header rows, checks the required columns and groups rows into resources with their fields. */
export function parseWorkbook(wb: Workbook): ParsedWorkbook {
  const headers = wb.worksheets
    .filter((ws) => ws.name !== GUIDE_SHEET && ws.name !== LISTS_SHEET)
    .map(headerOf)
    .filter((h): h is SheetHeader => h !== null)
  const resourceSheets = headers.filter((h) => h.kind !== 'fields')
  if (resourceSheets.length === 0) {
    throw new HeaderError(
      '未找到资源目录表头：请使用平台模板，或确保表头含「信息资源名称」「分类码」「信息资源格式」「共享类型」「开放类型」「更新周期」等列',
      [],
    )
  }
  const missing = [
    ...resourceSheets.flatMap((h) => missingColumns(h, REQUIRED_RESOURCE_COLUMNS)),
    ...headers
      .filter((h) => h.kind !== 'resources')
      .flatMap((h) => missingColumns(h, REQUIRED_FIELD_COLUMNS)),
  ]
  if (missing.length) {
    throw new HeaderError(
      `表头缺少必需的列：${[...new Set(missing.map((p) => p.header))].join('、')}`,
      missing,
    )
  }
  const index = new Map<string, RawResource>()
  const order: RawResource[] = []
  for (const h of resourceSheets) {
    if (h.kind === 'combined') readCombined(h, index, order)
    else readResources(h, index, order)
  }
  const problems: Problem[] = []
  for (const h of headers.filter((x) => x.kind === 'fields')) readFields(h, index, problems)
  return { resources: order, problems }
}
