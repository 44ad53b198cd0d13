/**
 * Compiles every rule of a resource into ONE aggregate statement over its table (two FILTER aggregates per rule:
 * checked and failed), so an audit is one scan whatever the number of rules. The same builder serves the
 * platform's datastore tables (national code checks call the SQL functions of migration 0002) and external
 * PostgreSQL sources (the same checks inline, since we may not create functions there). Values are compared as
 * trimmed text, so a rule means the same on any column type; parameters are bound, never spliced.
 */
import { quoteIdent } from '../../datastore/index.ts'
import type { RuleSpec } from './rule-types.ts'
import { creditCodeExpr, dateTextExpr, idNumberExpr, SQL_FUNCTIONS } from './sql-checks.ts'

export interface TableRef {
  /** Qualified, quoted table name. */
  readonly table: string
  /** Field code → quoted column reference. */
  readonly column: (fieldCode: string) => string
  /** Field codes present in the table, when known (the datastore); rules naming others are skipped. */
  readonly has?: (fieldCode: string) => boolean
}

export interface CompileTarget extends TableRef {
  readonly mode: 'functions' | 'inline'
  /** YYYY-MM-DD (Beijing): "not in the future" is judged against it. */
  readonly today: string
  /** The valid region codes (GB/T 2260 table of the identity module). */
  readonly regionCodes: readonly string[]
  /** Other resources reachable from the same statement (same database): referential and consistency rules. */
  readonly refs: ReadonlyMap<string, TableRef>
}

export interface CompiledAudit {
  readonly text: string
  readonly params: unknown[]
  /** Rules compiled into the statement, by index of their aggregates (c<i>, f<i>, m<i>). */
  readonly compiled: readonly RuleSpec[]
  /** Rules that cannot be evaluated in this statement, with the reason (Chinese, shown to stewards). */
  readonly skipped: ReadonlyMap<string, string>
}

class Params {
  readonly values: unknown[] = []
  add(value: unknown, type: string): string {
    this.values.push(value)
    return `$${this.values.length}::${type}`
  }
}

const MOBILE_RE = '^1[3-9][0-9]+$'
const LANDLINE_RE = '^(0[0-9]{2,3}-?)?[2-9][0-9]{6,7}(-[0-9]{1,6})?$'
const EMAIL_RE = '^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$'
const NUMBER_RE = '^[+-]?[0-9]+(\\.[0-9]+)?$'

const text = (col: string) => `btrim(${col}::text)`
const present = (col: string) => `(${col} is not null and btrim(${col}::text) <> '')`
/** A PostgreSQL array literal ({"a","b"}): sent as one text parameter, it works on every driver. */
export const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`
/**
 * `= any(array)`: PostgreSQL (≥ 14) hashes a constant array, and unlike `in (select …)` it keeps the plan
 * parallel. The bound array is a constant to the planner of a one-shot (unnamed) statement.
 */
const inList = (v: string, p: Params, values: readonly string[]) =>
  `${v} = any(${p.add(arrayLiteral(values), 'text[]')})`

/** The check a non-blank value must pass (true = good), for the single-field validity rules. */
function validExpr(rule: RuleSpec, col: string, t: CompileTarget, p: Params): string {
  const v = text(col)
  const prm = rule.params
  switch (rule.type) {
    case 'pattern':
      return `${v} ~ ${p.add(prm.pattern ?? '', 'text')}`
    case 'enumeration':
      return inList(v, p, prm.values ?? [])
    case 'region_code':
      return inList(v, p, t.regionCodes)
    case 'range': {
      const n = `${v}::numeric`
      const bounds: string[] = []
      if (prm.min !== undefined) bounds.push(`${n} >= ${p.add(prm.min, 'numeric')}`)
      if (prm.max !== undefined) bounds.push(`${n} <= ${p.add(prm.max, 'numeric')}`)
      // CASE, not AND: the cast must only ever see text that the pattern has proved numeric.
      return `(case when ${v} ~ '${NUMBER_RE}' then ${bounds.join(' and ') || 'true'} else false end)`
    }
    case 'length': {
      const parts: string[] = []
      if (prm.min !== undefined) parts.push(`char_length(${v}) >= ${p.add(prm.min, 'int')}`)
      if (prm.max !== undefined) parts.push(`char_length(${v}) <= ${p.add(prm.max, 'int')}`)
      return `(${parts.join(' and ') || 'true'})`
    }
    case 'mobile':
      // Same as ^1[3-9][0-9]{9}$, without the counted repetition the regex engine is slow at.
      return `(octet_length(${v}) = 11 and ${v} ~ '${MOBILE_RE}')`
    case 'landline':
      return `${v} ~ '${LANDLINE_RE}'`
    case 'email':
      return `${v} ~ '${EMAIL_RE}'`
    case 'id_number': {
      const today = p.add(t.today.replace(/-/g, ''), 'text')
      return t.mode === 'functions'
        ? `${SQL_FUNCTIONS.idNumber}(upper(${v}), ${today})`
        : idNumberExpr(`upper(${v})`, today)
    }
    case 'credit_code':
      return t.mode === 'functions'
        ? `${SQL_FUNCTIONS.creditCode}(upper(${v}))`
        : creditCodeExpr(`upper(${v})`)
    case 'date': {
      if (!prm.notFuture) return t.mode === 'functions' ? `${SQL_FUNCTIONS.dateText}(${v})` : dateTextExpr(v)
      const today = p.add(t.today.replace(/-/g, ''), 'text')
      return t.mode === 'functions'
        ? `${SQL_FUNCTIONS.dateTextNotAfter}(${v}, ${today})`
        : dateTextExpr(v, today)
    }
    default:
      return 'true'
  }
}

interface RuleSql {
  readonly checked: string
  readonly failed: string
  /** Set for timeliness: the latest value of the time field. */
  readonly latest?: string
}

const count = (where: string) => `count(*) filter (where ${where})`

function keyIn(ref: TableRef, refField: string, value: string): string {
  const rc = ref.column(refField)
  return `${value} in (select btrim(${rc}::text) from ${ref.table} where ${rc} is not null)`
}

function missingColumn(rule: RuleSpec, t: CompileTarget): string | null {
  const gone = rule.fields.filter((f) => t.has && !t.has(f))
  if (gone.length) return `数据表中没有字段 ${gone.join('、')}（目录变更后尚未重新载入数据）`
  const ref = t.refs.get(rule.params.refResourceId ?? '')
  const refFields = [rule.params.refField, rule.params.refValueField].filter((f): f is string => !!f)
  const refGone = ref?.has ? refFields.filter((f) => !ref.has?.(f)) : []
  return refGone.length ? `参照资源的数据表中没有字段 ${refGone.join('、')}` : null
}

function ruleSql(rule: RuleSpec, t: CompileTarget, p: Params): RuleSql | string {
  const missing = missingColumn(rule, t)
  if (missing) return missing
  const cols = rule.fields.map((f) => t.column(f))
  const first = cols[0] ?? ''
  switch (rule.type) {
    case 'not_null':
      return { checked: 'count(*)', failed: count(`not ${present(first)}`) }
    case 'unique': {
      const all = cols.map((c) => `${c} is not null`).join(' and ')
      const key = cols.length === 1 ? first : `row(${cols.join(', ')})`
      return { checked: count(all), failed: `${count(all)} - count(distinct ${key}) filter (where ${all})` }
    }
    case 'timeliness':
      return { checked: '1', failed: '0', ...(first ? { latest: `max(${first})::text` } : {}) }
    case 'referential':
    case 'consistency': {
      const ref = t.refs.get(rule.params.refResourceId ?? '')
      if (!ref) return '参照资源的数据不在同一数据库（或尚未挂接），无法在同一条语句中比对'
      const key = text(first)
      const known = keyIn(ref, rule.params.refField ?? '', key)
      if (rule.type === 'referential')
        return { checked: count(present(first)), failed: count(`${present(first)} and not ${known}`) }
      const rk = ref.column(rule.params.refField ?? '')
      const rv = ref.column(rule.params.refValueField ?? '')
      const value = `coalesce(btrim(${cols[1]}::text), '')`
      const pair = `(${key}, ${value}) in (select btrim(${rk}::text), coalesce(btrim(${rv}::text), '') from ${ref.table} where ${rk} is not null)`
      const matched = `${present(first)} and ${known}`
      return { checked: count(matched), failed: count(`${matched} and not ${pair}`) }
    }
    default:
      return {
        checked: count(present(first)),
        failed: count(`${present(first)} and not ${validExpr(rule, first, t, p)}`),
      }
  }
}

/** One statement: n (rows), then c<i>/f<i> (and m<i> for timeliness) per compiled rule. */
export function compileAudit(rules: readonly RuleSpec[], t: CompileTarget): CompiledAudit {
  const p = new Params()
  const parts = ['count(*)::text as n']
  const compiled: RuleSpec[] = []
  const skipped = new Map<string, string>()
  for (const rule of rules) {
    const s = ruleSql(rule, t, p)
    if (typeof s === 'string') {
      skipped.set(rule.id, s)
      continue
    }
    const i = compiled.length
    compiled.push(rule)
    parts.push(`(${s.checked})::text as c${i}`, `(${s.failed})::text as f${i}`)
    if (s.latest) parts.push(`${s.latest} as m${i}`)
  }
  return { text: `select ${parts.join(', ')} from ${t.table}`, params: p.values, compiled, skipped }
}

/** Up to `limit` rows failing one rule, with the given columns as text (for masked samples). */
export function failingRowsQuery(
  rule: RuleSpec,
  show: readonly string[],
  t: CompileTarget,
  limit: number,
): { text: string; params: unknown[] } | null {
  const p = new Params()
  const cols = rule.fields.map((f) => t.column(f))
  const list = (codes: readonly string[]) => codes.map((c, i) => `${t.column(c)}::text as s${i}`).join(', ')
  if (rule.type === 'unique') {
    const all = cols.map((c) => `${c} is not null`).join(' and ')
    const group = cols.join(', ')
    const keyList = rule.fields.map((c, i) => `${t.column(c)}::text as s${i}`).join(', ')
    return {
      text: `select ${keyList}, count(*)::text as dup from ${t.table} where ${all} group by ${group} having count(*) > 1 limit ${limit}`,
      params: p.values,
    }
  }
  if (rule.type === 'timeliness') return null
  const s = ruleSql(rule, t, p)
  if (typeof s === 'string') return null
  const m = /^count\(\*\) filter \(where (.*)\)$/s.exec(s.failed)
  if (!m) return null
  return { text: `select ${list(show)} from ${t.table} where ${m[1]} limit ${limit}`, params: p.values }
}

export const quoted = (name: string) => quoteIdent(name)
