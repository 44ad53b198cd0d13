/**
 * What every source runs inside its read-only transaction: the uniqueness check, then the compiled aggregates.
 * The hosted table and an external mount's server share it, so the protections are the same on both.
 */
import type { CompiledQuery } from './compile.ts'
import { sandboxError } from './errors.ts'

/** A group set whose distinct count is at least this share of the rows singles people out. */
const UNIQUE_SHARE = 0.9
/** The same on the platform's database and on an external server. */
export const STATEMENT_TIMEOUT_MS = 5000

export type Row = Record<string, unknown>
/** Runs one statement inside the source's read-only transaction. */
export type Reader = (text: string, params?: readonly unknown[]) => Promise<Row[]>

export function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '57014'
}

async function refuseUniqueGroups(
  read: Reader,
  q: CompiledQuery,
  relation: string,
  k: number,
): Promise<void> {
  if (q.groupColumns.length === 0) return
  const tuple = q.groupColumns.join(', ')
  const [row] = await read(
    `select count(*)::bigint as n, count(distinct (${tuple}, 0))::bigint as d from ${relation}`,
  )
  const n = Number(row?.n ?? 0)
  const d = Number(row?.d ?? 0)
  if (n >= k && d >= UNIQUE_SHARE * n) throw sandboxError('sandbox.unique_group')
}

/** The uniqueness check, then the aggregates: both inside the caller's read-only transaction. */
export async function readAggregates(
  read: Reader,
  query: CompiledQuery,
  relation: string,
  k: number,
): Promise<Row[]> {
  await refuseUniqueGroups(read, query, relation, k)
  return read(query.text, query.params)
}
