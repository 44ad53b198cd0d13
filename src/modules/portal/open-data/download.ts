/**
 * Streamed downloads of open data in CSV, JSON or XLSX. Rows are read chunk by chunk from the datastore
 * (datastoreChunks), masked for the public and written to the response as they come: the table is never held in
 * memory, and a client that reads slowly slows the reading down (each chunk waits for the stream to drain).
 */
import { once } from 'node:events'
import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Db } from '../../../platform/db/index.ts'
import type { OpenField } from '../../catalog/index.ts'
import { type CellValue, datastoreChunks } from '../../datastore/index.ts'
import type { PublicMask } from './masking.ts'

export type DownloadFormat = 'csv' | 'json' | 'xlsx'

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

const CHUNK = 1000

/** Text a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection). */
function defuse(text: string): string {
  return /^[=+@\t\r]|^-[^0-9.]/.test(text) ? `'${text}` : text
}

export function csvCell(value: CellValue): string {
  if (value === null) return ''
  const text = typeof value === 'string' ? defuse(value) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

async function* maskedChunks(db: Db, dataKey: string, fields: readonly OpenField[], mask: PublicMask) {
  const codes = fields.map((f) => f.code)
  for await (const chunk of datastoreChunks(db, dataKey, codes, CHUNK)) yield chunk.map((r) => mask.apply(r))
}

async function* csvLines(db: Db, dataKey: string, fields: readonly OpenField[], mask: PublicMask) {
  // The BOM lets spreadsheet programs read the UTF-8 Chinese correctly.
  yield `\uFEFF${fields.map((f) => csvCell(f.name)).join(',')}\r\n`
  for await (const rows of maskedChunks(db, dataKey, fields, mask)) {
    yield rows.map((r) => `${fields.map((f) => csvCell(r[f.code] ?? null)).join(',')}\r\n`).join('')
  }
}

async function* jsonText(db: Db, dataKey: string, fields: readonly OpenField[], mask: PublicMask) {
  yield '['
  let first = true
  for await (const rows of maskedChunks(db, dataKey, fields, mask)) {
    const text = rows.map((r) => JSON.stringify(r)).join(',')
    yield first ? text : `,${text}`
    first = false
  }
  yield ']'
}

function xlsxStream(
  db: Db,
  dataKey: string,
  name: string,
  fields: readonly OpenField[],
  mask: PublicMask,
): PassThrough {
  const out = new PassThrough()
  const write = async () => {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false })
    // Sheet names are at most 31 characters and may not hold []:*?/\.
    const sheet = book.addWorksheet(name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'data')
    sheet.addRow(fields.map((f) => f.name)).commit()
    for await (const rows of maskedChunks(db, dataKey, fields, mask)) {
      for (const r of rows) sheet.addRow(fields.map((f) => r[f.code] ?? null)).commit()
      if (out.writableNeedDrain) await once(out, 'drain')
    }
    sheet.commit()
    await book.commit()
  }
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))))
  return out
}

/**
 * The download body as a stream; reading starts when the stream is consumed. `key` is the datastore key served
 * (the resource id for hosted data, the mirror's copy for an external mount).
 */
export function downloadStream(
  db: Db,
  format: DownloadFormat,
  resource: { key: string; name: string; fields: readonly OpenField[] },
  mask: PublicMask,
): Readable {
  if (format === 'xlsx') return xlsxStream(db, resource.key, resource.name, resource.fields, mask)
  const source = format === 'csv' ? csvLines : jsonText
  return Readable.from(source(db, resource.key, resource.fields, mask), { objectMode: false })
}

/** RFC 6266 file name: ASCII fallback plus the UTF-8 name. */
export function contentDisposition(code: string, name: string, format: DownloadFormat): string {
  const ascii = `${code.replace(/[^0-9A-Za-z]+/g, '_')}.${format}`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`
}
