/**
 * Pure structure rules of GB/T 2260 行政区划代码. Whether a code actually exists is a lookup in the region
 * table in the database, not a rule, so it is not checked here.
 */

export type RegionLevel = 1 | 2 | 3

const REGION_RE = /^\d{6}$/

// Province-level prefixes: 华北 11–15, 东北 21–23, 华东 31–37, 中南 41–46, 西南 50–54, 西北 61–65,
// 台湾 71, 香港 81, 澳门 82.
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  ...range(11, 15),
  ...range(21, 23),
  ...range(31, 37),
  ...range(41, 46),
  ...range(50, 54),
  ...range(61, 65),
  '71',
  '81',
  '82',
])

// In GB/T 2260 the prefecture pair 90 groups county-level units governed by the province directly
// (省直辖县级行政区划, e.g. 429004 仙桃市), so their parent is the province, not `XX9000`.
const PROVINCE_DIRECT_PREFECTURE_PAIR = '90'

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i))
}

export function isProvincePrefix(prefix: string): boolean {
  return PROVINCE_PREFIXES.has(prefix)
}

/** Six digits with a valid province pair (which also excludes 000000). */
export function isRegionCodeFormat(code: string): boolean {
  return REGION_RE.test(code) && isProvincePrefix(code.slice(0, 2))
}

/** 1 = province (XX0000), 2 = prefecture (XXYY00), 3 = county. Throws RangeError for a malformed code. */
export function regionLevel(code: string): RegionLevel {
  requireFormat(code)
  if (code.endsWith('0000')) return 1
  if (code.endsWith('00')) return 2
  return 3
}

/** County → XXYY00 (or XX0000 under pair 90), prefecture → XX0000, province → null. */
export function parentRegionCode(code: string): string | null {
  const level = regionLevel(code)
  const province = `${code.slice(0, 2)}0000`
  if (level === 1) return null
  if (level === 2) return province
  return code.slice(2, 4) === PROVINCE_DIRECT_PREFECTURE_PAIR ? province : `${code.slice(0, 4)}00`
}

/**
 * The significant prefix every descendant shares: '43' for 430000, '4303' for 430300, the full code for a
 * county. Suits `LIKE prefix || '%'` subtree queries.
 */
export function regionPrefix(code: string): string {
  const level = regionLevel(code)
  if (level === 1) return code.slice(0, 2)
  if (level === 2) return code.slice(0, 4)
  return code
}

/** True when `code` is `ancestor` itself or lies in its subtree; false for malformed input. */
export function isWithinRegion(code: string, ancestor: string): boolean {
  if (!isRegionCodeFormat(code) || !isRegionCodeFormat(ancestor)) return false
  return code.startsWith(regionPrefix(ancestor))
}

function requireFormat(code: string): void {
  if (!isRegionCodeFormat(code)) throw new RangeError(`not a GB/T 2260 region code: ${JSON.stringify(code)}`)
}
