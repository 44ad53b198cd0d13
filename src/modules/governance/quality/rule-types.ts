/**
 * The kinds of quality rule, the dimension each scores, and the parameters each takes. Field-level rules check
 * the non-blank values of one field (completeness checks every row); uniqueness takes one or more fields
 * (a composite key); referential and consistency compare with another resource (一数一源: the authoritative
 * source); timeliness compares the latest data with the resource's update frequency.
 */

export const RULE_TYPES = [
  'not_null',
  'unique',
  'pattern',
  'enumeration',
  'region_code',
  'range',
  'length',
  'id_number',
  'credit_code',
  'mobile',
  'landline',
  'email',
  'date',
  'referential',
  'consistency',
  'timeliness',
] as const
export type RuleType = (typeof RULE_TYPES)[number]

export const DIMENSIONS = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness'] as const
export type Dimension = (typeof DIMENSIONS)[number]

export const DIMENSION_LABELS: Record<Dimension, string> = {
  completeness: '完整性',
  validity: '有效性',
  uniqueness: '唯一性',
  consistency: '一致性',
  timeliness: '及时性',
}

export const RULE_LABELS: Record<RuleType, string> = {
  not_null: '非空',
  unique: '唯一',
  pattern: '格式（正则）',
  enumeration: '枚举值/代码表',
  region_code: '行政区划代码',
  range: '数值范围',
  length: '长度',
  id_number: '公民身份号码',
  credit_code: '统一社会信用代码',
  mobile: '手机号码',
  landline: '固定电话',
  email: '电子邮箱',
  date: '日期有效',
  referential: '引用存在（参照完整性）',
  consistency: '与权威来源一致（一数一源）',
  timeliness: '更新及时',
}

export function dimensionOf(type: RuleType): Dimension {
  switch (type) {
    case 'not_null':
      return 'completeness'
    case 'unique':
      return 'uniqueness'
    case 'referential':
    case 'consistency':
      return 'consistency'
    case 'timeliness':
      return 'timeliness'
    default:
      return 'validity'
  }
}

/** Parameters, all optional at the type level; `ruleProblems` says which a type needs. */
export interface RuleParams {
  readonly pattern?: string
  readonly values?: string[]
  readonly min?: number
  readonly max?: number
  readonly notFuture?: boolean
  /** referential / consistency: the other (authoritative) resource and its fields. */
  readonly refResourceId?: string
  readonly refField?: string
  readonly refValueField?: string
}

export interface RuleSpec {
  readonly id: string
  readonly type: RuleType
  /** Field codes: one; unique takes several; consistency takes [key, value]; timeliness none or one. */
  readonly fields: readonly string[]
  readonly params: RuleParams
  readonly threshold: number
  readonly name: string
}

export interface FieldIssue {
  readonly field: string
  readonly message: string
  readonly messageZh: string
}

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

function fieldCountProblems(type: RuleType, n: number): FieldIssue[] {
  if (type === 'timeliness')
    return n <= 1 ? [] : [issue('fields', 'at most one field', '及时性规则最多指定一个时间字段')]
  if (type === 'unique')
    return n >= 1 && n <= 8 ? [] : [issue('fields', 'one to eight fields', '唯一性规则需要 1–8 个字段')]
  if (type === 'consistency')
    return n === 2
      ? []
      : [issue('fields', 'a key field and a value field', '一致性规则需要主键字段和比对字段')]
  return n === 1 ? [] : [issue('fields', 'exactly one field', '该规则需要且仅需要一个字段')]
}

function paramProblems(type: RuleType, p: RuleParams): FieldIssue[] {
  switch (type) {
    case 'pattern':
      return p.pattern ? [] : [issue('params.pattern', 'required', '请填写正则表达式')]
    case 'enumeration':
      return p.values && p.values.length > 0 ? [] : [issue('params.values', 'required', '请填写允许的取值')]
    case 'range':
    case 'length': {
      if (p.min === undefined && p.max === undefined)
        return [issue('params.min', 'min or max required', '请至少填写最小值或最大值')]
      if (p.min !== undefined && p.max !== undefined && p.min > p.max)
        return [issue('params.max', 'max below min', '最大值不能小于最小值')]
      return []
    }
    case 'referential':
    case 'consistency': {
      const out: FieldIssue[] = []
      if (!p.refResourceId) out.push(issue('params.refResourceId', 'required', '请选择参照（权威）资源'))
      if (!p.refField) out.push(issue('params.refField', 'required', '请选择参照资源的字段'))
      if (type === 'consistency' && !p.refValueField)
        out.push(issue('params.refValueField', 'required', '请选择参照资源的比对字段'))
      return out
    }
    default:
      return []
  }
}

/** What is wrong with a rule against the resource's fields (empty when it is fine). */
export function ruleProblems(
  rule: Pick<RuleSpec, 'type' | 'fields' | 'params'>,
  fieldCodes: ReadonlySet<string>,
): FieldIssue[] {
  const out = [...fieldCountProblems(rule.type, rule.fields.length), ...paramProblems(rule.type, rule.params)]
  for (const f of rule.fields)
    if (!fieldCodes.has(f)) out.push(issue('fields', `unknown field ${f}`, `资源没有字段 ${f}`))
  return out
}
