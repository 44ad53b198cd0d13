/**
 * Evaluates a resource's rules: one aggregate statement for all counts, then, for failing rules only, a short
 * LIMIT query each for masked sample rows. Timeliness is judged here from the latest time value (or the last
 * data arrival) against the update frequency.
 */
import type { SharedField } from '../../catalog/index.ts'
import {
  type MaskKind,
  maskKind,
  maskValue,
  type QualityFacts,
  STALE_AFTER_DAYS,
} from '../../catalog/index.ts'
import { type CompileTarget, compileAudit, failingRowsQuery } from './compile.ts'
import { type Dimension, dimensionOf, type RuleSpec } from './rule-types.ts'
import type { AuditSource } from './source.ts'

export const SAMPLE_ROWS = 5
/** Sample column of a uniqueness rule: how often the duplicated key occurs. */
export const DUPLICATE_COUNT = '重复次数'
const DAY_MS = 86_400_000

export interface RuleOutcome {
  readonly rule: RuleSpec
  readonly dimension: Dimension
  readonly evaluated: boolean
  readonly checked: number
  readonly failed: number
  readonly breached: boolean
  readonly note: string | null
  readonly samples: Record<string, string | null>[]
}

export interface Evaluation {
  readonly rowCount: number
  readonly outcomes: RuleOutcome[]
}

function timeliness(facts: QualityFacts, latest: string | null | undefined, hasField: boolean, now: Date) {
  const days = STALE_AFTER_DAYS[facts.updateFrequency]
  if (days === null) return { checked: 0, failed: 0, note: '更新频率为不定期，不评价及时性' }
  const at = hasField
    ? latest
      ? Date.parse(latest.replace(' ', 'T'))
      : Number.NaN
    : facts.lastDataUpdateAt?.getTime()
  if (at === undefined || Number.isNaN(at)) return { checked: 1, failed: 1, note: '没有可判断的最近更新时间' }
  const age = Math.floor((now.getTime() - at) / DAY_MS)
  return age > days
    ? { checked: 1, failed: 1, note: `最近数据距今 ${age} 天，超过更新频率允许的 ${days} 天` }
    : { checked: 1, failed: 0, note: null }
}

const RULE_MASKS: Partial<Record<RuleSpec['type'], MaskKind>> = {
  id_number: 'id_number',
  mobile: 'phone',
  landline: 'phone',
}

function maskerFor(fields: readonly SharedField[], rule: RuleSpec) {
  return (code: string, value: string | null): string | null => {
    if (value === null) return null
    const field = fields.find((f) => f.code === code)
    const kind =
      (field && maskKind(field)) ?? (rule.fields.includes(code) ? RULE_MASKS[rule.type] : undefined)
    return kind ? maskValue(kind, value) : value
  }
}

async function samplesOf(
  source: AuditSource,
  target: CompileTarget,
  fields: readonly SharedField[],
  rule: RuleSpec,
): Promise<Record<string, string | null>[]> {
  const keys = fields.filter((f) => f.isKey).map((f) => f.code)
  const show = [...new Set([...rule.fields, ...keys])].slice(0, 6)
  const query = failingRowsQuery(rule, show, target, SAMPLE_ROWS)
  if (!query) return []
  const rows = await source.select<Record<string, string | null>>(query)
  const mask = maskerFor(fields, rule)
  const names = rule.type === 'unique' ? rule.fields : show
  return rows.map((row) => {
    const out: Record<string, string | null> = {}
    names.forEach((code, i) => {
      const v = row[`s${i}`]
      out[code] = mask(code, v === undefined || v === null ? null : String(v))
    })
    if (row.dup !== undefined) out[DUPLICATE_COUNT] = String(row.dup)
    return out
  })
}

export async function evaluate(
  source: AuditSource,
  target: CompileTarget,
  facts: QualityFacts,
  fields: readonly SharedField[],
  rules: readonly RuleSpec[],
  now: Date,
): Promise<Evaluation> {
  const audit = compileAudit(rules, target)
  const [row] = await source.select<Record<string, string | null>>({ text: audit.text, params: audit.params })
  const index = new Map(audit.compiled.map((r, i) => [r.id, i]))
  const outcomes: RuleOutcome[] = []
  for (const rule of rules) {
    const i = index.get(rule.id)
    const base = { rule, dimension: dimensionOf(rule.type) }
    if (i === undefined || !row) {
      const note = audit.skipped.get(rule.id) ?? '未评价'
      outcomes.push({ ...base, evaluated: false, checked: 0, failed: 0, breached: false, note, samples: [] })
      continue
    }
    let checked = Number(row[`c${i}`] ?? 0)
    let failed = Number(row[`f${i}`] ?? 0)
    let note: string | null = null
    if (rule.type === 'timeliness') {
      const t = timeliness(facts, row[`m${i}`], rule.fields.length > 0, now)
      ;({ checked, failed, note } = t)
    }
    const breached = checked > 0 && failed / checked > rule.threshold
    const samples =
      failed > 0 && rule.type !== 'timeliness' ? await samplesOf(source, target, fields, rule) : []
    outcomes.push({
      ...base,
      evaluated: checked > 0 || note === null,
      checked,
      failed,
      breached,
      note,
      samples,
    })
  }
  return { rowCount: Number(row?.n ?? 0), outcomes }
}
