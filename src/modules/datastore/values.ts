/**
 * Declared column types and the checks a raw cell must pass before it is written. Raw cells come as text (CSV),
 * JSON values (JSON Lines) or spreadsheet values (XLSX: numbers, booleans, dates, rich text).
 */

export type ColumnType = 'string' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'binary'

export interface ColumnSpec {
  /** Column name; validated upstream as ^[A-Za-z_][A-Za-z0-9_]{0,62}$. */
  readonly code: string
  /** Display name, accepted as a header instead of the code. */
  readonly name?: string
  readonly dataType: ColumnType
  /** Characters for strings, bytes for binary, digits for integer and decimal. */
  readonly length?: number | null
  /** Key columns may not be empty. */
  readonly required?: boolean
}

export const SQL_TYPES: Record<ColumnType, string> = {
  string: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
  binary: 'bytea',
}

export type Checked =
  | { readonly ok: true; readonly value: string | boolean | Uint8Array | null }
  | { readonly ok: false; readonly message: string; readonly messageZh: string }

const fail = (message: string, messageZh: string): Checked => ({ ok: false, message, messageZh })

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/
const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/
const DATETIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const BIGINT_MAX = 9_223_372_036_854_775_807n
const TRUE = new Set(['true', 't', '1', 'y', 'yes', '是'])
const FALSE = new Set(['false', 'f', '0', 'n', 'no', '否'])

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1
}

/** Spreadsheet cells can be rich text, formulas with cached results, hyperlinks or errors. */
function cellText(raw: unknown): string | null | { error: true } {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'string') return raw
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw)
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>
    if (Array.isArray(o.richText))
      return o.richText.map((p) => String((p as { text?: unknown }).text ?? '')).join('')
    if ('result' in o) return cellText(o.result)
    if (typeof o.text === 'string') return o.text
    if ('error' in o) return { error: true }
  }
  return { error: true }
}

function checkDate(raw: unknown): Checked {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return fail('is not a date', '不是合法日期')
    return { ok: true, value: raw.toISOString().slice(0, 10) }
  }
  const text = String(raw).trim()
  const m = DATE.exec(text) ?? COMPACT_DATE.exec(text)
  if (!m) return fail('is not a date (YYYY-MM-DD)', '不是合法日期（应为 YYYY-MM-DD）')
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (!validDate(y, mo, d)) return fail('is not a calendar date', '日期不存在')
  return { ok: true, value: `${pad(y, 4)}-${pad(mo)}-${pad(d)}` }
}

/**
 * Times without a zone are Beijing time (UTC+8), the time every provincial system records. Spreadsheet date
 * cells carry no zone either: their UTC fields are the wall-clock time typed in.
 */
function checkDatetime(raw: unknown): Checked {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return fail('is not a date-time', '不是合法日期时间')
    return { ok: true, value: `${raw.toISOString().slice(0, 23)}+08:00` }
  }
  const text = String(raw).trim()
  const m = DATETIME.exec(text)
  if (!m) {
    const d = DATE.exec(text)
    if (d) return checkDatetime(`${text} 00:00:00`)
    return fail('is not a date-time (YYYY-MM-DD HH:MM:SS)', '不是合法日期时间（应为 YYYY-MM-DD HH:MM:SS）')
  }
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59)
    return fail('is not a valid date-time', '日期时间不存在')
  let zone = m[8] ?? '+08:00'
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`
  const iso = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${m[7] ?? ''}${zone.toUpperCase()}`
  return { ok: true, value: iso }
}

function checkNumber(column: ColumnSpec, raw: unknown): Checked {
  const integer = column.dataType === 'integer'
  if (typeof raw === 'number' && !Number.isFinite(raw)) return fail('is not a number', '不是数字')
  if (typeof raw === 'number' && integer && !Number.isSafeInteger(raw))
    return fail('is not an integer', '不是整数')
  const text = (typeof raw === 'number' ? String(raw) : String(raw)).trim().replace(/,/g, '')
  if (integer) {
    if (!INTEGER.test(text)) return fail('is not an integer', '不是整数')
    const big = BigInt(text)
    if (big > BIGINT_MAX || big < -BIGINT_MAX) return fail('is out of range', '超出整数范围')
  } else if (!DECIMAL.test(text)) {
    return fail('is not a number', '不是数字')
  }
  const digits = text
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
  if (column.length && digits.length > column.length)
    return fail(`has more than ${column.length} digits`, `超过 ${column.length} 位数字`)
  return { ok: true, value: text }
}

/** Checks one cell against its column and returns the value to bind, or why it is refused. */
export function checkValue(column: ColumnSpec, raw: unknown): Checked {
  let value: unknown = raw
  if (!(raw instanceof Date) && !(raw instanceof Uint8Array)) {
    const text = cellText(raw)
    if (text !== null && typeof text === 'object') return fail('is a spreadsheet error', '单元格为错误值')
    value =
      typeof raw === 'number' || typeof raw === 'boolean'
        ? raw
        : text === null || text.trim() === ''
          ? null
          : text
  }
  if (typeof value === 'string' && value.includes('\u0000'))
    return fail('contains a NUL character', '含有空字符（NUL）')
  if (value === null) {
    return column.required ? fail('is required (key field)', '主键信息项不能为空') : { ok: true, value: null }
  }
  switch (column.dataType) {
    case 'string': {
      const text = value instanceof Date ? value.toISOString() : String(value)
      if (column.length && [...text].length > column.length)
        return fail(`is longer than ${column.length} characters`, `超过 ${column.length} 个字符`)
      return { ok: true, value: text }
    }
    case 'integer':
    case 'decimal':
      if (typeof value === 'boolean' || value instanceof Date || value instanceof Uint8Array)
        return fail('is not a number', '不是数字')
      return checkNumber(column, value)
    case 'date':
      return checkDate(value)
    case 'datetime':
      return checkDatetime(value)
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value }
      const text = String(value).trim().toLowerCase()
      if (TRUE.has(text)) return { ok: true, value: true }
      if (FALSE.has(text)) return { ok: true, value: false }
      return fail('is not a boolean (true/false, 是/否)', '不是布尔值（true/false、是/否）')
    }
    case 'binary': {
      if (value instanceof Uint8Array) return { ok: true, value }
      const text = String(value).trim()
      if (text.length % 4 !== 0 || !BASE64.test(text)) return fail('is not base64', '不是 Base64 编码')
      const bytes = Buffer.from(text, 'base64')
      if (column.length && bytes.length > column.length)
        return fail(`is longer than ${column.length} bytes`, `超过 ${column.length} 字节`)
      return { ok: true, value: bytes }
    }
  }
}

/** Identifiers are quoted so that a field code never changes the statement. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
