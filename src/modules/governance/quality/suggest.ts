/**
 * Rule suggestions from field names, declared types and a sample of values (datastore tables; external sources
 * by names and types only). A steward confirms, edits or adds them; nothing is created here. Rules already
 * present (same type and fields) are not suggested again.
 */
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { validateCreditCode, validateIdNumber } from '../../../platform/validators/index.ts'
import { fieldLengths, type SharedField } from '../../catalog/index.ts'
import { previewRows } from '../../datastore/index.ts'
import { resourceFor } from './resources.ts'
import { RULE_LABELS, type RuleParams, type RuleType } from './rule-types.ts'
import { q } from './store.ts'

export interface Suggestion {
  readonly type: RuleType
  readonly fields: string[]
  readonly params: RuleParams
  readonly threshold: number
  readonly name: string
  readonly reason: string
}

const SAMPLE = 200
/** Share of sampled non-blank values that must pass a check before the check is suggested from values alone. */
const VALUE_SHARE = 0.9

const NAME_RULES: readonly (readonly [RuleType, RegExp])[] = [
  ['id_number', /公民身份号码|身份证|^sfzh|sfzhm|id_?(number|card|no)$/i],
  ['credit_code', /信用代码|tyshxydm|^shxydm|credit_?code|uscc/i],
  ['mobile', /手机|^sjhm?$|mobile/i],
  ['landline', /固定电话|座机|办公电话|^gddh$|^bgdh$|landline|^tel$/i],
  ['email', /邮箱|电子邮件|^dzyx$|e-?mail/i],
  ['region_code', /区划代码|区划|^qhdm$|^xzqh|region_?code|^xzqhdm$/i],
  ['date', /日期|^rq$|rq$|_date$|^date/i],
]

const VALUE_CHECKS: readonly (readonly [RuleType, (v: string) => boolean])[] = [
  ['id_number', (v) => validateIdNumber(v).ok],
  ['credit_code', (v) => validateCreditCode(v).ok],
  ['mobile', (v) => /^1[3-9]\d{9}$/.test(v)],
  ['email', (v) => /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(v)],
]

function byValues(values: readonly string[]): RuleType | null {
  if (values.length < 5) return null
  for (const [type, ok] of VALUE_CHECKS)
    if (values.filter(ok).length >= values.length * VALUE_SHARE) return type
  return null
}

function forField(f: SharedField, values: readonly string[], length: number | null): Suggestion[] {
  const out: Suggestion[] = []
  const add = (type: RuleType, reason: string, params: RuleParams = {}, threshold = 0) =>
    out.push({ type, fields: [f.code], params, threshold, name: `${f.name}·${RULE_LABELS[type]}`, reason })
  if (f.isKey) {
    add('not_null', '主键字段不应为空')
    add('unique', '主键字段取值应唯一')
  }
  const named = NAME_RULES.find(([, re]) => re.test(f.code) || re.test(f.name))?.[0] ?? null
  const valued = byValues(values)
  const type = named ?? valued
  if (type === 'date' && f.dataType !== 'string' && !/出生|csrq|birth/i.test(`${f.code}${f.name}`)) {
    // Typed date columns are valid dates by construction; only birth dates get a "not in the future" check.
  } else if (type) {
    const reason = named
      ? `字段名「${f.name}」提示为${RULE_LABELS[type]}`
      : `抽样值中 ≥90% 符合${RULE_LABELS[type]}格式`
    add(
      type,
      reason,
      type === 'date' && /出生|csrq|birth/i.test(`${f.code}${f.name}`) ? { notFuture: true } : {},
    )
  }
  if (/年龄|^nl$|^age$/i.test(f.code) || /年龄/.test(f.name))
    add('range', '年龄应在 0–150 之间', { min: 0, max: 150 })
  if (f.dataType === 'string' && length && !type) add('length', `目录登记的长度为 ${length}`, { max: length })
  return out
}

export async function suggestRules(db: Db, ctx: RequestContext, resourceId: string): Promise<Suggestion[]> {
  const r = await resourceFor(db, ctx.actor, resourceId, false)
  const rows = r.facts.mountStatus === 'mounted' ? await previewRows(db, resourceId, r.fields, SAMPLE) : null
  const lengths = await fieldLengths(db, resourceId)
  const existing = await q(db)
    .selectFrom('qualityRules')
    .select(['ruleType', 'fieldCodes'])
    .where('resourceId', '=', resourceId)
    .execute()
  const have = new Set(existing.map((e) => `${e.ruleType}:${e.fieldCodes.join(',')}`))
  const out: Suggestion[] = []
  for (const f of r.fields) {
    const values = (rows ?? []).flatMap((row) => {
      const v = row[f.code]
      return v === null || v === undefined || String(v).trim() === '' ? [] : [String(v).trim()]
    })
    out.push(...forField(f, values, lengths.get(f.code) ?? null))
  }
  if (r.facts.updateFrequency !== 'irregular')
    out.push({
      type: 'timeliness',
      fields: [],
      params: {},
      threshold: 0,
      name: `资源·${RULE_LABELS.timeliness}`,
      reason: '按目录登记的更新频率检查数据是否及时更新',
    })
  return out.filter((s) => !have.has(`${s.type}:${s.fields.join(',')}`))
}
