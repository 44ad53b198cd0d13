/**
 * Turns a parsed sandbox query into the one statement that runs: every column checked against the resource's
 * declared fields and its hosted table, every constant a bind parameter checked against the column's type, and a
 * hidden true group size (`__n`) added so small groups can be suppressed after the fact. A clamped avg also gets
 * its clamped sum (`s<i>`) and count (`c<i>`), which noise needs (dp.ts).
 */
import { type ColumnType, checkValue, quoteIdent } from '../datastore/index.ts'
import { sandboxError } from './errors.ts'
import type { AggregateFn, Bounds, Condition, Literal, ParsedQuery } from './sql-parse.ts'

export interface SandboxField {
  readonly code: string
  readonly dataType: ColumnType
  readonly isKey: boolean
  /**
   * The column in the source table when it is not the field code (an external mount maps codes to its own
   * columns), and whether to cast it to the declared type: an external table's column may be stored as text.
   */
  readonly column?: string
  readonly cast?: boolean
}

export interface OutputAggregate {
  readonly label: string
  readonly fn: AggregateFn
  readonly column: string | null
  /** The declared type of the column (null for count(*)). */
  readonly dataType: ColumnType | null
  readonly distinct: boolean
  /** `CLAMPED BETWEEN` bounds (sum and avg only): values are clamped in SQL before they are aggregated. */
  readonly bounds: Bounds | null
}

export interface CompiledQuery {
  readonly text: string
  readonly params: unknown[]
  /** Output labels of the GROUP BY columns, in query order (selected or not). */
  readonly groupLabels: readonly string[]
  /** SQL expressions of the GROUP BY columns (for the uniqueness check) and their declared types. */
  readonly groupColumns: readonly string[]
  readonly groupTypes: readonly ColumnType[]
  readonly aggregates: readonly OutputAggregate[]
  /** Output columns in the order the caller selected them, each naming its source (`g0`, `a0`, ...). */
  readonly columns: readonly { readonly label: string; readonly key: string }[]
  /** The table and grouping the query reads (its filters aside), and the canonical text of each filter. */
  readonly shape: string
  readonly filters: readonly string[]
}

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'decimal'])
const ORDERED: ReadonlySet<ColumnType> = new Set(['integer', 'decimal', 'date', 'datetime'])
const SQL_TYPE: Record<ColumnType, string> = {
  string: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
  binary: 'bytea',
}

/** The column as SQL: quoted, and cast to its declared type when the source may store it otherwise. */
function colSql(field: SandboxField): string {
  const col = quoteIdent(field.column ?? field.code)
  return field.cast ? `${col}::${SQL_TYPE[field.dataType]}` : col
}

const unknownColumn = (column: string) =>
  sandboxError('sandbox.column_unknown', {
    detail: { en: `Column ${column} cannot be used here`, zh: `数据项 ${column} 不存在或不能这样使用` },
  })

class Params {
  readonly values: unknown[] = []
  bind(field: SandboxField, value: Literal): string {
    if (value === null) throw unknownColumn(field.code)
    const checked = checkValue({ code: field.code, dataType: field.dataType }, value)
    if (!checked.ok || checked.value === null)
      throw sandboxError('sandbox.sql_invalid', {
        detail: {
          en: `Constant for ${field.code} ${checked.ok ? 'is empty' : checked.message}`,
          zh: `数据项 ${field.code} 的比较值${checked.ok ? '为空' : checked.messageZh}`,
        },
      })
    this.values.push(checked.value)
    return `$${this.values.length}::${SQL_TYPE[field.dataType]}`
  }
  number(value: number): string {
    this.values.push(String(value))
    return `$${this.values.length}::numeric`
  }
}

function conditionSql(cond: Condition, field: SandboxField, p: Params): string {
  const col = colSql(field)
  switch (cond.kind) {
    case 'null':
      return `${col} is ${cond.negated ? 'not ' : ''}null`
    case 'compare':
      if (cond.op !== '=' && cond.op !== '<>' && !ORDERED.has(field.dataType) && field.dataType !== 'string')
        throw unknownColumn(field.code)
      return `${col} ${cond.op} ${p.bind(field, cond.value)}`
    case 'between':
      return `${col} between ${p.bind(field, cond.low)} and ${p.bind(field, cond.high)}`
    case 'in':
      return `${col} ${cond.negated ? 'not ' : ''}in (${cond.values.map((v) => p.bind(field, v)).join(', ')})`
  }
}

function conditionKey(cond: Condition): string {
  const lit = (v: Literal) => JSON.stringify(v)
  switch (cond.kind) {
    case 'null':
      return `${cond.column} is ${cond.negated ? 'not ' : ''}null`
    case 'compare':
      return `${cond.column} ${cond.op} ${lit(cond.value)}`
    case 'between':
      return `${cond.column} between ${lit(cond.low)} and ${lit(cond.high)}`
    case 'in':
      return `${cond.column} ${cond.negated ? 'not ' : ''}in (${[...cond.values].map(lit).sort().join(',')})`
  }
}

/**
 * The column, clamped into its bounds when it has some. GREATEST and LEAST skip NULLs (least(NULL, hi) is hi), so a
 * NULL stays NULL explicitly: it must not count as a value at the upper bound.
 */
function valueSql(field: SandboxField, bounds: Bounds | null, p: Params): string {
  const col = colSql(field)
  if (!bounds) return col
  return `case when ${col} is null then null else least(greatest(${col}, ${p.number(bounds.lo)}), ${p.number(bounds.hi)}) end`
}

/** The aggregate's select items: `a<i>`, and for a clamped avg also its clamped sum `s<i>` and count `c<i>`. */
function aggregateSql(a: OutputAggregate, field: SandboxField | null, i: number, p: Params): string[] {
  if (!field) return [`count(*)::bigint as "a${i}"`]
  const d = a.distinct ? 'distinct ' : ''
  if (a.fn === 'count') return [`count(${d}${colSql(field)})::bigint as "a${i}"`]
  const v = valueSql(field, a.bounds, p)
  const out = [`${a.fn}(${d}${v}) as "a${i}"`]
  if (a.fn === 'avg' && a.bounds) out.push(`sum(${d}${v}) as "s${i}"`, `count(${d}${v})::bigint as "c${i}"`)
  return out
}

/** `relation` is the source table (quoted); `fields` the resource's declared fields that exist in it. */
export function compileQuery(
  q: ParsedQuery,
  relation: string,
  fields: ReadonlyMap<string, SandboxField>,
): CompiledQuery {
  const field = (column: string) => {
    const f = fields.get(column)
    if (!f) throw unknownColumn(column)
    return f
  }
  const groupFields = q.groupBy.map(field)
  if (new Set(q.groupBy).size !== q.groupBy.length) throw unknownColumn(q.groupBy[0] ?? '')
  if (groupFields.some((f) => f.isKey)) throw sandboxError('sandbox.unique_group')
  const groupLabels = q.groupBy.map((_, i) => `g${i}`)
  const aggregates: OutputAggregate[] = []
  const columns: { label: string; key: string }[] = []
  const aggSql: string[] = []
  const p = new Params()
  for (const item of q.items) {
    if (item.kind === 'column') {
      const at = q.groupBy.indexOf(item.column)
      if (at < 0) throw sandboxError('sandbox.not_aggregate')
      columns.push({ label: item.alias ?? item.column, key: groupLabels[at] ?? '' })
      continue
    }
    const f = item.column === null ? null : field(item.column)
    if (
      f &&
      item.fn !== 'count' &&
      !(item.fn === 'min' || item.fn === 'max' ? ORDERED : NUMERIC).has(f.dataType)
    )
      throw unknownColumn(f.code)
    const label = item.alias ?? (item.column ? `${item.fn}_${item.column}` : item.fn)
    const agg: OutputAggregate = {
      label,
      fn: item.fn,
      column: f?.code ?? null,
      dataType: f?.dataType ?? null,
      distinct: item.distinct,
      bounds: item.bounds,
    }
    aggregates.push(agg)
    aggSql.push(...aggregateSql(agg, f, aggregates.length - 1, p))
    columns.push({ label, key: `a${aggregates.length - 1}` })
  }
  if (aggregates.length === 0) throw sandboxError('sandbox.not_aggregate')
  if (new Set(columns.map((c) => c.label)).size !== columns.length)
    throw sandboxError('sandbox.sql_invalid', {
      detail: { en: 'Duplicate output names', zh: '结果列名重复' },
    })
  const where = q.where.map((c) => conditionSql(c, field(c.column), p))
  const select = [
    ...groupFields.map((f, i) => `${colSql(f)} as "${groupLabels[i]}"`),
    'count(*)::bigint as "__n"',
    ...aggSql,
  ]
  const text = [
    `select ${select.join(', ')} from ${relation}`,
    where.length ? `where ${where.join(' and ')}` : '',
    groupFields.length ? `group by ${groupFields.map(colSql).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ')
  // Which aggregates are asked does not matter: any two exact answers over nested filters tell a difference.
  const shape = JSON.stringify({ table: q.table, groupBy: q.groupBy })
  return {
    text,
    params: p.values,
    groupLabels,
    groupColumns: groupFields.map(colSql),
    groupTypes: groupFields.map((f) => f.dataType),
    aggregates,
    columns,
    shape,
    filters: [...new Set(q.where.map(conditionKey))].sort(),
  }
}
