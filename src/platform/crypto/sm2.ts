import { sm2 } from 'sm-crypto-v2'
import { parseHex } from './bytes.ts'
import { CryptoError } from './errors.ts'

/** Order n of the SM2 recommended curve (GB/T 32918.5). */
const SM2_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123')

/**
 * Keys are hex: private 32 bytes (64 chars); public uncompressed `04 || x || y` (130 chars).
 * Signatures follow GB/T 32918.2 with the default distinguishing ID `1234567812345678` and the Z-value
 * prepended before hashing, so they interoperate with GmSSL, BouncyCastle SM2Signer and sm-crypto.
 */
export interface Sm2KeyPair {
  readonly publicKey: string
  readonly privateKey: string
}

const SIGN_OPTIONS = { hash: true, der: false } as const

export function sm2GenerateKeyPair(): Sm2KeyPair {
  for (;;) {
    const { publicKey, privateKey } = sm2.generateKeyPairHex()
    // GB/T 32918.1 restricts d to [1, n-2] because signing inverts (1 + d); the library draws from [1, n-1].
    if (parsePrivateScalar(privateKey) !== null) return { publicKey, privateKey }
  }
}

export function sm2PublicKeyFromPrivate(privateKeyHex: string): string {
  return sm2.getPublicKeyFromPrivateKey(requirePrivateKey(privateKeyHex))
}

/**
 * Signature is raw `r || s`, 64 bytes as 128 hex chars, each half left-padded — not DER. Fixed width keeps
 * it easy to store and compare; convert to DER at the boundary if a peer (e.g. an X.509 toolchain) wants it.
 */
export function sm2Sign(message: string | Uint8Array, privateKeyHex: string): string {
  const privateKey = requirePrivateKey(privateKeyHex)
  return sm2.doSignature(message, privateKey, SIGN_OPTIONS)
}

/** False for any malformed key or signature, never throws: callers treat every failure the same way. */
export function sm2Verify(message: string | Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  const signature = parseSignature(signatureHex)
  const publicKey = normalizePublicKey(publicKeyHex)
  if (signature === null || publicKey === null) return false
  try {
    return sm2.doVerifySignature(message, signature, publicKey, SIGN_OPTIONS)
  } catch {
    return false
  }
}

function requirePrivateKey(privateKeyHex: string): string {
  const lower = privateKeyHex.toLowerCase()
  if (parsePrivateScalar(lower) === null) {
    throw new CryptoError('crypto.bad_key', 'SM2 private key must be 64 hex chars in [1, n-2]')
  }
  return lower
}

function parsePrivateScalar(hex: string): bigint | null {
  if (parseHex(hex, 32) === null) return null
  const d = BigInt(`0x${hex}`)
  return d >= 1n && d <= SM2_ORDER - 2n ? d : null
}

function parseSignature(hex: string): string | null {
  const bytes = parseHex(hex, 64)
  if (bytes === null) return null
  const r = BigInt(`0x${bytes.subarray(0, 32).toString('hex')}`)
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`)
  // GB/T 32918.2 verification step B1/B2: reject out-of-range components before any curve arithmetic.
  const inRange = (v: bigint): boolean => v >= 1n && v < SM2_ORDER
  return inRange(r) && inRange(s) ? bytes.toString('hex') : null
}

function normalizePublicKey(hex: string): string | null {
  const lower = hex.toLowerCase()
  const uncompressed = lower.length === 130 && lower.startsWith('04')
  const compressed = lower.length === 66 && (lower.startsWith('02') || lower.startsWith('03'))
  if ((!uncompressed && !compressed) || parseHex(lower) === null) return null
  try {
    return sm2.verifyPublicKey(lower) ? lower : null
  } catch {
    return null
  }
}
