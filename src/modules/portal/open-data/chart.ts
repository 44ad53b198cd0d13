/**
 * Data for the resource page's simple chart: the first rows grouped by the first field that looks like a
 * category (few distinct, unmasked text values), counted or, when a numeric field exists, summed.
 */
import type { OpenField } from '../../catalog/index.ts'
import type { CellValue } from '../../datastore/index.ts'

const MAX_GROUPS = 20
const NUMERIC = new Set(['integer', 'decimal'])

export interface Chart {
  field: string
  fieldName: string
  measure: string | null
  measureName: string | null
  sampled: number
  points: { label: string; value: number }[]
}

export function chartOf(
  fields: readonly OpenField[],
  masked: readonly string[],
  rows: readonly Record<string, CellValue>[],
): Chart | null {
  if (rows.length === 0) return null
  const usable = fields.filter((f) => !masked.includes(f.code) && !f.isKey)
  const measure = usable.find((f) => NUMERIC.has(f.dataType)) ?? null
  // The field with the fewest distinct values (at least two) makes the most readable chart.
  let best: Chart | null = null
  for (const f of usable) {
    if (NUMERIC.has(f.dataType) || f.dataType === 'date' || f.dataType === 'datetime') continue
    const groups = new Map<string, number>()
    for (const r of rows) {
      const v = r[f.code]
      if (v === null || v === undefined || v === '') continue
      const label = String(v)
      const add = measure ? Number(r[measure.code] ?? 0) || 0 : 1
      groups.set(label, (groups.get(label) ?? 0) + add)
      if (groups.size > MAX_GROUPS) break
    }
    if (groups.size < 2 || groups.size > MAX_GROUPS) continue
    if (best && best.points.length <= groups.size) continue
    best = {
      field: f.code,
      fieldName: f.name,
      measure: measure?.code ?? null,
      measureName: measure?.name ?? null,
      sampled: rows.length,
      points: [...groups].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value),
    }
  }
  return best
}
