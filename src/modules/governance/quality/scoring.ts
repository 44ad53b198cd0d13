/**
 * Scores (0–100) from rule results: per dimension, the share of checked values that passed, pooled over the
 * dimension's evaluated rules; the resource score is the mean of its dimension scores. Org and region scores
 * are the mean of their resources' latest scores (see scoreboard.ts).
 */
import { DIMENSIONS, type Dimension } from './rule-types.ts'

export interface ResultForScore {
  readonly dimension: Dimension
  readonly evaluated: boolean
  readonly checked: number
  readonly failed: number
}

export type DimensionScores = Partial<Record<Dimension, number>>

const round2 = (n: number) => Math.round(n * 100) / 100

export function scoreResults(results: readonly ResultForScore[]): {
  scores: DimensionScores
  score: number | null
} {
  const scores: DimensionScores = {}
  for (const d of DIMENSIONS) {
    let checked = 0
    let failed = 0
    for (const r of results)
      if (r.dimension === d && r.evaluated) {
        checked += r.checked
        failed += Math.min(r.failed, r.checked)
      }
    if (checked > 0) scores[d] = round2(100 * (1 - failed / checked))
  }
  const values = Object.values(scores)
  const score = values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null
  return { scores, score }
}
