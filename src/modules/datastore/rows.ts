/**
 * Row checks of a load: matching the header to the declared columns, then each row's cells (CSV, XLSX) or
 * object members (JSON Lines) against their column's type.
 */
import type { LoadProblem } from './load.ts'
import { type ColumnSpec, checkValue } from './values.ts'

export const normalize = (s: unknown) =>
  String(s ?? '')
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')

/** Header cells match a column's code (any case) or its name. */
export function headerMatcher(columns: readonly ColumnSpec[]): (header: unknown) => number {
  const byKey = new Map<string, number>()
  columns.forEach((c, i) => {
    byKey.set(c.code.toLowerCase(), i)
    if (c.name) byKey.set(normalize(c.name), i)
  })
  return (header) => {
    const key = normalize(typeof header === 'object' && header !== null ? headerText(header) : header)
    return byKey.get(key) ?? byKey.get(key.toLowerCase()) ?? -1
  }
}

function headerText(cell: object): string {
  const o = cell as { richText?: { text?: string }[]; text?: unknown; result?: unknown }
  if (Array.isArray(o.richText)) return o.richText.map((p) => p.text ?? '').join('')
  return String(o.text ?? o.result ?? '')
}

export const isEmpty = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

export type HeaderResult =
  | { readonly ok: true; readonly positions: number[] }
  | { readonly ok: false; readonly missing: string[]; readonly extra: string[] }

/** Every declared column once, nothing else; blank header cells are ignored. */
export function readHeader(
  columns: readonly ColumnSpec[],
  cells: readonly unknown[],
  match: (header: unknown) => number,
): HeaderResult {
  const found = cells.map((h) => (isEmpty(h) ? -2 : match(h)))
  const extra = cells.filter((_, i) => found[i] === -1).map((h) => normalize(h))
  for (const [i, f] of found.entries()) {
    if (f >= 0 && found.indexOf(f) !== i) extra.push(columns[f]?.code ?? '')
  }
  const missing = columns.filter((_, i) => !found.includes(i)).map((c) => c.code)
  if (extra.length || missing.length) return { ok: false, missing, extra }
  return { ok: true, positions: columns.map((_, i) => found.indexOf(i)) }
}

export type RowResult = { readonly values: unknown[] } | { readonly problems: LoadProblem[] }

function cellProblem(row: number, column: string | null, p: { message: string; messageZh: string }) {
  return { row, column, message: p.message, messageZh: p.messageZh }
}

/** A CSV or spreadsheet row; `strict` (CSV) also refuses rows shorter than the header. */
export function checkCells(
  columns: readonly ColumnSpec[],
  positions: readonly number[],
  row: number,
  cells: readonly unknown[],
  strict: boolean,
): RowResult {
  const tooWide = cells.length > positions.length && cells.slice(positions.length).some((v) => !isEmpty(v))
  if (tooWide || (strict && cells.length < positions.length))
    return {
      problems: [
        cellProblem(row, null, {
          message: `has ${cells.length} cells, the header has ${positions.length}`,
          messageZh: `有 ${cells.length} 个单元格，表头有 ${positions.length} 列`,
        }),
      ],
    }
  const values: unknown[] = new Array(columns.length)
  const problems: LoadProblem[] = []
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as ColumnSpec
    const checked = checkValue(column, cells[positions[c] ?? -1] ?? null)
    if (checked.ok) values[c] = checked.value
    else problems.push(cellProblem(row, column.code, checked))
  }
  return problems.length ? { problems } : { values }
}

/** A JSON Lines object: members by code or name; absent members are empty, unknown ones are refused. */
export function checkObject(
  columns: readonly ColumnSpec[],
  match: (header: unknown) => number,
  row: number,
  object: Readonly<Record<string, unknown>>,
): RowResult {
  const values: unknown[] = new Array(columns.length).fill(null)
  const problems: LoadProblem[] = []
  for (const [key, raw] of Object.entries(object)) {
    const c = match(key)
    const column = columns[c]
    if (!column) {
      problems.push(
        cellProblem(row, null, {
          message: `has an unknown field ${key.slice(0, 64)}`,
          messageZh: `含有未声明的信息项 ${key.slice(0, 64)}`,
        }),
      )
      continue
    }
    const checked = checkValue(column, raw)
    if (checked.ok) values[c] = checked.value
    else problems.push(cellProblem(row, column.code, checked))
  }
  for (const [c, column] of columns.entries()) {
    if (values[c] === null && column.required && !problems.some((p) => p.column === column.code))
      problems.push(
        cellProblem(row, column.code, {
          message: 'is required (key field)',
          messageZh: '主键信息项不能为空',
        }),
      )
  }
  return problems.length ? { problems } : { values }
}
