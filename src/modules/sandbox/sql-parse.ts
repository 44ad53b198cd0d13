/**
 * The sandbox's SQL: a strict whitelist grammar, parsed here and compiled again by compile.ts, so no text of the
 * caller's ever reaches the database. Accepted:
 *   SELECT item [, item]* FROM table [WHERE cond [AND cond]*] [GROUP BY column [, column]*]
 *   item  := count(*) | count([DISTINCT] column) | sum|avg([DISTINCT] column [CLAMPED BETWEEN number AND number])
 *          | min|max(column) | column                                                     (each optionally AS alias)
 *   cond  := column (= | <> | != | < | <= | > | >=) literal | column [NOT] IN (literal, ...)
 *          | column BETWEEN literal AND literal | column IS [NOT] NULL
 * Anything else is refused, with a specific code for the known exfiltration tricks (SELECT *, LIMIT/OFFSET,
 * joins, subqueries). `CLAMPED BETWEEN lo AND hi` (the ZetaSQL / BigQuery differential-privacy syntax) bounds each
 * value of a sum or avg before it is added, so one row can move the aggregate by at most max(|lo|, |hi|): noisy
 * queries require it (see dp.ts).
 */
import { sandboxError } from './errors.ts'

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max'
export type Literal = string | number | boolean | null
export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>='

/** Clamping bounds of a sum or avg, lo < hi, both finite. */
export interface Bounds {
  readonly lo: number
  readonly hi: number
}

export type SelectItem =
  | {
      readonly kind: 'aggregate'
      readonly fn: AggregateFn
      readonly column: string | null
      readonly distinct: boolean
      readonly bounds: Bounds | null
      readonly alias: string | null
    }
  | { readonly kind: 'column'; readonly column: string; readonly alias: string | null }

export type Condition =
  | { readonly kind: 'compare'; readonly column: string; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'in'; readonly column: string; readonly negated: boolean; readonly values: Literal[] }
  | { readonly kind: 'between'; readonly column: string; readonly low: Literal; readonly high: Literal }
  | { readonly kind: 'null'; readonly column: string; readonly negated: boolean }

export interface ParsedQuery {
  readonly items: readonly SelectItem[]
  readonly table: string
  readonly where: readonly Condition[]
  readonly groupBy: readonly string[]
}

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'punct'; readonly text: string }

const MAX_SQL = 4000
const TOKEN_RE =
  /\s+|(?<word>[\p{L}_][\p{L}\p{N}_]*)|"(?<quoted>(?:[^"]|"")*)"|'(?<string>(?:[^']|'')*)'|(?<number>-?\d+(?:\.\d+)?)|(?<punct><=|>=|<>|!=|[(),*=<>;.])/uy

const invalid = (en: string, zh: string) => sandboxError('sandbox.sql_invalid', { detail: { en, zh } })
const badBounds = (en: string, zh: string) => sandboxError('sandbox.bounds_invalid', { detail: { en, zh } })

/** Larger bounds make the noise meaningless and strain float precision; no real column needs them. */
const MAX_BOUND = 1e12

export function tokenize(sql: string): Token[] {
  if (sql.length > MAX_SQL) throw invalid(`The query is longer than ${MAX_SQL} characters`, '查询语句过长')
  const tokens: Token[] = []
  TOKEN_RE.lastIndex = 0
  while (TOKEN_RE.lastIndex < sql.length) {
    const at = TOKEN_RE.lastIndex
    const m = TOKEN_RE.exec(sql)
    if (!m?.groups) throw invalid(`Unexpected character at ${at + 1}`, `第 ${at + 1} 个字符无法识别`)
    const g = m.groups
    if (g.word !== undefined) tokens.push({ kind: 'word', text: g.word.toLowerCase() })
    else if (g.quoted !== undefined) tokens.push({ kind: 'quoted', text: g.quoted.replace(/""/g, '"') })
    else if (g.string !== undefined) tokens.push({ kind: 'string', text: g.string.replace(/''/g, "'") })
    else if (g.number !== undefined) tokens.push({ kind: 'number', text: g.number })
    else if (g.punct !== undefined) tokens.push({ kind: 'punct', text: g.punct === '!=' ? '<>' : g.punct })
  }
  return tokens
}

/** The known tricks get their own refusal before the grammar is even tried. */
function refuseTricks(tokens: readonly Token[]): void {
  const words = tokens.filter((tk) => tk.kind === 'word').map((tk) => tk.text)
  const has = (...w: string[]) => w.some((x) => words.includes(x))
  if (words.filter((w) => w === 'select').length > 1 || has('union', 'intersect', 'except', 'with'))
    throw sandboxError('sandbox.subquery_refused')
  if (tokens.some((tk) => tk.kind === 'punct' && tk.text === ';'))
    throw sandboxError('sandbox.subquery_refused')
  if (has('join', 'cross', 'natural', 'using', 'lateral')) throw sandboxError('sandbox.join_refused')
  if (has('limit', 'offset', 'fetch', 'order', 'top')) throw sandboxError('sandbox.limit_refused')
}

class Parser {
  private i = 0
  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset]
  }
  isWord(text: string, offset = 0): boolean {
    const tk = this.peek(offset)
    return tk?.kind === 'word' && tk.text === text
  }
  isPunct(text: string): boolean {
    const tk = this.peek()
    return tk?.kind === 'punct' && tk.text === text
  }
  expectWord(text: string): void {
    if (!this.isWord(text)) throw invalid(`Expected ${text.toUpperCase()}`, `此处应为 ${text.toUpperCase()}`)
    this.i++
  }
  expectPunct(text: string): void {
    if (!this.isPunct(text)) throw invalid(`Expected "${text}"`, `此处应为“${text}”`)
    this.i++
  }
  done(): boolean {
    return this.i >= this.tokens.length
  }

  identifier(): string {
    const tk = this.peek()
    if (tk?.kind === 'quoted' && tk.text.length > 0) {
      this.i++
      return tk.text
    }
    if (tk?.kind === 'word' && !RESERVED.has(tk.text)) {
      this.i++
      return tk.text
    }
    throw invalid('Expected a column or table name', '此处应为数据项或数据资源名称')
  }

  literal(): Literal {
    const tk = this.peek()
    this.i++
    if (tk?.kind === 'string') return tk.text
    if (tk?.kind === 'number') return Number(tk.text)
    if (tk?.kind === 'word' && (tk.text === 'true' || tk.text === 'false')) return tk.text === 'true'
    if (tk?.kind === 'word' && tk.text === 'null') return null
    throw invalid('Expected a constant value', '此处应为常量')
  }

  /** `CLAMPED BETWEEN lo AND hi` after the column of an aggregate, or null when absent. */
  bounds(fn: AggregateFn): Bounds | null {
    if (!this.isWord('clamped')) return null
    this.i++
    if (fn !== 'sum' && fn !== 'avg')
      throw badBounds('CLAMPED BETWEEN applies to sum and avg only', 'CLAMPED BETWEEN 只能用于 sum 与 avg')
    this.expectWord('between')
    const lo = this.bound()
    this.expectWord('and')
    const hi = this.bound()
    if (!(lo < hi)) throw badBounds('The lower bound must be below the upper bound', '截断下界须小于上界')
    return { lo, hi }
  }

  private bound(): number {
    const tk = this.peek()
    const n = tk?.kind === 'number' ? Number(tk.text) : Number.NaN
    if (!Number.isFinite(n) || Math.abs(n) > MAX_BOUND)
      throw badBounds(
        `Clamping bounds must be numbers within ±${MAX_BOUND}`,
        `截断边界须为数值常量（绝对值不超过 ${MAX_BOUND}）`,
      )
    this.i++
    return n
  }

  alias(): string | null {
    if (this.isWord('as')) {
      this.i++
      return this.identifier()
    }
    return null
  }

  selectItem(): SelectItem {
    if (this.isPunct('*')) throw sandboxError('sandbox.select_star')
    const tk = this.peek()
    if (tk?.kind === 'word' && AGGREGATES.has(tk.text) && this.peek(1)?.text === '(') {
      this.i += 2
      const fn = tk.text as AggregateFn
      let column: string | null = null
      let distinct = false
      let bounds: Bounds | null = null
      if (this.isPunct('*')) {
        if (fn !== 'count') throw sandboxError('sandbox.select_star')
        this.i++
      } else {
        if (this.isWord('distinct')) {
          distinct = true
          this.i++
        }
        column = this.identifier()
        bounds = this.bounds(fn)
      }
      this.expectPunct(')')
      return { kind: 'aggregate', fn, column, distinct, bounds, alias: this.alias() }
    }
    const column = this.identifier()
    if (this.isPunct('.') || this.isPunct('('))
      throw invalid('Only plain columns and aggregates', '只支持数据项与聚合函数')
    return { kind: 'column', column, alias: this.alias() }
  }

  condition(): Condition {
    const column = this.identifier()
    if (this.isWord('is')) {
      this.i++
      const negated = this.isWord('not')
      if (negated) this.i++
      this.expectWord('null')
      return { kind: 'null', column, negated }
    }
    if (this.isWord('between')) {
      this.i++
      const low = this.literal()
      this.expectWord('and')
      return { kind: 'between', column, low, high: this.literal() }
    }
    const negated = this.isWord('not')
    if (negated) this.i++
    if (this.isWord('in')) {
      this.i++
      this.expectPunct('(')
      const values = [this.literal()]
      while (this.isPunct(',')) {
        this.i++
        values.push(this.literal())
      }
      this.expectPunct(')')
      if (values.length > 100) throw invalid('At most 100 values in IN', 'IN 列表最多 100 个值')
      return { kind: 'in', column, negated, values }
    }
    if (negated) throw invalid('Expected IN after NOT', 'NOT 之后应为 IN')
    const op = this.peek()
    if (op?.kind !== 'punct' || !COMPARE_OPS.has(op.text))
      throw invalid('Expected a comparison', '此处应为比较运算符')
    this.i++
    return { kind: 'compare', column, op: op.text as CompareOp, value: this.literal() }
  }

  query(): ParsedQuery {
    this.expectWord('select')
    const items = [this.selectItem()]
    while (this.isPunct(',')) {
      this.i++
      items.push(this.selectItem())
    }
    this.expectWord('from')
    const table = this.identifier()
    if (this.isPunct(',')) throw sandboxError('sandbox.join_refused')
    if (!this.done() && !this.isWord('where') && !this.isWord('group')) this.alias()
    const where: Condition[] = []
    if (this.isWord('where')) {
      this.i++
      where.push(this.condition())
      while (this.isWord('and')) {
        this.i++
        where.push(this.condition())
      }
      if (this.isWord('or'))
        throw invalid('OR is not supported; run separate queries', '不支持 OR，请分别查询')
    }
    const groupBy: string[] = []
    if (this.isWord('group')) {
      this.i++
      this.expectWord('by')
      groupBy.push(this.identifier())
      while (this.isPunct(',')) {
        this.i++
        groupBy.push(this.identifier())
      }
    }
    if (this.isWord('having')) throw invalid('HAVING is not supported', '不支持 HAVING')
    if (!this.done()) throw invalid('Unexpected text after the query', '查询语句结尾有多余内容')
    return { items, table, where, groupBy }
  }
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max'])
const COMPARE_OPS = new Set(['=', '<>', '<', '<=', '>', '>='])
const RESERVED = new Set([
  'select',
  'from',
  'where',
  'group',
  'by',
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'between',
  'as',
  'distinct',
  'having',
  'true',
  'false',
])

export function parseSandboxSql(sql: string): ParsedQuery {
  const tokens = tokenize(sql)
  refuseTricks(tokens)
  return new Parser(tokens).query()
}
