/**
 * Codes are stable strings so that callers (and logs) can branch on them without parsing messages.
 * `crypto.tampered` deliberately covers both "wrong key" and "modified ciphertext": an
 * authenticated scheme cannot tell them apart, and pretending otherwise would leak information.
 */
export type CryptoErrorCode = 'crypto.bad_format' | 'crypto.tampered' | 'crypto.bad_key'

export class CryptoError extends Error {
  readonly code: CryptoErrorCode

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options)
    this.name = 'CryptoError'
    this.code = code
  }
}
