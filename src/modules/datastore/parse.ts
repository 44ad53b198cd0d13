/**
 * Streaming readers for uploaded data files. Each turns a byte stream into records one at a time, so a file of
 * a million rows never sits in memory. `row` is the record's number in the file (the header is row 1; for
 * spreadsheets the sheet's own row number).
 */
import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'

export type FileFormat = 'csv' | 'xlsx' | 'jsonl'
export type TextEncoding = 'utf8' | 'gbk'

export type SourceRecord =
  | { readonly row: number; readonly cells: readonly unknown[] }
  | { readonly row: number; readonly object: Readonly<Record<string, unknown>> }
  | { readonly row: number; readonly problem: { readonly message: string; readonly messageZh: string } }

/** The file cannot be read at all (broken zip, unterminated quote, wrong encoding). */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
    readonly row: number | null = null,
  ) {
    super(message)
    this.name = 'FileFormatError'
  }
}

/** Decodes bytes to text chunk by chunk; a character split across chunks is kept for the next one. */
async function* decode(stream: Readable, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'gbk' ? 'gbk' : 'utf-8', { fatal: true })
  let first = true
  try {
    for await (const chunk of stream) {
      let text = decoder.decode(chunk as Uint8Array, { stream: true })
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
        first = false
      }
      if (text) yield text
    }
    const rest = decoder.decode()
    if (rest) yield rest
  } catch (err) {
    // TextDecoder refuses bad bytes with a TypeError; anything else is the upload stream itself failing.
    if (!(err instanceof TypeError))
      throw new FileFormatError('the upload ended early or is malformed', '上传内容不完整或格式错误')
    throw new FileFormatError(
      `the file is not valid ${encoding === 'gbk' ? 'GBK' : 'UTF-8'} text`,
      encoding === 'gbk'
        ? '文件不是合法的 GBK 文本'
        : '文件不是合法的 UTF-8 文本（GBK 编码请指定 encoding=gbk）',
    )
  }
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF, LF or CR end a record. */
export async function* readCsv(
  stream: Readable,
  encoding: TextEncoding = 'utf8',
): AsyncGenerator<SourceRecord> {
  let field = ''
  let record: string[] = []
  let inQuotes = false
  let afterQuote = false
  let skipLf = false
  let row = 1
  const endRecord = (): SourceRecord | null => {
    record.push(field)
    field = ''
    const done = record
    record = []
    const r = row++
    // A blank line is not a record.
    if (done.length === 1 && done[0] === '') return null
    return { row: r, cells: done }
  }
  for await (const text of decode(stream, encoding)) {
    let start = 0
    const n = text.length
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i)
      if (skipLf) {
        skipLf = false
        if (c === LF) {
          start = i + 1
          continue
        }
      }
      if (inQuotes) {
        if (c === QUOTE) {
          field += text.slice(start, i)
          inQuotes = false
          afterQuote = true
          start = i + 1
        }
        continue
      }
      if (afterQuote) {
        if (c === QUOTE) {
          // A doubled quote inside a quoted field.
          field += '"'
          inQuotes = true
          afterQuote = false
          start = i + 1
          continue
        }
        if (c !== COMMA && c !== LF && c !== CR)
          throw new FileFormatError(
            `row ${row}: text after a closing quote`,
            `第 ${row} 行：引号结束后还有多余字符`,
            row,
          )
        afterQuote = false
      }
      if (c === COMMA) {
        field += text.slice(start, i)
        record.push(field)
        field = ''
        start = i + 1
      } else if (c === LF || c === CR) {
        field += text.slice(start, i)
        start = i + 1
        if (c === CR) skipLf = true
        const rec = endRecord()
        if (rec) yield rec
      } else if (c === QUOTE && field === '' && start === i) {
        inQuotes = true
        start = i + 1
      }
    }
    field += text.slice(start)
  }
  if (inQuotes)
    throw new FileFormatError(`row ${row}: a quoted field is not closed`, `第 ${row} 行：引号未闭合`, row)
  if (field !== '' || record.length > 0) {
    const rec = endRecord()
    if (rec) yield rec
  }
}

/** JSON Lines: one JSON object per line; a line that is not an object is a row problem, not a fatal one. */
export async function* readJsonl(
  stream: Readable,
  encoding: TextEncoding = 'utf8',
): AsyncGenerator<SourceRecord> {
  let rest = ''
  let row = 0
  const parse = (line: string): SourceRecord | null => {
    row++
    if (line.trim() === '') return null
    try {
      const value: unknown = JSON.parse(line)
      if (value && typeof value === 'object' && !Array.isArray(value))
        return { row, object: value as Record<string, unknown> }
      return { row, problem: { message: 'is not a JSON object', messageZh: '不是 JSON 对象' } }
    } catch {
      return { row, problem: { message: 'is not valid JSON', messageZh: '不是合法的 JSON' } }
    }
  }
  for await (const text of decode(stream, encoding)) {
    rest += text
    let nl = rest.indexOf('\n')
    let start = 0
    while (nl !== -1) {
      const rec = parse(rest.slice(start, nl).replace(/\r$/, ''))
      if (rec) yield rec
      start = nl + 1
      nl = rest.indexOf('\n', start)
    }
    rest = rest.slice(start)
  }
  const rec = parse(rest.replace(/\r$/, ''))
  if (rec) yield rec
}

/** XLSX: the first worksheet, read row by row with the streaming reader (shared strings are cached). */
export async function* readXlsx(stream: Readable): AsyncGenerator<SourceRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  try {
    for await (const sheet of reader) {
      for await (const r of sheet) {
        const values = Array.isArray(r.values) ? r.values.slice(1) : []
        yield { row: r.number, cells: Array.from(values, (v) => (v === undefined ? null : v)) }
      }
      return
    }
  } catch (err) {
    if (err instanceof FileFormatError) throw err
    throw new FileFormatError('the file is not a readable XLSX workbook', '文件不是可读取的 XLSX 工作簿')
  }
}

export function readRecords(
  stream: Readable,
  format: FileFormat,
  encoding: TextEncoding = 'utf8',
): AsyncGenerator<SourceRecord> {
  if (format === 'csv') return readCsv(stream, encoding)
  if (format === 'jsonl') return readJsonl(stream, encoding)
  return readXlsx(stream)
}
