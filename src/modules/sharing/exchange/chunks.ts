/**
 * One chunk in key order: its end key first (the key of the N-th row after the previous end, or of the last row
 * when fewer remain), then every row strictly after the previous end and up to that key. Rows sharing a key value
 * (duplicates, or a resource without key fields ordered by its columns) therefore never straddle two chunks, and
 * the next chunk starts exactly after this one. The rows come as parsed text values, or as COPY text when the
 * source has a plain PostgreSQL connection and the caller can use it as is.
 */
import type { ScanKey, ScanRow, ScanSpec } from '../../datastore/index.ts'

export interface ChunkSource {
  nextEnd(
    spec: ScanSpec,
    after: ScanKey | null,
    limit: number,
  ): Promise<{ end: ScanKey; full: boolean } | null>
  rows(spec: ScanSpec, after: ScanKey | null, upTo: ScanKey): Promise<ScanRow[]>
  readonly copy: ((spec: ScanSpec, after: ScanKey | null, upTo: ScanKey) => Promise<Buffer>) | null
}

export type ChunkBody =
  | { readonly kind: 'rows'; readonly rows: ScanRow[] }
  | { readonly kind: 'copy'; readonly text: Buffer; readonly count: number }

export interface Chunk {
  readonly body: ChunkBody
  readonly count: number
  /** More rows may follow (the chunk reached the limit). */
  readonly full: boolean
  /** The chunk's end key: the next chunk starts strictly after it. */
  readonly key: ScanKey
}

/** Rows of COPY text: every row ends with a newline; newlines inside values are escaped. */
export function countLines(text: Buffer): number {
  let n = 0
  for (let at = text.indexOf(10); at !== -1; at = text.indexOf(10, at + 1)) n++
  return n
}

async function readRange(
  source: ChunkSource,
  spec: ScanSpec,
  after: ScanKey | null,
  next: { end: ScanKey; full: boolean },
  asCopy: boolean,
): Promise<Chunk> {
  if (asCopy && source.copy) {
    const text = await source.copy(spec, after, next.end)
    const count = countLines(text)
    return { body: { kind: 'copy', text, count }, count, full: next.full, key: next.end }
  }
  const rows = await source.rows(spec, after, next.end)
  return { body: { kind: 'rows', rows }, count: rows.length, full: next.full, key: next.end }
}

/** The single chunk after `after` (null: no rows remain). */
export async function readChunk(
  source: ChunkSource,
  spec: ScanSpec,
  after: ScanKey | null,
  limit: number,
  asCopy: boolean,
): Promise<Chunk | null> {
  const next = await source.nextEnd(spec, after, limit)
  return next ? readRange(source, spec, after, next, asCopy) : null
}

/**
 * Chunks one after another from `start`. End keys depend only on the previous end key, so the next end key is
 * looked up while the current chunk's rows are read; and the caller may ask for the next chunk while it writes
 * the current one. Reads never change anything, so reading ahead costs nothing on a crash.
 */
export function chunkReader(
  source: ChunkSource,
  spec: ScanSpec,
  start: ScanKey | null,
  limit: number,
  asCopy: boolean,
): () => Promise<Chunk | null> {
  let after = start
  const endAfter = (key: ScanKey | null) => {
    const p = source.nextEnd(spec, key, limit)
    p.catch(() => {})
    return p
  }
  let pendingEnd: Promise<{ end: ScanKey; full: boolean } | null> = endAfter(start)
  return async () => {
    const next = await pendingEnd
    if (!next) return null
    const from = after
    after = next.end
    pendingEnd = next.full ? endAfter(next.end) : Promise.resolve(null)
    return readRange(source, spec, from, next, asCopy)
  }
}
