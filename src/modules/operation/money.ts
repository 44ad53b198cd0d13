/**
 * Money as integer fen (分) in bigint, rates as integer basis points: no float ever touches an amount. The API
 * speaks yuan as decimal strings ("1234.50").
 */

const YUAN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/

/** "1234.5" → 123450n; null for anything that is not a non-negative amount with at most two decimals. */
export function parseYuan(text: string): bigint | null {
  const m = YUAN.exec(text.trim())
  if (!m) return null
  const cents = (m[2] ?? '').slice(1).padEnd(2, '0')
  return BigInt(m[1] ?? '0') * 100n + BigInt(cents || '0')
}

export function formatYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : ''
  const abs = fen < 0n ? -fen : fen
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/** a × bp / 10000, rounded half away from zero to whole fen. */
export function applyBp(amount: bigint, bp: number | bigint): bigint {
  const product = amount * BigInt(bp)
  const q = product / 10000n
  const r = product % 10000n
  const twice = (r < 0n ? -r : r) * 2n
  if (twice >= 10000n) return product < 0n ? q - 1n : q + 1n
  return q
}

/** (a − b) / b in basis points, rounded half away from zero; null when b is 0. */
export function ratioBp(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null
  const scaled = numerator * 10000n
  const q = scaled / denominator
  const r = scaled % denominator
  const abs = (x: bigint) => (x < 0n ? -x : x)
  const neg = scaled < 0n !== denominator < 0n
  const rounded = abs(r) * 2n >= abs(denominator) ? (neg ? q - 1n : q + 1n) : q
  return Number(rounded)
}

/** A fen column read from PostgreSQL (bigint arrives as text). */
export const fen = (value: string | number | bigint): bigint => BigInt(value)
