/**
 * Kinds of sensitive data (敏感数据类型) and how each is recognised from a field's code, name or data element.
 * Governance's discovery adds evidence from sampled values; masking at read time has only the names (and the
 * types a steward confirmed), so the name patterns live here, beside the strategies they select.
 */
import type { MaskStrategy } from './strategies.ts'

export const SENSITIVE_TYPES = [
  'id_number',
  'credit_code',
  'mobile',
  'landline',
  'bank_card',
  'email',
  'person_name',
  'address',
  'licence_plate',
  'passport',
  'ip_address',
  'birth_date',
] as const
export type SensitiveType = (typeof SENSITIVE_TYPES)[number]

export const SENSITIVE_TYPE_LABELS: Record<SensitiveType, string> = {
  id_number: '公民身份号码',
  credit_code: '统一社会信用代码',
  mobile: '手机号码',
  landline: '固定电话',
  bank_card: '银行卡号',
  email: '电子邮箱',
  person_name: '姓名',
  address: '地址',
  licence_plate: '机动车号牌',
  passport: '护照号码',
  ip_address: 'IP地址',
  birth_date: '出生日期',
}

/** The strategy that hides each type; a credit code identifies an organisation, not a person, and stays. */
export const STRATEGY_OF_TYPE: Record<SensitiveType, MaskStrategy | null> = {
  id_number: 'id_number',
  credit_code: null,
  mobile: 'phone',
  landline: 'phone',
  bank_card: 'bank_card',
  email: 'hash',
  person_name: 'person_name',
  address: 'address',
  licence_plate: 'hash',
  passport: 'hash',
  ip_address: 'hash',
  birth_date: 'redact',
}

export interface NamedField {
  readonly code: string
  readonly name: string
  readonly elementCode?: string | null
}

/**
 * Name patterns in the order they are tried: the more specific first (统一社会信用代码 before 代码, 出生日期
 * before 日期, 固定电话 before 电话). Pinyin initials (sfzh, sjhm, xm …) are what departments' tables use.
 */
const NAME_RULES: readonly (readonly [SensitiveType, RegExp])[] = [
  ['credit_code', /信用代码|统一代码|xydm|tyshxydm|credit_?code|uscc|uniscid/i],
  [
    'id_number',
    /公民身份号码|身份证|证件号码|^sfzh|sfzhm|gmsfhm|zjhm|id_?number|id_?card|id_?no$|identity_?(no|number)|^idcard/i,
  ],
  ['bank_card', /银行卡|银行账号|卡号|账号|yhkh|yhzh|bank_?(card|account)|card_?no|account_?no/i],
  ['passport', /护照|hzhm|passport/i],
  ['licence_plate', /车牌|号牌|hphm|cphm|plate|licen[cs]e_?(no|plate)/i],
  ['email', /邮箱|电子邮件|email|e_?mail|^yx$|dzyx/i],
  ['ip_address', /ip地址|^ip$|ip_?addr|^ipdz$|client_?ip/i],
  ['birth_date', /出生日期|生日|出生年月|^csrq|birth|^dob$|^sr$/i],
  ['landline', /固定电话|座机|办公电话|^gddh|landline|office_?(tel|phone)|^bgdh/i],
  ['mobile', /手机|电话|联系方式|mobile|phone|^sjhm?$|^lxdh$|^tel$|telephone|^dh$|cellphone/i],
  [
    'person_name',
    /姓名|联系人$|法定代表人$|负责人$|^xm$|^name$|^(full|person|real|contact|holder|owner)_?name$|^xingming$|^lxr$|^fddbr$|^fzr$/i,
  ],
  ['address', /地址|住址|居住地|address|^addr$|^dz$|^hjdz$|^zz$|^jzd$|^xzz$|^jtzz$/i],
]

/** The sensitive type a field's code, name or data element names, if any. */
export function sensitiveTypeByName(field: NamedField): SensitiveType | null {
  for (const [type, re] of NAME_RULES) {
    if (re.test(field.code) || re.test(field.name) || (field.elementCode && re.test(field.elementCode)))
      return type
  }
  return null
}
