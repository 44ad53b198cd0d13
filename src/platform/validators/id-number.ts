import { normalizeFullWidth } from './normalize.ts'
import { isProvincePrefix } from './region-code.ts'

/** GB 11643 公民身份号码: 地址码6 | 出生日期8 | 顺序码3 | 校验码1. */

export type IdNumberProblem = 'format' | 'checksum' | 'birth_date' | 'region'

export type IdNumberResult =
  | {
      readonly ok: true
      /** Normalised: trimmed, half-width, upper-case X. */
      readonly value: string
      /** YYYY-MM-DD */
      readonly birthDate: string
      readonly sex: 'male' | 'female'
      readonly regionCode: string
    }
  | { readonly ok: false; readonly reason: IdNumberProblem }

export interface IdNumberOptions {
  /** Decides whether the 6-digit address code is acceptable; default accepts any valid province prefix. */
  readonly isKnownRegion?: (code: string) => boolean
  /** Reference instant for the "not in the future" rule; defaults to now. */
  readonly now?: Date
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'
const FORMAT_RE = /^\d{17}[\dX]$/
const FIRST_17_RE = /^\d{17}$/
const MIN_BIRTH_YEAR = 1800
// Birth dates are Beijing-time calendar dates; China has had no DST since 1991, so a fixed offset is exact.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

export function idNumberCheckChar(first17: string): string {
  if (!FIRST_17_RE.test(first17)) throw new RangeError('idNumberCheckChar expects exactly 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0)
  return CHECK_CHARS[sum % 11] ?? ''
}

/**
 * Checks in the order format → checksum → birth_date → region, so a typo (the common case) is reported as a
 * checksum problem rather than as an implausible date.
 */
export function validateIdNumber(input: string, opts: IdNumberOptions = {}): IdNumberResult {
  const value = normalizeFullWidth(input).toUpperCase()
  if (!FORMAT_RE.test(value)) return { ok: false, reason: 'format' }
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'checksum' }

  const birthDate = parseBirthDate(value.slice(6, 14), opts.now ?? new Date())
  if (birthDate === null) return { ok: false, reason: 'birth_date' }

  const regionCode = value.slice(0, 6)
  const isKnownRegion = opts.isKnownRegion ?? ((code: string) => isProvincePrefix(code.slice(0, 2)))
  if (!isKnownRegion(regionCode)) return { ok: false, reason: 'region' }

  // 顺序码 odd for men, even for women (GB 11643 §4.3).
  const sex = Number(value[16]) % 2 === 1 ? 'male' : 'female'
  return { ok: true, value, birthDate, sex, regionCode }
}

function parseBirthDate(yyyymmdd: string, now: Date): string | null {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  if (year < MIN_BIRTH_YEAR) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  const exists =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  if (!exists) return null
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
  const todayInChina = new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
  return iso <= todayInChina ? iso : null
}
