import { normalizeFullWidth } from './normalize.ts'
import { isRegionCodeFormat } from './region-code.ts'

/**
 * GB 32100 统一社会信用代码: 登记管理部门码1 | 机构类别码1 | 行政区划码6 | 主体标识码9 (GB 11714 组织机构代码) | 校验码1.
 */

export type CreditCodeProblem = 'format' | 'checksum' | 'region'
export type CreditCodeWarning = 'org_code_check'

export type CreditCodeResult =
  | {
      readonly ok: true
      /** Normalised: trimmed, half-width, upper-case. */
      readonly value: string
      readonly warnings: readonly CreditCodeWarning[]
      /** Chinese label of 登记管理部门码 + 机构类别码, when the pair is one of the listed ones. */
      readonly category?: string
    }
  | { readonly ok: false; readonly reason: CreditCodeProblem }

// 31 characters: the digits and upper-case Latin letters without I, O, S, V, Z (too easily misread).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
const ORG_CODE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const CODE_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/
const FIRST_17_RE = /^[0-9A-HJ-NPQRTUWXY]{17}$/
const REGION_RE = /^\d{6}$/
// Central-government bodies are registered under 100000 (中央), which has no GB/T 2260 province pair.
const CENTRAL_REGION = '100000'

const CATEGORIES: Readonly<Record<string, string>> = {
  '11': '机关',
  '12': '事业单位',
  '13': '编办直管群众团体',
  '19': '其他',
  '51': '社会团体',
  '52': '民办非企业单位',
  '53': '基金会',
  '59': '其他',
  '91': '企业',
  '92': '个体工商户',
  '93': '农民专业合作社',
  Y1: '其他',
}

/** Used to generate valid codes (demo data, tests). Throws RangeError unless given 17 alphabet characters. */
export function creditCodeCheckChar(first17: string): string {
  if (!FIRST_17_RE.test(first17)) {
    throw new RangeError('creditCodeCheckChar expects 17 characters of the GB 32100 alphabet')
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0)
  return ALPHABET[(31 - (sum % 31)) % 31] ?? ''
}

/**
 * Checks format → checksum → region. A failed embedded GB 11714 organisation-code check is only a warning:
 * codes converted from legacy registrations carry organisation codes that never satisfied it.
 * Unknown department/category pairs are accepted; new ones are assigned without changing the standard.
 */
export function validateCreditCode(input: string): CreditCodeResult {
  const value = normalizeFullWidth(input).toUpperCase()
  if (!CODE_RE.test(value)) return { ok: false, reason: 'format' }
  const regionCode = value.slice(2, 8)
  if (!REGION_RE.test(regionCode)) return { ok: false, reason: 'format' }
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'checksum' }
  if (regionCode !== CENTRAL_REGION && !isRegionCodeFormat(regionCode)) return { ok: false, reason: 'region' }

  const warnings: CreditCodeWarning[] = orgCodeCheckPasses(value.slice(8, 17)) ? [] : ['org_code_check']
  const category = CATEGORIES[value.slice(0, 2)]
  return category === undefined ? { ok: true, value, warnings } : { ok: true, value, warnings, category }
}

/** GB 11714: 8 body characters (0–9, A–Z → 0–35) and one check character. */
function orgCodeCheckPasses(orgCode: string): boolean {
  let sum = 0
  for (let i = 0; i < 8; i++) sum += ORG_CODE_CHARS.indexOf(orgCode[i] ?? '') * (ORG_CODE_WEIGHTS[i] ?? 0)
  const c = 11 - (sum % 11)
  const expected = c === 10 ? 'X' : c === 11 ? '0' : String(c)
  return orgCode[8] === expected
}
