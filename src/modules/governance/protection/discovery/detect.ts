/**
 * Sensitive-data discovery for one field: evidence from its name (platform recognition) and from sampled values
 * (checksums where the standard has one: GB 11643, GB 32100, Luhn), combined into a type, a confidence and a
 * suggested grade. Values are normalised first (full-width folded, spaces dropped); placeholders such as 无 or
 * NULL do not count. Pure: nothing is read or logged here.
 */
import { isIP } from 'node:net'
import {
  type Grade,
  type NamedField,
  type SensitiveType,
  sensitiveTypeByName,
} from '../../../../platform/masking/index.ts'
import {
  normalizeFullWidth,
  validateCreditCode,
  validateIdNumber,
} from '../../../../platform/validators/index.ts'
import type { PiCategory } from '../matrix.ts'

const PLACEHOLDERS = new Set(['', '-', '--', '/', '无', '暂无', '空', 'null', 'none', 'n/a', 'na', '0'])

export function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

const SURNAMES = new Set(
  [
    ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ].map((c) => c),
)
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
]
const PROVINCE_CHARS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const PLATE = new RegExp(`^[${PROVINCE_CHARS}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]$`)
const ADDRESS_MARKS = /省|市|区|县|镇|乡|街道|路|街|巷|号|村|组|栋|幢|单元|室|大道|小区/g
/** An address goes below the district (a road, number, village …); an org name (湘潭市雨湖区人民政府) does not. */
const ADDRESS_DETAIL = /镇|乡|街道|路|街|巷|号|村|组|栋|幢|单元|室|大道|小区/

function isPersonName(v: string): boolean {
  if (!/^[\u4e00-\u9fa5]{2,4}(·[\u4e00-\u9fa5]{1,6})?$/.test(v)) return false
  if (COMPOUND_SURNAMES.some((s) => v.startsWith(s))) return v.length >= 3
  return SURNAMES.has(v[0] ?? '')
}

function isDate(v: string): boolean {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(v)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return y >= 1900 && date.getTime() <= Date.now() && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

type ValueType = SensitiveType | 'date'

/** Value detectors in priority order: a checksum beats a pattern when one value fits several. */
const DETECTORS: readonly (readonly [ValueType, (raw: string, compact: string) => boolean])[] = [
  ['id_number', (_r, c) => c.length === 18 && validateIdNumber(c).ok],
  ['credit_code', (_r, c) => c.length === 18 && validateCreditCode(c).ok],
  ['bank_card', (_r, c) => /^\d{13,19}$/.test(c) && luhn(c) && !(c.length === 18 && validateIdNumber(c).ok)],
  ['mobile', (_r, c) => /^(\+?86)?1[3-9]\d{9}$/.test(c)],
  [
    'landline',
    (_r, c) => /^(\(?0\d{2,3}\)?-?)?[2-9]\d{6,7}(-\d{1,5})?$/.test(c) && c.replace(/\D/g, '').length >= 10,
  ],
  ['email', (r) => /^[\w.+-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}$/.test(r)],
  ['passport', (_r, c) => /^(E[A-HJ-NP-Z0-9]\d{7}|[EGDSPH]\d{8})$/.test(c.toUpperCase())],
  ['licence_plate', (_r, c) => PLATE.test(c.toUpperCase())],
  ['ip_address', (r) => isIP(r) !== 0],
  ['person_name', (r) => isPersonName(r)],
  ['address', (r) => r.length >= 6 && ADDRESS_DETAIL.test(r) && (r.match(ADDRESS_MARKS)?.length ?? 0) >= 2],
  ['date', (_r, c) => isDate(c)],
]

export interface ValueEvidence {
  readonly sampled: number
  /** Share of the non-placeholder sampled values each detector accepts (only those above zero). */
  readonly shares: Partial<Record<ValueType, number>>
  readonly distinctShare: number
}

export function valueEvidence(values: readonly unknown[]): ValueEvidence {
  const texts = values
    .filter((v) => v !== null && v !== undefined && typeof v !== 'boolean')
    .map((v) => normalizeFullWidth(String(v)).trim())
    .filter((v) => !PLACEHOLDERS.has(v.toLowerCase()))
  const counts: Partial<Record<ValueType, number>> = {}
  for (const raw of texts) {
    const compact = raw.replace(/[\s-]/g, '')
    for (const [type, test] of DETECTORS) {
      const c = type === 'landline' ? raw.replace(/\s/g, '') : compact
      if (test(raw, c)) {
        counts[type] = (counts[type] ?? 0) + 1
        break
      }
    }
  }
  const shares: Partial<Record<ValueType, number>> = {}
  for (const [type, n] of Object.entries(counts) as [ValueType, number][]) shares[type] = n / texts.length
  return {
    sampled: texts.length,
    shares,
    distinctShare: texts.length ? new Set(texts).size / texts.length : 0,
  }
}

export const SUGGESTED_GRADE: Record<SensitiveType, Grade> = {
  id_number: 'general_4',
  credit_code: 'general_1',
  mobile: 'general_4',
  landline: 'general_2',
  bank_card: 'general_4',
  email: 'general_3',
  person_name: 'general_3',
  address: 'general_4',
  licence_plate: 'general_3',
  passport: 'general_4',
  ip_address: 'general_2',
  birth_date: 'general_3',
}

export const SUGGESTED_PI: Partial<Record<SensitiveType, PiCategory>> = { bank_card: 'financial_account' }

export interface Proposal {
  readonly code: string
  readonly name: string
  readonly type: SensitiveType | null
  readonly confidence: number
  readonly byName: SensitiveType | null
  readonly byValues: ValueType | null
  readonly valueShare: number
  readonly sampled: number
  readonly suggestedGrade: Grade | null
  readonly piCategory: PiCategory | null
}

/** A value type must cover this share of the sampled values to count as evidence. */
const VALUE_SHARE = 0.6

function bestValueType(e: ValueEvidence): [ValueType, number] | null {
  let best: [ValueType, number] | null = null
  for (const [type, share] of Object.entries(e.shares) as [ValueType, number][]) {
    if (!best || share > best[1]) best = [type, share]
  }
  if (!best || best[1] < VALUE_SHARE) return null
  // A name column repeats few values when it holds categories (汉族, 已婚) rather than people.
  if (best[0] === 'person_name' && e.distinctShare < 0.5 && e.sampled >= 10) return null
  return best
}

function decide(byName: SensitiveType | null, value: [ValueType, number] | null, e: ValueEvidence) {
  const round = (n: number) => Math.round(Math.min(1, n) * 100) / 100
  if (value && value[0] !== 'date') {
    const agree = byName === value[0]
    return { type: value[0], confidence: round(0.5 + 0.4 * value[1] + (agree ? 0.1 : 0)) }
  }
  if (value && byName === 'birth_date') return { type: byName, confidence: round(0.6 + 0.4 * value[1]) }
  if (!byName) return { type: null, confidence: round(e.sampled ? 0.9 : 0.5) }
  if (e.sampled === 0) return { type: byName, confidence: 0.6 }
  // Values that say nothing (free text, or a type the name does not name) weaken the name's word.
  const share = e.shares[byName] ?? 0
  return { type: byName, confidence: round(share > 0 ? 0.5 + 0.3 * share : 0.4) }
}

export function proposeField(field: NamedField, values: readonly unknown[]): Proposal {
  const byName = sensitiveTypeByName(field)
  const evidence = valueEvidence(values)
  const value = bestValueType(evidence)
  const { type, confidence } = decide(byName, value, evidence)
  return {
    code: field.code,
    name: field.name,
    type,
    confidence,
    byName,
    byValues: value?.[0] ?? null,
    valueShare: value ? Math.round(value[1] * 100) / 100 : 0,
    sampled: evidence.sampled,
    suggestedGrade: type ? SUGGESTED_GRADE[type] : null,
    piCategory: type ? (SUGGESTED_PI[type] ?? null) : null,
  }
}
