/**
 * Keyed reads of a resource's data table for the sharing gateway: point lookups by a key column (many keys in one
 * statement), filtered or paged scans in physical (ctid) order, and the indexes that make key lookups cheap.
 * Positions are ctid values: loads replace the whole table, so a position is stable for the table's lifetime,
 * and `version` (the table's oid) tells a caller when the table was replaced.
 */

import { sm3 } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { type CellValue, toCell } from './preview.ts'
import { liveTable, qualified, rawQuery } from './store.ts'
import { type ColumnType, quoteIdent, SQL_TYPES } from './values.ts'

export interface DatastoreTableInfo {
  /** Changes whenever a load swaps in a new table. */
  readonly version: string
  readonly columns: ReadonlySet<string>
}

export interface KeyColumn {
  readonly code: string
  readonly dataType: ColumnType
}

export interface RowScopeFilter {
  /** Column holding a region code. */
  readonly column: string
  /** Region prefix (e.g. '4303'): rows whose value starts with it. */
  readonly prefix: string
}

export interface RowSpec {
  readonly resourceId: string
  /** Columns to return; each must exist in the table. */
  readonly columns: readonly string[]
  readonly scope: RowScopeFilter | null
}

export interface FoundRow {
  /** The lookup key the row matched (lookupByKeys only). */
  readonly key?: string
  /** Opaque position for paging (ctid). */
  readonly position: string
  readonly cells: Record<string, CellValue>
}

const POSITION_RE = /^\((\d{1,10}),(\d{1,5})\)$/
/** Pages read per statement of an unfiltered scan, and at most per call, so one call stays bounded. */
const SCAN_WINDOW_PAGES = 64
const SCAN_MAX_PAGES = 4096

export function isPosition(value: string): boolean {
  return POSITION_RE.test(value)
}

export async function datastoreTableInfo(db: Db, resourceId: string): Promise<DatastoreTableInfo | null> {
  const rows = await rawQuery<{ version: string; column_name: string }>(
    db,
    `select c.oid::text as version, a.attname as column_name
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'datastore' and c.relname = $1`,
    [liveTable(resourceId)],
  )
  const first = rows[0]
  if (!first) return null
  return { version: first.version, columns: new Set(rows.map((r) => r.column_name)) }
}

/**
 * Makes sure each key column leads some index of the table (a fresh load swaps in a table without indexes).
 * Returns the columns it indexed. Safe to race with another replica doing the same.
 */
export async function ensureKeyIndexes(
  db: Db,
  resourceId: string,
  columns: readonly string[],
): Promise<string[]> {
  const table = liveTable(resourceId)
  const indexed = await rawQuery<{ column_name: string }>(
    db,
    `select a.attname as column_name
       from pg_index i
       join pg_class c on c.oid = i.indrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
      where n.nspname = 'datastore' and c.relname = $1`,
    [table],
  )
  const have = new Set(indexed.map((r) => r.column_name))
  const made: string[] = []
  for (const column of columns) {
    if (have.has(column)) continue
    const name = `gw_${table.slice(2)}_${sm3(column).slice(0, 8)}`
    try {
      await rawQuery(
        db,
        `create index if not exists ${quoteIdent(name)} on ${qualified(table)} (${quoteIdent(column)})`,
      )
      made.push(column)
    } catch (error) {
      // Another replica created it in the same instant (unique violation on the catalog): that is fine.
      if ((error as { code?: string }).code !== '23505') throw error
    }
  }
  return made
}

function selectList(columns: readonly string[]): string {
  return ['ctid::text as "_p"', ...columns.map((c, i) => `${quoteIdent(c)} as "c${i}"`)].join(', ')
}

function toFound(columns: readonly string[], row: Record<string, unknown>): FoundRow {
  const cells: Record<string, CellValue> = {}
  for (let i = 0; i < columns.length; i++) cells[columns[i] as string] = toCell(row[`c${i}`])
  const key = row._k
  return typeof key === 'string'
    ? { key, position: String(row._p), cells }
    : { position: String(row._p), cells }
}

const castOf = (type: ColumnType) => (type === 'string' ? '' : `::${SQL_TYPES[type]}`)

/**
 * Rows for many keys of one key column in one statement (the gateway batches concurrent point lookups), at most
 * `limitPerKey` rows per key in position order. Key values must already be valid for the column type.
 */
export async function lookupByKeys(
  db: Db,
  spec: RowSpec & { readonly key: KeyColumn; readonly limitPerKey: number },
  keys: readonly string[],
): Promise<FoundRow[]> {
  if (keys.length === 0) return []
  const params: unknown[] = [keys, spec.limitPerKey]
  let scope = ''
  if (spec.scope) {
    params.push(`${spec.scope.prefix}%`)
    scope = ` and ${quoteIdent(spec.scope.column)}::text like $3`
  }
  const text =
    `select k.v as "_k", t.* from unnest($1::text[]) as k(v) cross join lateral (` +
    `select ${selectList(spec.columns)} from ${qualified(liveTable(spec.resourceId))} ` +
    `where ${quoteIdent(spec.key.code)} = k.v${castOf(spec.key.dataType)}${scope} order by ctid limit $2) as t`
  const rows = await rawQuery<Record<string, unknown>>(db, text, params)
  return rows.map((r) => toFound(spec.columns, r))
}

/**
 * One page of rows in position order after `after` (exclusive), optionally filtered by equality on key columns.
 * Returns up to `limit + 1` rows so the caller knows whether more follow; an unfiltered scan reads at most
 * SCAN_MAX_PAGES pages per call and then says where to resume (`resumeAt`) even with fewer rows.
 */
export async function scanRows(
  db: Db,
  spec: RowSpec & {
    readonly filters: readonly { readonly column: KeyColumn; readonly value: string }[]
    readonly after: string | null
    readonly limit: number
  },
): Promise<{ rows: FoundRow[]; resumeAt: string | null }> {
  if (spec.after !== null && !isPosition(spec.after)) throw new Error('datastore: bad position')
  const table = qualified(liveTable(spec.resourceId))
  const params: unknown[] = []
  const where: string[] = []
  const param = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  for (const f of spec.filters) {
    where.push(`${quoteIdent(f.column.code)} = ${param(f.value)}${castOf(f.column.dataType)}`)
  }
  if (spec.scope) where.push(`${quoteIdent(spec.scope.column)}::text like ${param(`${spec.scope.prefix}%`)}`)
  const select = `select ${selectList(spec.columns)} from ${table}`
  if (spec.filters.length > 0) {
    if (spec.after) where.push(`ctid > ${param(spec.after)}::tid`)
    const text = `${select} where ${where.join(' and ')} order by ctid limit ${param(spec.limit + 1)}`
    const rows = await rawQuery<Record<string, unknown>>(db, text, params)
    return { rows: rows.map((r) => toFound(spec.columns, r)), resumeAt: null }
  }
  // Unfiltered: walk the heap in windows of pages. `order by ctid` over a whole table would sort all of it;
  // a bounded TID range sorts one window only.
  const [size] = await rawQuery<{ pages: number | string }>(
    db,
    `select (pg_relation_size($1::regclass) / current_setting('block_size')::int) as pages`,
    [`datastore.${liveTable(spec.resourceId)}`],
  )
  const pages = Number(size?.pages ?? 0)
  const found: FoundRow[] = []
  let lower = spec.after ?? '(0,0)'
  let page = Number(POSITION_RE.exec(lower)?.[1] ?? 0)
  const stop = page + SCAN_MAX_PAGES
  while (found.length < spec.limit + 1 && page <= pages) {
    const upper = `(${page + SCAN_WINDOW_PAGES},0)`
    const base = params.length
    const conds = [...where, `ctid > $${base + 1}::tid`, `ctid < $${base + 2}::tid`]
    const text = `${select} where ${conds.join(' and ')} order by ctid limit $${base + 3}`
    const rows = await rawQuery<Record<string, unknown>>(db, text, [
      ...params,
      lower,
      upper,
      spec.limit + 1 - found.length,
    ])
    for (const r of rows) found.push(toFound(spec.columns, r))
    page += SCAN_WINDOW_PAGES
    lower = `(${page},0)`
    if (page >= stop && page <= pages && found.length < spec.limit + 1)
      return { rows: found, resumeAt: lower }
  }
  return { rows: found, resumeAt: null }
}
