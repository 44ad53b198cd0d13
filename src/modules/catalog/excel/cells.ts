/**
 * What a spreadsheet cell says, reduced to text, number or date. Departments' files carry formulas, rich text,
 * hyperlinks, merged cells, full-width characters and dates typed every which way; all of it lands here.
 */
import type { Cell, CellValue } from 'exceljs'

export type Scalar = string | number | boolean | Date

export type CellRead = { ok: true; value: Scalar | null } | { ok: false; messageZh: string }

/** A merged cell reads its master; a formula its cached result; rich text its plain text. */
export function readCell(cell: Cell): CellRead {
  return readValue(cell.isMerged ? cell.master.value : cell.value)
}

export function readValue(v: CellValue): CellRead {
  if (v === null || v === undefined) return { ok: true, value: null }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date)
    return { ok: true, value: v }
  if (typeof v !== 'object') return { ok: true, value: null }
  if ('error' in v) return { ok: false, messageZh: `单元格为错误值 ${String(v.error)}` }
  if ('richText' in v && Array.isArray(v.richText))
    return { ok: true, value: v.richText.map((r) => r.text).join('') }
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result
    if (result === undefined || result === null)
      return { ok: false, messageZh: '公式单元格没有计算结果，请在 Excel 中重新计算或粘贴为数值后再导入' }
    if (typeof result === 'object' && !(result instanceof Date))
      return { ok: false, messageZh: '公式计算结果为错误值，请修正后再导入' }
    return readValue(result as CellValue)
  }
  if ('text' in v) {
    const text = (v as { text: unknown }).text
    if (typeof text === 'string') return { ok: true, value: text }
    if (text && typeof text === 'object' && 'richText' in text) return readValue(text as CellValue)
  }
  return { ok: true, value: null }
}

/** Full-width ASCII and ideographic spaces folded, runs of whitespace collapsed, ends trimmed. */
export function cleanText(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0\u200B\uFEFF]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
}

/** Codes: no spaces at all. */
export function cleanCode(s: string): string {
  return cleanText(s).replace(/\s+/g, '')
}

export function asText(v: Scalar | null): string {
  if (v === null) return ''
  if (v instanceof Date) return isoDay(v)
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v)
  if (typeof v === 'boolean') return v ? '是' : '否'
  return cleanText(v)
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10)
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

function validDay(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  if (y < 1900 || y > 2200) return undefined
  return isoDay(date)
}

/** A day from a Date cell, an Excel serial number or text like 2025-1-5, 2025/01/05, 2025年1月5日, 20250105. */
export function asDay(v: Scalar | null): string | null | undefined {
  if (v === null) return null
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : isoDay(v)
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v > 150_000) return undefined
    return isoDay(new Date(EXCEL_EPOCH_MS + Math.floor(v) * 86_400_000))
  }
  if (typeof v === 'boolean') return undefined
  const s = cleanCode(v)
  if (!s) return null
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]))
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]))
  if (/^\d{5}(\.\d+)?$/.test(s)) return asDay(Number(s))
  return undefined
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有', '对'])
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '无', '不'])

/** 是/否, Y/N, true/false, 1/0, ticks; blank is no. */
export function asYesNo(v: Scalar | null): boolean | undefined {
  if (v === null) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined
  if (v instanceof Date) return undefined
  const s = cleanCode(v).toLowerCase()
  if (!s) return false
  if (YES.has(s)) return true
  if (NO.has(s)) return false
  return undefined
}

/** A positive length from 50, '50', '50位' or '50.0'; null when blank; undefined when unreadable. */
export function asLength(v: Scalar | null): number | null | undefined {
  if (v === null) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v !== 'string') return undefined
  const s = cleanCode(v)
  if (!s) return null
  const m = /^(\d+)(\.0+)?(位|字符|字节|个字符)?$/.exec(s)
  return m ? Number(m[1]) : undefined
}

/** 'A', 'B', … 'AA' for a 1-based column number. */
export function columnLetter(n: number): string {
  let s = ''
  let x = n
  while (x > 0) {
    const r = (x - 1) % 26
    s = String.fromCharCode(65 + r) + s
    x = Math.floor((x - 1) / 26)
  }
  return s
}
