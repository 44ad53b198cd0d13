/**
 * Files as the target: one gzip file per chunk (`part-000001.csv.gz`, `.jsonl.gz`) under
 * DATA_DIR/exchange/<job>/<run>/. A file is written to a temporary name, flushed and renamed into place, and only
 * then recorded (with the run's checkpoint) in the database. A crash before the record leaves at most an unlisted
 * file, which the resumed run overwrites with the same chunk; only recorded files are listed and downloadable.
 * Replicas must share DATA_DIR (or run exchanges and downloads on one node).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { ScanRow } from '../../datastore/index.ts'
import type { PlanColumn } from './plan.ts'
import type { FileFormat } from './tables.ts'

const gzipAsync = promisify(gzip)

export const FILE_NAME = /^part-(\d{6})\.(csv|jsonl)\.gz$/

export const fileName = (seq: number, format: FileFormat) =>
  `part-${String(seq).padStart(6, '0')}.${format}.gz`

export const runDir = (dataDir: string, jobId: string, runId: string) =>
  join(dataDir, 'exchange', jobId, runId)
export const jobDir = (dataDir: string, jobId: string) => join(dataDir, 'exchange', jobId)

type OutValue = string | number | boolean | null

/** PostgreSQL text → the value written to a file: numbers and booleans typed, times ISO 8601, bytes base64. */
export function outValue(column: PlanColumn, text: string | null): OutValue {
  if (text === null) return null
  if (column.mask) return text
  switch (column.dataType) {
    case 'integer': {
      const n = Number(text)
      return /^-?\d+$/.test(text) && Number.isSafeInteger(n) ? n : text
    }
    case 'boolean':
      return text === 't' ? true : text === 'f' ? false : text
    case 'datetime': {
      const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')
      const d = new Date(iso)
      return Number.isNaN(d.getTime()) ? text : d.toISOString()
    }
    case 'binary':
      return /^\\x[0-9a-f]*$/i.test(text) ? Buffer.from(text.slice(2), 'hex').toString('base64') : text
    default:
      // Decimals stay text: a JSON number would lose digits of numeric values.
      return text
  }
}

function csvCell(value: OutValue): string {
  if (value === null) return ''
  const s = String(value)
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The text of one chunk file: CSV with a header row of field codes, or one JSON object per line. */
export function chunkText(
  columns: readonly PlanColumn[],
  rows: readonly ScanRow[],
  format: FileFormat,
): string {
  const lines: string[] = []
  if (format === 'csv') lines.push(columns.map((c) => csvCell(c.code)).join(','))
  for (const row of rows) {
    if (format === 'csv') {
      lines.push(columns.map((c, i) => csvCell(outValue(c, row[i] ?? null))).join(','))
    } else {
      const object: Record<string, OutValue> = {}
      columns.forEach((c, i) => {
        object[c.code] = outValue(c, row[i] ?? null)
      })
      lines.push(JSON.stringify(object))
    }
  }
  return lines.length
    ? `${lines.join(format === 'csv' ? '\r\n' : '\n')}${format === 'csv' ? '\r\n' : '\n'}`
    : ''
}

export interface WrittenFile {
  readonly seq: number
  readonly name: string
  readonly rows: number
  readonly bytes: number
  readonly sm3: string
}

/** Writes chunk `seq` atomically (temporary file, flush, rename). */
export async function writeChunkFile(
  dir: string,
  seq: number,
  format: FileFormat,
  columns: readonly PlanColumn[],
  rows: readonly ScanRow[],
): Promise<WrittenFile> {
  await mkdir(dir, { recursive: true })
  const body = await gzipAsync(Buffer.from(chunkText(columns, rows, format), 'utf8'))
  const name = fileName(seq, format)
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(body)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(tmp, join(dir, name))
  return {
    seq,
    name,
    rows: rows.length,
    bytes: body.length,
    sm3: createHash('sm3').update(body).digest('hex'),
  }
}

/** Removes what a crashed writer left: temporary files and chunk files after the recorded ones. */
export async function sweepRunDir(dir: string, recordedChunks: number): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    const m = FILE_NAME.exec(name)
    if (name.endsWith('.tmp') || (m && Number(m[1]) > recordedChunks))
      await rm(join(dir, name), { force: true })
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}
