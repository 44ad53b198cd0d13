/**
 * Strict differential privacy for noisy sandbox queries (ADR 0015). Neighbouring datasets differ by one person,
 * who is one row (the assumption the k rule already makes); each released number gets Laplace noise of scale
 * sensitivity / ε, where the sensitivity comes from the query, never from the data:
 *   - count(*), count(col), count(DISTINCT col): one row moves a count by at most 1;
 *   - sum(col CLAMPED BETWEEN lo AND hi): values are clamped in SQL, so one row moves it by at most max(|lo|, |hi|);
 *   - avg(col CLAMPED BETWEEN lo AND hi): a noisy clamped sum over a noisy count, each with half of the item's ε,
 *     the quotient clamped into [lo, hi];
 *   - min, max: refused (no simple strict mechanism), as are sum and avg without bounds.
 * The query's ε is split evenly over its measurements (sequential composition): one per selected aggregate, plus
 * one for the group size that decides suppression unless a count(*) is selected (its noisy value is reused).
 * Groups are kept when their NOISY size reaches k, so a group's presence does not reveal an exact small count.
 */
import type { CompiledQuery, OutputAggregate } from './compile.ts'
import { sandboxError } from './errors.ts'
import type { Cell } from './execute.ts'
import { laplace } from './noise.ts'
import type { Bounds } from './sql-parse.ts'

export interface NoisePlan {
  /** ε of each aggregate (an avg halves it between its sum and its count). */
  readonly perItem: number
  /** Index of the selected count(*) whose noisy value is the group size, or null: a hidden noisy count is drawn. */
  readonly sizeFrom: number | null
}

/** Refuses what strict DP cannot answer: min/max, and sum/avg without clamping bounds. */
export function requireStrictDp(q: CompiledQuery): void {
  if (q.aggregates.some((a) => a.fn === 'min' || a.fn === 'max')) throw sandboxError('sandbox.dp_unsupported')
  const unbounded = q.aggregates.find((a) => (a.fn === 'sum' || a.fn === 'avg') && !a.bounds)
  if (unbounded)
    throw sandboxError('sandbox.bounds_required', {
      detail: {
        en: `Write ${unbounded.fn}(${unbounded.column} CLAMPED BETWEEN lo AND hi) with the range you expect`,
        zh: `请写成 ${unbounded.fn}(${unbounded.column} CLAMPED BETWEEN 下界 AND 上界)，边界取该数据项的合理取值范围`,
      },
    })
}

export function planNoise(q: CompiledQuery, epsilon: number): NoisePlan {
  requireStrictDp(q)
  const countStar = q.aggregates.findIndex((a) => a.fn === 'count' && a.column === null)
  const measurements = q.aggregates.length + (countStar < 0 ? 1 : 0)
  return { perItem: epsilon / measurements, sizeFrom: countStar < 0 ? null : countStar }
}

/** How far one row can move a clamped sum: the larger magnitude of the two bounds. */
export function sumSensitivity(b: Bounds): number {
  return Math.max(Math.abs(b.lo), Math.abs(b.hi))
}

const noisyCount = (value: unknown, epsilon: number) =>
  Math.max(0, Math.round(Number(value ?? 0) + laplace(1 / epsilon)))
const cents = (x: number) => Math.round(x * 100) / 100

/**
 * One aggregate of one group with noise. A NULL sum (no non-null value) is released as a noisy 0: releasing NULL
 * would tell that every value is missing.
 */
function noisyAggregate(a: OutputAggregate, i: number, row: Record<string, unknown>, epsilon: number): Cell {
  if (a.fn === 'count') return noisyCount(row[`a${i}`], epsilon)
  const b = a.bounds
  if (!b) throw sandboxError('sandbox.bounds_required')
  if (a.fn === 'sum') return cents(Number(row[`a${i}`] ?? 0) + laplace(sumSensitivity(b) / epsilon))
  const half = epsilon / 2
  const sum = Number(row[`s${i}`] ?? 0) + laplace(sumSensitivity(b) / half)
  const count = Number(row[`c${i}`] ?? 0) + laplace(1 / half)
  return cents(Math.min(b.hi, Math.max(b.lo, sum / Math.max(count, 1))))
}

/** The noisy aggregates of one group (by aggregate index) and its noisy size, which decides suppression. */
export function noisyGroup(
  q: CompiledQuery,
  plan: NoisePlan,
  row: Record<string, unknown>,
): { size: number; values: Cell[] } {
  const values = q.aggregates.map((a, i) => noisyAggregate(a, i, row, plan.perItem))
  const size = plan.sizeFrom === null ? noisyCount(row.__n, plan.perItem) : Number(values[plan.sizeFrom])
  return { size, values }
}
