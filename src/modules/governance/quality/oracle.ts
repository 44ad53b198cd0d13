/**
 * Rule-by-rule evaluation in plain TypeScript over rows read back as text (not itself a test file): the oracle
 * the one-pass SQL is compared with. It uses src/platform/validators for the national codes and nothing from
 * compile.ts or sql-checks.ts.
 */
import { validateCreditCode, validateIdNumber } from '../../../platform/validators/index.ts'
import type { RuleSpec } from './rule-types.ts'

export type TextRow = Record<string, string | null>

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === ''

function dateOk(v: string): boolean {
  const plain = /^(\d{4})(\d{2})(\d{2})$/.exec(v)
  const sep = /^(\d{4})([-/])(\d{2})\2(\d{2})([ T].*)?$/.exec(v)
  const parts = plain ? [plain[1], plain[2], plain[3]] : sep ? [sep[1], sep[3], sep[4]] : null
  if (!parts) return false
  const [y, mo, d] = parts.map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

function valid(rule: RuleSpec, v: string, ctx: OracleContext): boolean {
  const p = rule.params
  switch (rule.type) {
    case 'pattern':
      return new RegExp(p.pattern ?? '').test(v)
    case 'enumeration':
      return (p.values ?? []).includes(v)
    case 'region_code':
      return ctx.regions.has(v)
    case 'range': {
      if (!/^[+-]?\d+(\.\d+)?$/.test(v)) return false
      const n = Number(v)
      return (p.min === undefined || n >= p.min) && (p.max === undefined || n <= p.max)
    }
    case 'length': {
      const n = [...v].length
      return (p.min === undefined || n >= p.min) && (p.max === undefined || n <= p.max)
    }
    case 'id_number':
      return validateIdNumber(v.toUpperCase(), { now: ctx.now }).ok
    case 'credit_code':
      return validateCreditCode(v.toUpperCase()).ok
    case 'mobile':
      return /^1[3-9]\d{9}$/.test(v)
    case 'landline':
      return /^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$/.test(v)
    case 'email':
      return /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(v)
    case 'date':
      return dateOk(v) && (!p.notFuture || v.replace(/[-/]/g, '').slice(0, 8) <= ctx.today.replace(/-/g, ''))
    default:
      return true
  }
}

export interface OracleContext {
  readonly now: Date
  readonly today: string
  readonly regions: ReadonlySet<string>
  /** Rows of referenced resources by id. */
  readonly refs: ReadonlyMap<string, readonly TextRow[]>
}

export function oracle(
  rule: RuleSpec,
  rows: readonly TextRow[],
  ctx: OracleContext,
): { checked: number; failed: number } {
  const f = rule.fields[0] ?? ''
  if (rule.type === 'not_null')
    return { checked: rows.length, failed: rows.filter((r) => blank(r[f])).length }
  if (rule.type === 'unique') {
    const keyed = rows.filter((r) => rule.fields.every((c) => r[c] !== null && r[c] !== undefined))
    const distinct = new Set(keyed.map((r) => JSON.stringify(rule.fields.map((c) => r[c]))))
    return { checked: keyed.length, failed: keyed.length - distinct.size }
  }
  const present = rows.filter((r) => !blank(r[f]))
  if (rule.type === 'referential' || rule.type === 'consistency') {
    const ref = ctx.refs.get(rule.params.refResourceId ?? '') ?? []
    const rk = rule.params.refField ?? ''
    const keys = new Set(
      ref.flatMap((r) => (r[rk] === null || r[rk] === undefined ? [] : [String(r[rk]).trim()])),
    )
    if (rule.type === 'referential')
      return { checked: present.length, failed: present.filter((r) => !keys.has(String(r[f]).trim())).length }
    const rv = rule.params.refValueField ?? ''
    const pairs = new Set(
      ref.flatMap((r) =>
        r[rk] === null || r[rk] === undefined ? [] : [`${String(r[rk]).trim()}\u0000${(r[rv] ?? '').trim()}`],
      ),
    )
    const matched = present.filter((r) => keys.has(String(r[f]).trim()))
    const vf = rule.fields[1] ?? ''
    return {
      checked: matched.length,
      failed: matched.filter((r) => !pairs.has(`${String(r[f]).trim()}\u0000${(r[vf] ?? '').trim()}`)).length,
    }
  }
  return {
    checked: present.length,
    failed: present.filter((r) => !valid(rule, String(r[f]).trim(), ctx)).length,
  }
}
