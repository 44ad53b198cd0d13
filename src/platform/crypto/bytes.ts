import { timingSafeEqual } from 'node:crypto'

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/
const BASE64URL_RE = /^[A-Za-z0-9_-]*$/
const BASE64_RE = /^[A-Za-z0-9+/]*$/

export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data
}

/**
 * Buffer.from(s, 'hex') silently stops at the first bad character, which would let a malformed key or
 * signature be treated as a shorter valid one; this parser refuses instead.
 */
export function parseHex(hex: string, expectedBytes?: number): Buffer | null {
  if (!HEX_RE.test(hex)) return null
  if (expectedBytes !== undefined && hex.length !== expectedBytes * 2) return null
  return Buffer.from(hex, 'hex')
}

/** Rejects non-canonical encodings so that one byte string has exactly one textual form. */
export function parseBase64Url(text: string): Buffer | null {
  if (!BASE64URL_RE.test(text)) return null
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : null
}

/** Unpadded standard base64 (the PHC string convention); canonical form only. */
export function parseBase64NoPad(text: string): Buffer | null {
  if (!BASE64_RE.test(text)) return null
  const bytes = Buffer.from(text, 'base64')
  return toBase64NoPad(bytes) === text ? bytes : null
}

export function toBase64NoPad(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '')
}

/** timingSafeEqual throws on unequal lengths; lengths are not secret here, so answer false instead. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}
