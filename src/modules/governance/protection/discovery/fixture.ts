/**
 * A labeled fixture for measuring discovery (not itself a test): columns built from generated data, named in
 * Chinese, pinyin initials, English or not at all (c01 …), with clean values or dirty ones (blanks, 无/NULL
 * placeholders, full-width digits, stray spaces, lower-case x, typos that break checksums), plus look-alike
 * columns that hold nothing sensitive (org names, registration dates, order numbers, codes).
 */
import type { SensitiveType } from '../../../../platform/masking/index.ts'
import { creditCodeCheckChar, idNumberCheckChar } from '../../../../platform/validators/index.ts'

export interface LabeledColumn {
  readonly code: string
  readonly name: string
  readonly truth: SensitiveType | null
  readonly dirty: boolean
  readonly values: readonly (string | number | null)[]
}

/** mulberry32: a small seeded generator, so the fixture and the figures are the same on every run. */
export function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
const digits = (r: Rand, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('')
const REGIONS = ['430302', '430304', '430321', '430102', '430103', '110105', '440305', '320106']
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'
const ROADS = ['人民路', '韶山西路', '建设北路', '五一大道', '芙蓉中路', '解放东路']
const DISTRICTS = [
  '湖南省湘潭市雨湖区',
  '湖南省湘潭市岳塘区',
  '湖南省长沙市芙蓉区',
  '湘潭县易俗河镇',
  '长沙市岳麓区',
]

function luhnDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = body + d
    let sum = 0
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i])
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2
      sum += x
    }
    if (sum % 10 === 0) return String(d)
  }
  return '0'
}

const GEN: Record<SensitiveType, (r: Rand) => string> = {
  id_number: (r) => {
    const y = 1950 + Math.floor(r() * 55)
    const m = String(1 + Math.floor(r() * 12)).padStart(2, '0')
    const d = String(1 + Math.floor(r() * 28)).padStart(2, '0')
    const first = `${pick(r, REGIONS)}${y}${m}${d}${digits(r, 3)}`
    return first + idNumberCheckChar(first)
  },
  credit_code: (r) => {
    const first = `${pick(r, ['91', '12', '11', '52', '92'])}${pick(r, REGIONS)}${digits(r, 6)}${pick(r, ['MA', '0X', '4Q', '7P'])}${digits(r, 1)}`
    return first + creditCodeCheckChar(first)
  },
  mobile: (r) => `1${pick(r, ['3', '5', '7', '8', '9'])}${digits(r, 9)}`,
  landline: (r) =>
    `${pick(r, ['0731', '0732', '010', '020', '0755'])}-${pick(r, ['2', '5', '8'])}${digits(r, 6)}`,
  bank_card: (r) => {
    const body = `${pick(r, ['622202', '621700', '622848', '436742'])}${digits(r, pick(r, [9, 12]))}`
    return body + luhnDigit(body)
  },
  email: (r) =>
    `${pick(r, ['zhang', 'li', 'wang', 'xt', 'hn'])}${digits(r, 4)}@${pick(r, ['qq.com', '163.com', 'hunan.gov.cn', 'example.org'])}`,
  person_name: (r) =>
    `${pick(r, [...SURNAMES])}${pick(r, [...GIVEN])}${r() < 0.6 ? pick(r, [...GIVEN]) : ''}`,
  address: (r) =>
    `${pick(r, DISTRICTS)}${pick(r, ROADS)}${1 + Math.floor(r() * 300)}号${r() < 0.5 ? `${1 + Math.floor(r() * 9)}栋` : ''}`,
  licence_plate: (r) =>
    `${pick(r, [...'湘京粤苏'])}${pick(r, [...'ABCDEFG'])}${pick(r, [...'0123456789ABCDEFGHJK'])}${digits(r, 4)}`,
  passport: (r) => `E${pick(r, [...'0123456789ABCDEFGH'])}${digits(r, 7)}`,
  ip_address: (r) =>
    `${pick(r, ['10', '172', '192', '58', '113'])}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
  birth_date: (r) =>
    `${1950 + Math.floor(r() * 55)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
}

const NAMES: Record<SensitiveType, readonly string[]> = {
  id_number: ['公民身份号码', '身份证号', 'sfzh', 'gmsfhm', 'id_number', 'idcard'],
  credit_code: ['统一社会信用代码', 'tyshxydm', 'credit_code', 'uscc'],
  mobile: ['手机号码', 'sjhm', 'mobile', 'phone', '联系电话'],
  landline: ['固定电话', '办公电话', 'gddh', 'office_tel'],
  bank_card: ['银行卡号', 'yhkh', 'bank_card', 'card_no'],
  email: ['电子邮箱', 'yx', 'email', 'e_mail'],
  person_name: ['姓名', 'xm', 'name', 'contact_name', '联系人'],
  address: ['住址', '家庭住址', 'jtzz', 'address', 'addr'],
  licence_plate: ['车牌号码', 'hphm', 'plate_no'],
  passport: ['护照号码', 'hzhm', 'passport_no'],
  ip_address: ['IP地址', 'ip', 'client_ip'],
  birth_date: ['出生日期', 'csrq', 'birth_date', 'dob'],
}

/** Columns that hold nothing sensitive, some of them easy to mistake for something that does. */
const NONE: readonly [string, (r: Rand) => string | number][] = [
  ['年龄', (r) => 18 + Math.floor(r() * 60)],
  ['性别', (r) => pick(r, ['男', '女'])],
  ['民族', (r) => pick(r, ['汉族', '苗族', '土家族', '侗族'])],
  ['备注', (r) => pick(r, ['已核实', '待补充材料', '按期办结', '无异常'])],
  ['金额', (r) => (r() * 10000).toFixed(2)],
  [
    '单位名称',
    (r) =>
      pick(r, ['湘潭市雨湖区人民政府', '湘潭市市场监督管理局', '湖南省数据局', '长沙市芙蓉区卫生健康局']),
  ],
  ['登记日期', (r) => `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`],
  ['状态', (r) => pick(r, ['在册', '注销', '迁出'])],
  ['数量', (r) => Math.floor(r() * 500)],
  ['订单编号', (r) => `${digits(r, 16)}`],
  ['行政区划代码', (r) => pick(r, REGIONS)],
  ['事项名称', (r) => pick(r, ['新生儿出生一件事', '企业开办', '退休一件事'])],
  ['age', (r) => 18 + Math.floor(r() * 60)],
  ['gender', (r) => pick(r, ['M', 'F'])],
  ['remark', (r) => pick(r, ['ok', 'pending', 'n/a'])],
  ['amount', (r) => (r() * 1000).toFixed(2)],
  ['org_name', (r) => pick(r, ['Xiangtan Market Regulation Bureau', 'Hunan Data Bureau'])],
  ['created_at', (r) => `2025-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T08:00:00Z`],
  ['nl', (r) => 18 + Math.floor(r() * 60)],
  ['xb', (r) => pick(r, ['1', '2'])],
  ['mz', (r) => pick(r, ['01', '02', '03'])],
  ['bz', (r) => pick(r, ['正常', '异常'])],
  ['je', (r) => (r() * 100).toFixed(2)],
  ['dwmc', (r) => pick(r, ['湘潭市公安局', '湘潭县数据中心'])],
  ['sxbm', (r) => `${pick(r, REGIONS)}-${digits(r, 6)}`],
  ['批次号', (r) => digits(r, 13)],
  ['经度', (r) => (110 + r() * 5).toFixed(6)],
  ['邮政编码', (r) => `41${digits(r, 4)}`],
  ['version', (r) => `v${Math.floor(r() * 5)}.${Math.floor(r() * 10)}`],
  ['统计年度', (r) => 2015 + Math.floor(r() * 10)],
  // Look-alikes: names or values that resemble sensitive data but are not.
  ['id', (r) => `01a2${digits(r, 4)}-${digits(r, 4)}-7${digits(r, 3)}-8${digits(r, 3)}-${digits(r, 12)}`],
  ['工号', (r) => digits(r, 6)],
  ['出生地', (r) => pick(r, ['湖南省湘潭市', '湖南省长沙市', '广东省深圳市'])],
  ['member_card_no', (r) => `VIP${digits(r, 10)}`],
  ['email_verified', (r) => pick(r, ['true', 'false'])],
]
/** Sensitive data under names the patterns do not know. */
const EXTRA: readonly [string, SensitiveType][] = [
  ['申请人', 'person_name'],
  ['单位地址', 'address'],
  ['经办人', 'person_name'],
  ['shenqingren', 'person_name'],
]

const FULL_WIDTH = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

/** Spoils one value the way departmental data is spoilt. */
function dirty(r: Rand, v: string): string | null {
  const x = r()
  if (x < 0.06) return null
  if (x < 0.12) return pick(r, ['', '无', 'NULL', '-', '暂无'])
  if (x < 0.17) return `${v.slice(0, -1)}${v.endsWith('1') ? '2' : '1'}` // a typo
  if (x < 0.22) return FULL_WIDTH(v)
  if (x < 0.27) return ` ${v.toLowerCase()} `
  if (x < 0.3 && /^\d{12,}$/.test(v)) return v.replace(/(\d{4})(?=\d)/g, '$1 ')
  return v
}

const ROWS = 60

export function labeledColumns(seed = 20261122): LabeledColumn[] {
  const r = rng(seed)
  const out: LabeledColumn[] = []
  let opaque = 0
  const column = (
    code: string,
    name: string,
    truth: SensitiveType | null,
    isDirty: boolean,
    gen: (r: Rand) => string | number,
  ) => {
    const values = Array.from({ length: ROWS }, () => {
      const v = gen(r)
      return isDirty && typeof v === 'string' ? dirty(r, v) : v
    })
    out.push({ code, name, truth, dirty: isDirty, values })
  }
  for (const [type, names] of Object.entries(NAMES) as [SensitiveType, readonly string[]][]) {
    for (const n of names) {
      const ascii = /^[\x20-\x7e]+$/.test(n)
      for (const isDirty of [false, true]) column(ascii ? n : `f${out.length}`, n, type, isDirty, GEN[type])
    }
    // The same data under names that say nothing.
    for (const isDirty of [false, true, false, true]) {
      opaque++
      column(`c${String(opaque).padStart(2, '0')}`, `字段${opaque}`, type, isDirty, GEN[type])
    }
  }
  for (const [name, type] of EXTRA) {
    const ascii = /^[\x20-\x7e]+$/.test(name)
    for (const isDirty of [false, true])
      column(ascii ? name : `f${out.length}`, name, type, isDirty, GEN[type])
  }
  for (const [name, gen] of NONE) {
    const ascii = /^[\x20-\x7e]+$/.test(name)
    for (const isDirty of [false, true]) column(ascii ? name : `f${out.length}`, name, null, isDirty, gen)
  }
  return out
}
