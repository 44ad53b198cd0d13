/**
 * Chunked keyset reads over a table, for batch exchange. The sort key orders the rows (ascending, NULLs first);
 * a chunk is every row strictly after the previous chunk's end key and up to and including its own end key: the
 * key of the N-th row (scanBoundaryQuery), or of the last row when fewer remain (scanEndQuery). Rows sharing a key
 * value are therefore never split between chunks, and a reader can stop after any chunk and resume strictly after
 * its end key. Rows inside a chunk come in no particular order (the planner may use a bitmap scan). Values are
 * PostgreSQL text (null for NULL), either as rows or, on a plain `pg` connection, as COPY text (no per-value
 * parsing in Node).
 * The SQL builders work on any table (the sharing module also reads external PostgreSQL sources with them); the
 * datastore functions below run them on a hosted resource table.
 */
import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Db } from '../../platform/db/index.ts'
import { liveTable, qualified, rawQuery, tableColumns } from './store.ts'
import { type ColumnType, quoteIdent, SQL_TYPES } from './values.ts'

export interface ScanColumn {
  /** The column's name in the table. */
  readonly name: string
  readonly dataType: ColumnType
}

export interface ScanFilter {
  /** Only rows whose column, as text, starts with `prefix` (region codes: 4303 → Xiangtan). */
  readonly prefix?: { readonly column: ScanColumn; readonly prefix: string } | undefined
  /** Only rows whose column is greater than `value` (an incremental run's last watermark). */
  readonly above?: { readonly column: ScanColumn; readonly value: string } | undefined
  /** Only rows whose column is at most `value`; rows where it is NULL too when `includeNull`. */
  readonly upTo?:
    | { readonly column: ScanColumn; readonly value: string; readonly includeNull: boolean }
    | undefined
}

export interface ScanSpec {
  /** Returned, in this order, as text. */
  readonly columns: readonly ScanColumn[]
  /** The sort key; its columns not among `columns` are returned after them. */
  readonly order: readonly ScanColumn[]
  readonly filter: ScanFilter
}

export type ScanRow = (string | null)[]
export type ScanKey = readonly (string | null)[]

export interface ScanQuery {
  readonly text: string
  readonly params: unknown[]
}

/** The returned columns: the spec's columns, then any sort-key column not among them. */
function outputNames(spec: ScanSpec): string[] {
  const names = spec.columns.map((c) => c.name)
  for (const o of spec.order) if (!names.includes(o.name)) names.push(o.name)
  return names
}

/**
 * Values go in as bind parameters, or (COPY takes no parameters) as escaped literals: E'…' with backslashes and
 * quotes doubled is exact whatever standard_conforming_strings says.
 */
class Params {
  readonly values: unknown[] = []
  constructor(readonly literal = false) {}
  add(value: string | number, type: string): string {
    if (this.literal) return `E'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'::${type}`
    this.values.push(value)
    return `$${this.values.length}::${type}`
  }
  of(value: string, column: ScanColumn): string {
    return this.add(value, SQL_TYPES[column.dataType])
  }
}

function filterSql(filter: ScanFilter, p: Params): string[] {
  const out: string[] = []
  if (filter.prefix)
    out.push(
      `starts_with(${quoteIdent(filter.prefix.column.name)}::text, ${p.add(filter.prefix.prefix, 'text')})`,
    )
  if (filter.above)
    out.push(`${quoteIdent(filter.above.column.name)} > ${p.of(filter.above.value, filter.above.column)}`)
  if (filter.upTo) {
    const col = quoteIdent(filter.upTo.column.name)
    const cmp = `${col} <= ${p.of(filter.upTo.value, filter.upTo.column)}`
    out.push(filter.upTo.includeNull ? `(${cmp} or ${col} is null)` : cmp)
  }
  return out
}

/**
 * Strictly after the key in (ascending, NULLs first) order. Comparisons with a NULL column give NULL where the
 * order says "before", so the whole test is read as false then (coalesce).
 */
function afterSql(order: readonly ScanColumn[], key: ScanKey, p: Params): string {
  const alternatives: string[] = []
  for (let i = 0; i < order.length; i++) {
    const parts: string[] = []
    for (let j = 0; j <= i; j++) {
      const column = order[j] as ScanColumn
      const v = key[j] ?? null
      const col = quoteIdent(column.name)
      if (j < i) parts.push(v === null ? `${col} is null` : `${col} = ${p.of(v, column)}`)
      else parts.push(v === null ? `${col} is not null` : `${col} > ${p.of(v, column)}`)
    }
    alternatives.push(`(${parts.join(' and ')})`)
  }
  return `coalesce(${alternatives.join(' or ')}, false)`
}

/**
 * A range on the first key column lets the planner read the index between the two keys. After a non-null first
 * value no NULL can follow (NULLs sort first), so the upper bound is a plain comparison there.
 */
function leadingRange(order: readonly ScanColumn[], after: ScanKey | null, upTo: ScanKey | null, p: Params) {
  const first = order[0]
  if (!first) return []
  const col = quoteIdent(first.name)
  const out: string[] = []
  const a = after?.[0] ?? null
  const b = upTo?.[0] ?? null
  if (after && a !== null) out.push(`${col} >= ${p.of(a, first)}`)
  if (upTo) {
    if (b === null) out.push(`${col} is null`)
    else if (after && a !== null) out.push(`${col} <= ${p.of(b, first)}`)
    else out.push(`(${col} <= ${p.of(b, first)} or ${col} is null)`)
  }
  return out
}

function rangeParts(spec: ScanSpec, after: ScanKey | null, upTo: ScanKey | null, p: Params): string[] {
  const parts = filterSql(spec.filter, p)
  if (!spec.order.length) return parts
  parts.push(...leadingRange(spec.order, after, upTo, p))
  if (after) parts.push(afterSql(spec.order, after, p))
  if (upTo) parts.push(`not ${afterSql(spec.order, upTo, p)}`)
  return parts
}

const orderBy = (order: readonly ScanColumn[], dir: 'asc nulls first' | 'desc nulls last') =>
  order.length ? ` order by ${order.map((c) => `${quoteIdent(c.name)} ${dir}`).join(', ')}` : ''

const where = (parts: readonly string[]) => (parts.length ? ` where ${parts.join(' and ')}` : '')

const keyList = (spec: ScanSpec) =>
  spec.order.map((c, i) => `${quoteIdent(c.name)}::text as k${i}`).join(', ')

/** The key of the `limit`-th row after `after`: the end of the next full chunk (no row: fewer remain). */
export function scanBoundaryQuery(
  table: string,
  spec: ScanSpec,
  after: ScanKey | null,
  limit: number,
): ScanQuery {
  const p = new Params()
  const parts = rangeParts(spec, after, null, p)
  const offset = p.add(Math.max(0, Math.floor(limit) - 1), 'bigint')
  return {
    text: `select ${keyList(spec)} from ${table}${where(parts)}${orderBy(spec.order, 'asc nulls first')} limit 1 offset ${offset}`,
    params: p.values,
  }
}

/** The key of the last row after `after`: the end of the final chunk (no row: nothing remains). */
export function scanEndQuery(table: string, spec: ScanSpec, after: ScanKey | null): ScanQuery {
  const p = new Params()
  const parts = rangeParts(spec, after, null, p)
  return {
    text: `select ${keyList(spec)} from ${table}${where(parts)}${orderBy(spec.order, 'desc nulls last')} limit 1`,
    params: p.values,
  }
}

/** The rows after `after` up to and including `upTo`, as text columns (in no particular order). */
export function scanRangeQuery(
  table: string,
  spec: ScanSpec,
  after: ScanKey | null,
  upTo: ScanKey,
): ScanQuery {
  const p = new Params()
  const parts = rangeParts(spec, after, upTo, p)
  const list = outputNames(spec)
    .map((n, i) => `${quoteIdent(n)}::text as c${i}`)
    .join(', ')
  return { text: `select ${list} from ${table}${where(parts)}`, params: p.values }
}

/** The same range as a COPY … TO STDOUT statement (values inlined as literals). */
export function scanCopyStatement(
  table: string,
  spec: ScanSpec,
  after: ScanKey | null,
  upTo: ScanKey,
): string {
  const p = new Params(true)
  const parts = rangeParts(spec, after, upTo, p)
  const list = outputNames(spec).map(quoteIdent).join(', ')
  return `copy (select ${list} from ${table}${where(parts)}) to stdout`
}

export function scanCountQuery(table: string, spec: ScanSpec): ScanQuery {
  const p = new Params()
  const parts = filterSql(spec.filter, p)
  return { text: `select count(*)::text as n from ${table}${where(parts)}`, params: p.values }
}

/** The largest value of `column` among the filtered rows, as text (an incremental run's upper bound). */
export function scanMaxQuery(table: string, spec: ScanSpec, column: ScanColumn): ScanQuery {
  const p = new Params()
  const parts = filterSql(spec.filter, p)
  return {
    text: `select max(${quoteIdent(column.name)})::text as m from ${table}${where(parts)}`,
    params: p.values,
  }
}

/** The bit of pg's Connection a submittable drives. */
interface CopyConnection {
  query(text: string): void
  sendCopyFail(message: string): void
}

/** COPY … TO STDOUT collected into one buffer (the protocol part pg-copy-streams implements). */
class CopyOut {
  readonly text: string
  callback: ((err: Error | null) => void) | undefined
  // pg hands each row as a view into its reusable read buffer: the bytes are copied out at once.
  #buffer: Buffer
  #length = 0
  #error: Error | null = null
  #done = false

  constructor(text: string, into: Buffer | undefined, callback: (err: Error | null) => void) {
    this.text = text
    this.#buffer = into ?? Buffer.allocUnsafe(1 << 20)
    this.callback = callback
  }

  #finish(err: Error | null): void {
    if (this.#done) return
    this.#done = true
    this.callback?.(err)
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text)
  }
  handleCopyData(message: { chunk: Buffer }): void {
    const need = this.#length + message.chunk.length
    if (need > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.#buffer.length * 2))
      this.#buffer.copy(grown, 0, 0, this.#length)
      this.#buffer = grown
    }
    message.chunk.copy(this.#buffer, this.#length)
    this.#length = need
  }
  get storage(): Buffer {
    return this.#buffer
  }
  get length(): number {
    return this.#length
  }
  handleError(err: Error): void {
    this.#error = err
    this.#finish(err)
  }
  handleReadyForQuery(): void {
    this.#finish(this.#error)
  }
  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFail('not a COPY FROM')
  }
  handleCopyOutResponse(): void {}
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

/** Where COPY text lands: `storage` may be a larger buffer than `text` (it can be handed back as `into`). */
export interface CopyText {
  readonly text: Buffer
  readonly storage: Buffer
}

/**
 * Runs a COPY … TO STDOUT on a plain pg client; the rows come back as COPY text, one line each. `into` is storage
 * to fill (grown when too small): a caller reading chunk after chunk recycles its buffers instead of leaving
 * megabytes of garbage per chunk.
 */
export function copyOut(client: pg.Client, statement: string, into?: Buffer): Promise<CopyText> {
  return new Promise((resolve, reject) => {
    const query = new CopyOut(statement, into, (err) =>
      err ? reject(err) : resolve({ text: query.storage.subarray(0, query.length), storage: query.storage }),
    )
    // The submittable interface is untyped in @types/pg; the client only calls the methods above.
    ;(client as unknown as { query(q: CopyOut): unknown }).query(query)
  })
}

function toRows(rows: readonly Record<string, unknown>[], width: number): ScanRow[] {
  const out: ScanRow[] = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>
    const cells: ScanRow = new Array(width)
    for (let c = 0; c < width; c++) {
      const v = row[`c${c}`]
      cells[c] = v === null || v === undefined ? null : String(v)
    }
    out[r] = cells
  }
  return out
}

const hosted = (resourceId: string) => qualified(liveTable(resourceId))

/** Whether the resource has a hosted table with every column the scan names. */
export async function datastoreScannable(db: Db, resourceId: string, spec: ScanSpec): Promise<boolean> {
  const present = await tableColumns(db, liveTable(resourceId))
  return [...spec.columns, ...spec.order].every((c) => present.has(c.name))
}

/** The key columns (k0, k1, …) of a boundary or end query's row. */
function scanKeyOf(spec: ScanSpec, row: Readonly<Record<string, unknown>> | undefined): ScanKey | null {
  if (!row) return null
  return spec.order.map((_, i) => {
    const v = row[`k${i}`]
    return v === null || v === undefined ? null : String(v)
  })
}

/** The end key of the next chunk: the `limit`-th row's key, else the last row's key, else null (no rows). */
export async function datastoreScanNextEnd(
  db: Db,
  resourceId: string,
  spec: ScanSpec,
  after: ScanKey | null,
  limit: number,
): Promise<{ end: ScanKey; full: boolean } | null> {
  const b = scanBoundaryQuery(hosted(resourceId), spec, after, limit)
  const boundary = scanKeyOf(spec, (await rawQuery<Record<string, unknown>>(db, b.text, b.params))[0])
  if (boundary) return { end: boundary, full: true }
  const e = scanEndQuery(hosted(resourceId), spec, after)
  const end = scanKeyOf(spec, (await rawQuery<Record<string, unknown>>(db, e.text, e.params))[0])
  return end ? { end, full: false } : null
}

export async function datastoreScanRange(
  db: Db,
  resourceId: string,
  spec: ScanSpec,
  after: ScanKey | null,
  upTo: ScanKey,
): Promise<ScanRow[]> {
  const q = scanRangeQuery(hosted(resourceId), spec, after, upTo)
  return toRows(await rawQuery(db, q.text, q.params), outputNames(spec).length)
}

/** The range as COPY text, on a plain pg client connected to the platform's database. */
export async function datastoreCopyRange(
  client: pg.Client,
  resourceId: string,
  spec: ScanSpec,
  after: ScanKey | null,
  upTo: ScanKey,
  into?: Buffer,
): Promise<CopyText> {
  return copyOut(client, scanCopyStatement(hosted(resourceId), spec, after, upTo), into)
}

export async function datastoreScanCount(db: Db, resourceId: string, spec: ScanSpec): Promise<number> {
  const q = scanCountQuery(hosted(resourceId), spec)
  const [row] = await rawQuery<{ n: string }>(db, q.text, q.params)
  return Number(row?.n ?? 0)
}

export async function datastoreScanMax(
  db: Db,
  resourceId: string,
  spec: ScanSpec,
  column: ScanColumn,
): Promise<string | null> {
  const q = scanMaxQuery(hosted(resourceId), spec, column)
  const [row] = await rawQuery<{ m: string | null }>(db, q.text, q.params)
  return row?.m ?? null
}

/**
 * An index on the sort key (ascending, NULLs first), so each chunk is a short index range scan instead of a sort
 * of the whole table. Hosted tables are replaced on every load, so callers ask again before each run; the name
 * is derived from the columns, which makes the call idempotent. PostgreSQL indexes at most 32 columns: a longer
 * key is indexed on its first 32, which still orders the scan.
 */
export async function ensureDatastoreScanIndex(
  db: Db,
  resourceId: string,
  order: readonly ScanColumn[],
): Promise<void> {
  if (order.length === 0) return
  const table = liveTable(resourceId)
  const columns = order.slice(0, 32).map((c) => c.name)
  const tag = createHash('sha256').update(columns.join('\u0000')).digest('hex').slice(0, 8)
  const name = `ex_${table.slice(2)}_${tag}`
  const list = columns.map((c) => `${quoteIdent(c)} asc nulls first`).join(', ')
  try {
    await rawQuery(db, `create index if not exists ${quoteIdent(name)} on ${qualified(table)} (${list})`)
  } catch (error) {
    // Two runs starting at once may race on the catalog entry; the other one's index serves as well.
    const code = (error as { code?: unknown }).code
    if (code !== '23505' && code !== '42P07') throw error
  }
}
