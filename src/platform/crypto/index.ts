/**
 * Public door of the crypto platform piece. Rationale and construction details: docs/adr/0004-crypto.md.
 */
export {
  type Ed25519KeyPair,
  ed25519GenerateKeyPair,
  ed25519PublicKeyFromPrivate,
  ed25519Sign,
  ed25519Verify,
} from './ed25519.ts'
export { CryptoError, type CryptoErrorCode } from './errors.ts'
export { hashPassword, verifyPassword } from './password.ts'
export { constantTimeEqualHex, randomToken } from './random.ts'
export { type Sm2KeyPair, sm2GenerateKeyPair, sm2PublicKeyFromPrivate, sm2Sign, sm2Verify } from './sm2.ts'
export { sm3, sm3Hmac } from './sm3.ts'
export { openSecret, sealSecret, sm4DecryptBlockEcb, sm4EncryptBlockEcb } from './sm4.ts'
