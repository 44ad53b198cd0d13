/**
 * Generated population-like data for the quality tests (not itself a test file): a deterministic mix of clean,
 * dirty, blank and duplicated values for every rule type, and an authoritative resource sharing some keys.
 */
import { creditCodeCheckChar, idNumberCheckChar } from '../../../platform/validators/index.ts'
import { CREDIT_ALPHABET } from './sql-checks.ts'
import type { FieldDef } from './test-context.ts'

export const POPULATION_FIELDS: FieldDef[] = [
  { code: 'sfzh', name: '公民身份号码' },
  { code: 'xm', name: '姓名', length: 50 },
  { code: 'xb', name: '性别代码' },
  { code: 'sjhm', name: '手机号码' },
  { code: 'gddh', name: '固定电话' },
  { code: 'yx', name: '电子邮箱' },
  { code: 'csrq', name: '出生日期' },
  { code: 'qhdm', name: '户籍地区划代码' },
  { code: 'nl', name: '年龄' },
  { code: 'yzbm', name: '邮政编码' },
  { code: 'tyxydm', name: '工作单位统一社会信用代码' },
]
export const AUTHORITY_FIELDS: FieldDef[] = [
  { code: 'gmsfhm', name: '公民身份号码', isKey: true },
  { code: 'xm', name: '姓名' },
]

/** mulberry32: a small seeded generator, so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
const digits = (r: Rand, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('')

export function validIdNumber(r: Rand): string {
  const region = pick(r, ['430302', '110105', '430300', '440524'])
  const y = 1950 + Math.floor(r() * 55)
  const m = String(1 + Math.floor(r() * 12)).padStart(2, '0')
  const d = String(1 + Math.floor(r() * 28)).padStart(2, '0')
  const first = `${region}${y}${m}${d}${digits(r, 3)}`
  return first + idNumberCheckChar(first)
}

function idNumber(r: Rand, seen: string[]): string | null {
  const x = r()
  if (x < 0.6 || seen.length === 0) {
    const v = validIdNumber(r)
    seen.push(v)
    return v
  }
  if (x < 0.68) return pick(r, seen)
  const v = validIdNumber(r)
  const first = v.slice(0, 17)
  const wrong = '10X98765432'.replace(v[17] ?? '', '')
  return pick(r, [
    first + pick(r, [...wrong]),
    `${v.slice(0, 6)}19900230${v.slice(14, 17)}`.replace(/^(.{17})$/, (s) => s + idNumberCheckChar(s)),
    `${v.slice(0, 6)}20900101${v.slice(14, 17)}`.replace(/^(.{17})$/, (s) => s + idNumberCheckChar(s)),
    `99${v.slice(2, 17)}`.replace(/^(.{17})$/, (s) => s + idNumberCheckChar(s)),
    v.toLowerCase(),
    ` ${v} `,
    v.slice(0, 15),
    '',
  ])
}

export function validCreditCode(r: Rand): string {
  const body = Array.from({ length: 9 }, () => pick(r, [...CREDIT_ALPHABET])).join('')
  const first = `${pick(r, ['91', '11', '12', '52'])}${pick(r, ['430300', '430302', '110000', '100000'])}${body}`
  return first + creditCodeCheckChar(first)
}

function creditCode(r: Rand): string | null {
  const v = validCreditCode(r)
  return pick(r, [
    v,
    v,
    v,
    v,
    `${v.slice(0, 17)}${v[17] === '0' ? '1' : '0'}`,
    `${v.slice(0, 5)}I${v.slice(6)}`,
    `91990000${v.slice(8)}`,
    v.toLowerCase(),
    '',
  ])
}

export function populationRow(r: Rand, seen: string[], regions: readonly string[]): (string | null)[] {
  return [
    idNumber(r, seen),
    pick(r, ['张三', '欧阳娜娜', '王', '李四', '张三丰丰丰', '', '赵六']),
    pick(r, ['1', '2', '9', '3', '男', '']),
    pick(r, ['13812345678', '19912345678', '12812345678', '1381234567', ' 13912345678 ', '', 'abc']),
    pick(r, ['0731-58581234', '073158581234', '58581234', '12345', '0731-1234567', '0731-5858123-801', '']),
    pick(r, ['a.b@example.com', 'li_si@xt.gov.cn', 'bad@', 'x@y.c', 'no at.com', '']),
    pick(r, [
      '1990-01-15',
      '19900115',
      '1990/02/28',
      '1990/02/29',
      '2024-02-29',
      '2023-02-29',
      '2099-01-01',
      'abc',
      '1990-1-5',
      '2000-13-01',
      '',
    ]),
    pick(r, [pick(r, regions), pick(r, regions), '999999', '430399', 'abc', '']),
    pick(r, ['25', '151', '-1', 'abc', '30.5', '+40', '150', '0', '']),
    pick(r, ['411100', '41110', 'abcdef', '411 100', '']),
    creditCode(r),
  ]
}

/** The authoritative source: most known keys with the same name, some with another name, plus unknown keys. */
export function authorityRows(r: Rand, rows: readonly (readonly (string | null)[])[]): (string | null)[][] {
  const out: (string | null)[][] = []
  for (const row of rows) {
    const key = row[0]
    if (!key || r() < 0.2) continue
    out.push([key.trim().toUpperCase(), r() < 0.85 ? (row[1] ?? null) : '改名后'])
  }
  out.push([validIdNumber(r), '外地人'])
  return out
}
