import { type BinaryLike, randomBytes, type ScryptOptions, scrypt } from 'node:crypto'
import { promisify } from 'node:util'
import { bytesEqual, parseBase64NoPad, toBase64NoPad } from './bytes.ts'

// scrypt is overloaded and promisify() binds the overload without options; a single-signature wrapper
// gives it the one we need, keeping full types without a cast.
const scryptWithOptions = (
  password: BinaryLike,
  salt: BinaryLike,
  keylen: number,
  options: ScryptOptions,
  callback: (err: Error | null, derivedKey: Buffer) => void,
): void => scrypt(password, salt, keylen, options, callback)
const scryptAsync = promisify(scryptWithOptions)

const DEFAULT_PARAMS = { N: 16384, r: 8, p: 1 } as const
const SALT_BYTES = 16
const KEY_BYTES = 64

// Bounds for parameters read back from storage: wide enough to allow raising the cost later, narrow
// enough that a corrupted row cannot make one login allocate gigabytes.
const MAX_LOG2_N = 20
const MAX_R = 32
const MAX_P = 16
const MIN_SALT_BYTES = 8
const MIN_KEY_BYTES = 16
const MAX_KEY_BYTES = 128

const DECIMAL_RE = /^[1-9][0-9]{0,8}$/

interface ScryptParams {
  readonly N: number
  readonly r: number
  readonly p: number
}

/** Produces `scrypt$N$r$p$salt$hash` (unpadded base64, PHC-style) so parameters can change without a migration. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, KEY_BYTES, DEFAULT_PARAMS)
  const { N, r, p } = DEFAULT_PARAMS
  return `scrypt$${N}$${r}$${p}$${toBase64NoPad(salt)}$${toBase64NoPad(key)}`
}

/** False (never an exception) for a wrong password or a malformed stored value. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored)
  if (parsed === null) return false
  const key = await derive(password, parsed.salt, parsed.hash.length, parsed.params)
  return bytesEqual(key, parsed.hash)
}

function derive(password: string, salt: Uint8Array, keyBytes: number, params: ScryptParams): Promise<Buffer> {
  // NFC so the same password typed through different input methods (composed vs decomposed) still matches.
  const normalized = password.normalize('NFC')
  return scryptAsync(normalized, salt, keyBytes, {
    ...params,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  })
}

function parseStored(
  stored: string,
): { readonly params: ScryptParams; readonly salt: Buffer; readonly hash: Buffer } | null {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [, nText = '', rText = '', pText = '', saltText = '', hashText = ''] = parts
  if (!DECIMAL_RE.test(nText) || !DECIMAL_RE.test(rText) || !DECIMAL_RE.test(pText)) return null
  const params = { N: Number(nText), r: Number(rText), p: Number(pText) }
  const isPowerOfTwo = params.N >= 2 && (params.N & (params.N - 1)) === 0
  if (!isPowerOfTwo || params.N > 2 ** MAX_LOG2_N || params.r > MAX_R || params.p > MAX_P) return null
  const salt = parseBase64NoPad(saltText)
  const hash = parseBase64NoPad(hashText)
  if (salt === null || hash === null || salt.length < MIN_SALT_BYTES) return null
  if (hash.length < MIN_KEY_BYTES || hash.length > MAX_KEY_BYTES) return null
  return { params, salt, hash }
}
