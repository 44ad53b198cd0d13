/**
 * Runs a compiled query read-only under a statement timeout, then shapes what may leave: groups smaller than k
 * are dropped (and counted), and with an epsilon every aggregate gets Laplace noise scaled to its sensitivity.
 */
import { CompiledQuery as KyselyQuery, sql } from 'kysely'
import type { Db, Trx } from '../../platform/db/index.ts'
import { quoteIdent } from '../datastore/index.ts'
import type { CompiledQuery, OutputAggregate } from './compile.ts'
import { sandboxError } from './errors.ts'
import { laplace } from './noise.ts'

export type Cell = string | number | boolean | null

export interface Shaped {
  readonly columns: string[]
  readonly rows: Cell[][]
  readonly suppressedGroups: number
}

/** A group set whose distinct count is at least this share of the rows singles people out. */
const UNIQUE_SHARE = 0.9
const STATEMENT_TIMEOUT_MS = 5000

type Row = Record<string, unknown>

async function raw(trx: Trx, text: string, params: readonly unknown[] = []): Promise<Row[]> {
  const result = await trx.withoutPlugins().executeQuery<Row>(KyselyQuery.raw(text, [...params]))
  return [...result.rows]
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '57014'
}

async function refuseUniqueGroups(trx: Trx, q: CompiledQuery, relation: string, k: number): Promise<void> {
  if (q.groupColumns.length === 0) return
  const tuple = q.groupColumns.map(quoteIdent).join(', ')
  const [row] = await raw(
    trx,
    `select count(*)::bigint as n, count(distinct (${tuple}, 0))::bigint as d from ${relation}`,
  )
  const n = Number(row?.n ?? 0)
  const d = Number(row?.d ?? 0)
  if (n >= k && d >= UNIQUE_SHARE * n) throw sandboxError('sandbox.unique_group')
}

interface Range {
  readonly min: number
  readonly max: number
}

async function ranges(trx: Trx, q: CompiledQuery, relation: string): Promise<Map<string, Range>> {
  const cols = [
    ...new Set(q.aggregates.filter((a) => a.fn !== 'count' && a.column).map((a) => a.column ?? '')),
  ]
  const out = new Map<string, Range>()
  if (cols.length === 0) return out
  const parts = cols.flatMap((c, i) => [
    `min(${quoteIdent(c)})::float8 as "l${i}"`,
    `max(${quoteIdent(c)})::float8 as "h${i}"`,
  ])
  const [row] = await raw(trx, `select ${parts.join(', ')} from ${relation}`)
  cols.forEach((c, i) => {
    out.set(c, { min: Number(row?.[`l${i}`] ?? 0), max: Number(row?.[`h${i}`] ?? 0) })
  })
  return out
}

/** How much one person can move the aggregate, bounded by the column's range over the whole table. */
function sensitivity(a: OutputAggregate, range: Range | undefined, n: number): number {
  if (a.fn === 'count') return 1
  if (!range) return 1
  const span = Math.max(range.max - range.min, 1e-9)
  if (a.fn === 'sum') return Math.max(Math.abs(range.min), Math.abs(range.max), 1e-9)
  if (a.fn === 'avg') return span / Math.max(n, 1)
  return span
}

function exactCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return String(value)
}

function noisyCell(a: OutputAggregate, value: unknown, scale: number): Cell {
  if (value === null || value === undefined) return null
  const noisy = Number(value) + laplace(scale)
  if (a.fn === 'count') return Math.max(0, Math.round(noisy))
  return Math.round(noisy * 100) / 100
}

export interface ExecuteInput {
  readonly query: CompiledQuery
  readonly relation: string
  readonly k: number
  readonly epsilon: number | null
}

/** Reads in a read-only transaction: the uniqueness check, column ranges for noise, and the aggregates. */
export async function executeAggregate(db: Db, input: ExecuteInput): Promise<Shaped> {
  const { query, relation, k, epsilon } = input
  if (epsilon !== null && query.aggregates.some((a) => a.fn !== 'count' && !a.numeric))
    throw sandboxError('sandbox.column_unknown', {
      detail: {
        en: 'With noise, only numeric columns can be summed or ranged',
        zh: '加噪查询只能对数值型数据项求和、求均值或极值',
      },
    })
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx)
      await sql.raw(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`).execute(trx)
      await refuseUniqueGroups(trx, query, relation, k)
      const range = epsilon === null ? new Map<string, Range>() : await ranges(trx, query, relation)
      const rows = await raw(trx, query.text, query.params)
      return shape(query, rows, k, epsilon, range)
    })
  } catch (error) {
    if (isTimeout(error)) throw sandboxError('sandbox.timeout')
    throw error
  }
}

function shape(
  q: CompiledQuery,
  rows: Row[],
  k: number,
  epsilon: number | null,
  range: Map<string, Range>,
): Shaped {
  const kept = rows.filter((r) => Number(r.__n) >= k)
  const perAggregate = epsilon === null ? null : epsilon / q.aggregates.length
  const out = kept.map((r) => {
    const n = Number(r.__n)
    return q.columns.map(({ key }) => {
      if (key.startsWith('g')) return exactCell(r[key])
      const a = q.aggregates[Number(key.slice(1))]
      if (!a) return null
      if (perAggregate === null) return a.fn === 'count' ? Number(r[key]) : exactCell(r[key])
      const scale = sensitivity(a, a.column ? range.get(a.column) : undefined, n) / perAggregate
      return noisyCell(a, r[key], scale)
    })
  })
  return {
    columns: q.columns.map((c) => c.label),
    rows: out,
    // Without GROUP BY the one row is a group too: a total over fewer than k rows (even none) is withheld.
    suppressedGroups: rows.length - kept.length,
  }
}
