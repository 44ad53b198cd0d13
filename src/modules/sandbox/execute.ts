/**
 * Runs a compiled query read-only under a statement timeout, on the hosted table or on the external mount's
 * server (external.ts), then shapes what may leave: groups smaller than k are dropped (and counted), and with an
 * epsilon every aggregate gets Laplace noise whose scale the query fixes (counts, clamped sums and avgs: dp.ts) —
 * never the data.
 */
import { CompiledQuery as KyselyQuery, sql } from 'kysely'
import type { Config } from '../../platform/config.ts'
import type { Db } from '../../platform/db/index.ts'
import type { CompiledQuery } from './compile.ts'
import { type NoisePlan, noisyGroup, planNoise } from './dp.ts'
import { sandboxError } from './errors.ts'
import { externalAggregates } from './external.ts'
import { isTimeout, type Reader, type Row, readAggregates, STATEMENT_TIMEOUT_MS } from './read.ts'
import type { SandboxSource } from './source.ts'

export type Cell = string | number | boolean | null

export interface Shaped {
  readonly columns: string[]
  readonly rows: Cell[][]
  readonly suppressedGroups: number
}

async function hostedAggregates(db: Db, query: CompiledQuery, relation: string, k: number): Promise<Row[]> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set transaction read only`.execute(trx)
      await sql.raw(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`).execute(trx)
      const read: Reader = async (text, params = []) => {
        const result = await trx.withoutPlugins().executeQuery<Row>(KyselyQuery.raw(text, [...params]))
        return [...result.rows]
      }
      return readAggregates(read, query, relation, k)
    })
  } catch (error) {
    if (isTimeout(error)) throw sandboxError('sandbox.timeout')
    throw error
  }
}

function exactCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return String(value)
}

export interface ExecuteInput {
  readonly query: CompiledQuery
  readonly source: SandboxSource
  readonly k: number
  readonly epsilon: number | null
}

/** Reads the aggregates where the data lives (raw rows never leave that server), then shapes them. */
export async function executeAggregate(
  deps: { db: Db; config: Config },
  input: ExecuteInput,
): Promise<Shaped> {
  const { query, source, k, epsilon } = input
  // Planned (and refused: min/max, unbounded sum/avg) before anything is read.
  const plan = epsilon === null ? null : planNoise(query, epsilon)
  const rows =
    source.kind === 'postgres'
      ? await externalAggregates(deps.config, source, query, k)
      : await hostedAggregates(deps.db, query, source.relation, k)
  return plan === null ? shapeExact(query, rows, k) : shapeNoisy(query, rows, k, plan)
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
