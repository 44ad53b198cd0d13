/**
 * The registration certificate as a portable document: `{ "certificate": {…}, "signature": {…} }`. The signature
 * covers the canonical JSON of `certificate` (keys sorted at every depth, no whitespace; see
 * platform/audit/canonical.ts), so any change to a value breaks it while re-indenting the file does not. Pure
 * functions only: the online verifier and the offline CLI (`shuhui verify`) share them.
 */
import { canonicalJson } from '../../platform/audit/canonical.ts'
import { ed25519Sign, ed25519Verify, sm2Sign, sm2Verify } from '../../platform/crypto/index.ts'
import type { Json, JsonObject } from '../../platform/db/index.ts'
import type { SigningAlgorithm } from './tables.ts'

export const CERTIFICATE_TYPE = 'shuhui.registration-certificate'

export interface CertificateSignature {
  readonly algorithm: SigningAlgorithm
  readonly keyId: string
  /** Hex: SM2 raw r||s (GB/T 32918.2, default ID) or Ed25519 (RFC 8032), 128 chars. */
  readonly value: string
}

export interface CertificateFile {
  readonly certificate: JsonObject
  readonly signature: CertificateSignature
}

/** The facts a verifier reads from a certificate (all present in every certificate we sign). */
export interface CertificateFacts {
  readonly certificateId: string
  readonly number: string
  readonly version: number
  readonly validUntil: string
  readonly validFrom: string
}

export type SignatureCheck = 'valid' | 'tampered' | 'unknown_signer'

export function signDocument(
  document: JsonObject,
  algorithm: SigningAlgorithm,
  privateKey: string,
): { canonical: string; signature: string } {
  const canonical = canonicalJson(document)
  const signature = algorithm === 'SM2' ? sm2Sign(canonical, privateKey) : ed25519Sign(canonical, privateKey)
  return { canonical, signature }
}

export function signatureValid(
  document: JsonObject,
  signature: Pick<CertificateSignature, 'algorithm' | 'value'>,
  publicKey: string,
): boolean {
  const canonical = canonicalJson(document)
  return signature.algorithm === 'SM2'
    ? sm2Verify(canonical, signature.value, publicKey)
    : ed25519Verify(canonical, signature.value, publicKey)
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A parsed certificate file, or null when the value does not have the certificate's shape. */
export function parseCertificateFile(value: unknown): CertificateFile | null {
  if (!isObject(value)) return null
  const { certificate, signature } = value
  if (!isObject(certificate) || !isObject(signature)) return null
  const { algorithm, keyId, value: sig } = signature
  if (algorithm !== 'SM2' && algorithm !== 'Ed25519') return null
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 200) return null
  if (typeof sig !== 'string' || sig.length > 1000) return null
  return { certificate, signature: { algorithm, keyId, value: sig } }
}

const text = (v: Json | undefined) => (typeof v === 'string' ? v : null)

/** The verifier's facts, or null when the signed document lacks them (it cannot be one of ours). */
export function certificateFacts(document: JsonObject): CertificateFacts | null {
  const certificateId = text(document.certificateId)
  const number = text(document.number)
  const validUntil = text(document.validUntil)
  const validFrom = text(document.validFrom)
  const version = document.version
  if (document.type !== CERTIFICATE_TYPE || !certificateId || !number || !validUntil || !validFrom)
    return null
  if (typeof version !== 'number' || !Number.isInteger(version)) return null
  return { certificateId, number, version, validUntil, validFrom }
}

export interface PublishedKey {
  readonly keyId: string
  readonly algorithm: SigningAlgorithm
  readonly publicKey: string
}

/** Checks the signature against the key the certificate names; unknown key id → unknown_signer. */
export function checkSignature(file: CertificateFile, keys: readonly PublishedKey[]): SignatureCheck {
  const key = keys.find((k) => k.keyId === file.signature.keyId)
  if (!key || key.algorithm !== file.signature.algorithm) return 'unknown_signer'
  return signatureValid(file.certificate, file.signature, key.publicKey) ? 'valid' : 'tampered'
}
