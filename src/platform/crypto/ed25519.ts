import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'
import { parseHex, toBytes } from './bytes.ts'
import { CryptoError } from './errors.ts'

/**
 * Keys are raw RFC 8032 bytes as hex (private = 32-byte seed, public = 32 bytes), not PEM: they are what
 * other Ed25519 libraries and the RFC vectors use, and fit in a text column without parsing.
 */
export interface Ed25519KeyPair {
  readonly publicKey: string
  readonly privateKey: string
}

// Fixed DER headers of PKCS#8 / SPKI for Ed25519 (RFC 8410); node:crypto imports raw keys only via DER or JWK.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export function ed25519GenerateKeyPair(): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519')
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length)
  return { privateKey: seed.toString('hex'), publicKey: rawPublicKey(createPublicKey(privateKey)) }
}

export function ed25519PublicKeyFromPrivate(privateKeyHex: string): string {
  return rawPublicKey(createPublicKey(importPrivateKey(privateKeyHex)))
}

/** Signature: 64 bytes as 128 lower-case hex chars. */
export function ed25519Sign(message: string | Uint8Array, privateKeyHex: string): string {
  return sign(null, toBytes(message), importPrivateKey(privateKeyHex)).toString('hex')
}

/** False for any malformed key or signature, never throws. */
export function ed25519Verify(
  message: string | Uint8Array,
  signatureHex: string,
  publicKeyHex: string,
): boolean {
  const signature = parseHex(signatureHex, 64)
  const publicKey = parseHex(publicKeyHex, 32)
  if (signature === null || publicKey === null) return false
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
    return verify(null, toBytes(message), key, signature)
  } catch {
    return false
  }
}

function importPrivateKey(privateKeyHex: string): KeyObject {
  const seed = parseHex(privateKeyHex, 32)
  if (seed === null) throw new CryptoError('crypto.bad_key', 'Ed25519 private key must be 64 hex chars')
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

function rawPublicKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('hex')
}
