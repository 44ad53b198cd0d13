import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { bytesEqual, parseBase64Url } from './bytes.ts'
import { CryptoError } from './errors.ts'
import { sm3HmacBytes } from './sm3.ts'

const SM4_KEY_BYTES = 16
const SM4_BLOCK_BYTES = 16
const MASTER_KEY_BYTES = 32
const IV_BYTES = 16
const TAG_BYTES = 32
const SEALED_PREFIX = 'sm4v1:'
const SEALED_VERSION = 0x01

// Distinct labels give independent enc/mac keys from one master key, so a key used for SM4 is never
// also fed to HMAC. The version is in the label so a future scheme cannot collide with this one.
const ENC_LABEL = 'shuhui/secret/sm4v1/enc'
const MAC_LABEL = 'shuhui/secret/sm4v1/mac'

const utf8Strict = new TextDecoder('utf-8', { fatal: true })

/** Single-block SM4 (GB/T 32907) encryption; exists for known-answer tests and interop checks. */
export function sm4EncryptBlockEcb(key: Uint8Array, block: Uint8Array): Uint8Array {
  return sm4EcbBlock('encrypt', key, block)
}

export function sm4DecryptBlockEcb(key: Uint8Array, block: Uint8Array): Uint8Array {
  return sm4EcbBlock('decrypt', key, block)
}

function sm4EcbBlock(direction: 'encrypt' | 'decrypt', key: Uint8Array, block: Uint8Array): Uint8Array {
  if (key.length !== SM4_KEY_BYTES) throw new CryptoError('crypto.bad_key', 'SM4 key must be 16 bytes')
  if (block.length !== SM4_BLOCK_BYTES)
    throw new CryptoError('crypto.bad_format', 'SM4 block must be 16 bytes')
  const cipher =
    direction === 'encrypt' ? createCipheriv('sm4-ecb', key, null) : createDecipheriv('sm4-ecb', key, null)
  // Padding would turn one block into two; a raw block transform must be length-preserving.
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(block), cipher.final()])
}

interface SecretKeys {
  readonly enc: Buffer
  readonly mac: Buffer
}

function deriveKeys(masterKey: Uint8Array): SecretKeys {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new CryptoError('crypto.bad_key', `master key must be ${MASTER_KEY_BYTES} bytes`)
  }
  return {
    enc: sm3HmacBytes(masterKey, ENC_LABEL).subarray(0, SM4_KEY_BYTES),
    mac: sm3HmacBytes(masterKey, MAC_LABEL),
  }
}

function authTag(macKey: Buffer, context: string, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  const contextBytes = Buffer.from(context, 'utf8')
  // The length prefix keeps context and iv unambiguous: without it, bytes could move between them.
  const header = Buffer.alloc(5)
  header.writeUInt8(SEALED_VERSION, 0)
  header.writeUInt32BE(contextBytes.length, 1)
  return sm3HmacBytes(macKey, Buffer.concat([header, contextBytes, iv, ciphertext]))
}

/**
 * Encrypt-then-MAC with SM4-CTR and HMAC-SM3, for secrets at rest (connection strings, API keys).
 * `context` is authenticated but not stored: pass where the value lives (e.g. `datasource:42:dsn`) so a
 * sealed value copied into another row fails to open. Output: `sm4v1:` + base64url(iv || ciphertext || tag).
 */
export function sealSecret(masterKey: Uint8Array, plaintext: string, context = ''): string {
  const keys = deriveKeys(masterKey)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('sm4-ctr', keys.enc, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = authTag(keys.mac, context, iv, ciphertext)
  return SEALED_PREFIX + Buffer.concat([iv, ciphertext, tag]).toString('base64url')
}

/** Inverse of sealSecret. Throws CryptoError: `crypto.bad_format` or `crypto.tampered` (includes wrong key). */
export function openSecret(masterKey: Uint8Array, sealed: string, context = ''): string {
  const keys = deriveKeys(masterKey)
  if (!sealed.startsWith(SEALED_PREFIX)) {
    throw new CryptoError('crypto.bad_format', 'sealed secret must start with sm4v1:')
  }
  const payload = parseBase64Url(sealed.slice(SEALED_PREFIX.length))
  if (payload === null || payload.length < IV_BYTES + TAG_BYTES) {
    throw new CryptoError('crypto.bad_format', 'sealed secret payload is not valid base64url or too short')
  }
  const iv = payload.subarray(0, IV_BYTES)
  const ciphertext = payload.subarray(IV_BYTES, payload.length - TAG_BYTES)
  const tag = payload.subarray(payload.length - TAG_BYTES)
  // Authenticate before decrypting so no unauthenticated byte ever reaches the cipher or the caller.
  if (!bytesEqual(tag, authTag(keys.mac, context, iv, ciphertext))) {
    throw new CryptoError('crypto.tampered', 'sealed secret failed authentication')
  }
  const decipher = createDecipheriv('sm4-ctr', keys.enc, iv)
  const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  try {
    return utf8Strict.decode(plaintext)
  } catch (cause) {
    throw new CryptoError('crypto.bad_format', 'sealed secret is not UTF-8 text', { cause })
  }
}
