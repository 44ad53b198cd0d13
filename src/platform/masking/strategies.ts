/**
 * The masking strategies (脱敏策略): one function every consumer path calls — catalog preview, gateway, batch
 * exchange and downloads — so a value is hidden the same way wherever it leaves the platform.
 *
 * Strategy names are stored inside exchange run plans, so they are permanent: add new ones, never rename.
 */
import { sm3Hmac } from '../crypto/index.ts'

export const MASK_STRATEGIES = [
  'id_number',
  'phone',
  'person_name',
  'address',
  'bank_card',
  'hash',
  'null',
  'redact',
] as const
export type MaskStrategy = (typeof MASK_STRATEGIES)[number]

export const REDACTED = '******'

const stars = (n: number) => '*'.repeat(Math.max(0, n))

/** Keeps the first `head` and last `tail` characters; hides the rest. */
function keepEnds(chars: readonly string[], head: number, tail: number): string {
  if (chars.length <= head + tail) return stars(chars.length)
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(-tail).join('')
}

function maskPhone(chars: readonly string[]): string {
  // 138****5678: the middle four digits of a mobile; the four after the area code of a landline.
  if (chars.length < 7) return stars(chars.length)
  const from = chars.length === 11 ? 3 : Math.floor((chars.length - 4) / 2)
  return `${chars.slice(0, from).join('')}****${chars.slice(from + 4).join('')}`
}

function maskAddress(chars: readonly string[]): string {
  // Up to the district or county: 湖南省湘潭市雨湖区韶山西路 1 号 → 湖南省湘潭市雨湖区****.
  const text = chars.join('')
  const m = /^.*?(?:区|县|旗)/.exec(text)
  if (m && m[0].length < text.length) return `${m[0]}****`
  if (m) return m[0]
  return `${chars.slice(0, Math.min(6, Math.ceil(chars.length / 2))).join('')}****`
}

/**
 * SM3-HMAC under a pepper derived from the server key: equal values give equal tokens (joinable across
 * deliveries) while the value itself cannot be recovered. The domain label keeps these tokens unrelated to the
 * gateway's 溯源 hashes of the same values.
 */
export function maskHash(pepper: Uint8Array, value: string): string {
  return sm3Hmac(pepper, `mask-hash:${value.trim().toUpperCase()}`).slice(0, 32)
}

/**
 * Masks one text value. `pepper` is the server key (config.secretKey); without it the hash strategy redacts,
 * never returns the value.
 */
export function maskText(strategy: MaskStrategy, value: string, pepper?: Uint8Array): string | null {
  if (strategy === 'null') return null
  if (strategy === 'redact') return REDACTED
  const chars = [...value]
  if (chars.length === 0) return value
  switch (strategy) {
    case 'id_number':
      // 430302********1234: region of issue and the last four stay; birth date and sequence go.
      return keepEnds(chars, 6, 4)
    case 'phone':
      return maskPhone(chars)
    case 'person_name':
      // 张三 → 张*, 欧阳娜娜 → 欧***.
      return chars[0] + stars(chars.length - 1)
    case 'address':
      return maskAddress(chars)
    case 'bank_card': {
      // Only the last four digits stay; spaces and dashes are dropped first.
      const digits = chars.filter((c) => /[0-9A-Za-z]/.test(c))
      return digits.length <= 4 ? stars(digits.length) : stars(digits.length - 4) + digits.slice(-4).join('')
    }
    case 'hash':
      return pepper ? maskHash(pepper, value) : REDACTED
  }
}

/**
 * Masks one cell of any scalar type: nulls stay null; numbers (a phone stored as an integer) are masked as
 * text; booleans carry no personal data except under redact/null.
 */
export function maskCell<V>(strategy: MaskStrategy, value: V | null, pepper?: Uint8Array): V | string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') {
    if (strategy === 'null') return null
    return strategy === 'redact' ? REDACTED : value
  }
  const text = value instanceof Date ? value.toISOString() : String(value)
  return maskText(strategy, text, pepper)
}
