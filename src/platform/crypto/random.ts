import { randomBytes } from 'node:crypto'
import { bytesEqual, parseHex } from './bytes.ts'

const MAX_TOKEN_BYTES = 1024

/** URL-safe random token (base64url, no padding); 32 bytes = 256 bits unless told otherwise. */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_TOKEN_BYTES) {
    throw new RangeError(`randomToken: bytes must be an integer in [1, ${MAX_TOKEN_BYTES}]`)
  }
  return randomBytes(bytes).toString('base64url')
}

/**
 * Compares the decoded bytes, so hex case does not matter. Malformed hex is `false` rather than an
 * exception because callers compare attacker-supplied values and must not branch on parse errors.
 */
export function constantTimeEqualHex(a: string, b: string): boolean {
  const left = parseHex(a)
  const right = parseHex(b)
  return left !== null && right !== null && bytesEqual(left, right)
}
