/**
 * Runs a compiled query read-only under a statement timeout, then shapes what may leave: groups smaller than k
 * are dropped (and counted), and with an epsilon every aggregate gets Laplace noise whose scale the query fixes
 * (counts, clamped sums and avgs: dp.ts) — never the data.
 */
import { CompiledQuery as KyselyQuery, sql } from 'kysely'
import type { Db, Trx } from '../../platform/db/index.ts'
import { quoteIdent } from '../datastore/index.ts'
import type { CompiledQuery } from './compile.ts'
import { type NoisePlan, noisyGroup, planNoise } from './dp.ts'
import { sandboxError } from './errors.ts'

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

function exactCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return String(value)
}

export interface ExecuteInput {
  readonly query: CompiledQuery
  readonly relation: string
  readonly k: number
  readonly epsilon: number | null
}

/** Reads in a read-only transaction: the uniqueness check, then the aggregates. */
export async function executeAggregate(db: Db, input: ExecuteInput): Promise<Shaped> {
  const { query, relation, k, epsilon } = input
  // Planned (and refused: min/max, unbounded sum/avg) before anything is read.
  const plan = epsilon === null ? null : planNoise(query, epsilon)
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx)
      await sql.raw(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`).execute(trx)
      await refuseUniqueGroups(trx, query, relation, k)
      const rows = await raw(trx, query.text, query.params)
      return plan === null ? shapeExact(query, rows, k) : shapeNoisy(query, rows, k, plan)
    })
  } catch (error) {
    if (isTimeout(error)) throw sandboxError('sandbox.timeout')
    throw error
  }
}

function shapeExact(q: CompiledQuery, rows: Row[], k: number): Shaped {
  const kept = rows.filter((r) => Number(r.__n) >= k)
  const out = kept.map((r) =>
    q.columns.map(({ key }) => {
      if (key.startsWith('g')) return exactCell(r[key])
      const a = q.aggregates[Number(key.slice(1))]
      return a?.fn === 'count' ? Number(r[key]) : exactCell(r[key])
    }),
  )
  return {
    columns: q.columns.map((c) => c.label),
    rows: out,
    // Without GROUP BY the one row is a group too: a total over fewer than k rows (even none) is withheld.
    suppressedGroups: rows.length - kept.length,
  }
}

/**
 * A noisy group is shown only when its exact size reaches k (the k rule holds whatever the noise) and its noisy
 * size does too, so a group just above k does not always appear with a small released count. How many groups
 * were withheld is not reported (0): the number of distinct group values present is itself exact data.
 */
function shapeNoisy(q: CompiledQuery, rows: Row[], k: number, plan: NoisePlan): Shaped {
  const out: Cell[][] = []
  for (const r of rows) {
    const { size, values } = noisyGroup(q, plan, r)
    if (Number(r.__n) < k || size < k) continue
    out.push(
      q.columns.map(({ key }) =>
        key.startsWith('g') ? exactCell(r[key]) : (values[Number(key.slice(1))] ?? null),
      ),
    )
  }
  return { columns: q.columns.map((c) => c.label), rows: out, suppressedGroups: 0 }
}
