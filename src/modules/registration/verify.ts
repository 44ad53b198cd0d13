/**
 * Online verification and the public certificate query. A certificate file is checked against the key it names
 * among every key our bodies ever published (rotation keeps old ones), then against the registration's status
 * today. A QR payload or bare number is looked up and the stored certificate is checked the same way.
 */
import type { Db, JsonObject } from '../../platform/db/index.ts'
import { orgSummaries } from '../identity/index.ts'
import {
  type CertificateFile,
  certificateFacts,
  checkSignature,
  parseCertificateFile,
} from './certificate-format.ts'
import { shanghaiDate } from './dates.ts'
import { registrationError } from './errors.ts'
import { publishedKeys } from './keys.ts'
import type { VerifyResult } from './schemas.ts'
import { t } from './store.ts'
import type { CertificateRow } from './tables.ts'

type Outcome = VerifyResult['result']

function empty(result: Outcome, now: Date): VerifyResult {
  return {
    result,
    number: null,
    status: null,
    dataName: null,
    registrantName: null,
    bodyName: null,
    validUntil: null,
    keyId: null,
    version: null,
    current: null,
    checkedAt: now.toISOString(),
  }
}

/** The stored certificate file of a row, as handed out. */
export function certificateFileOf(row: CertificateRow): CertificateFile {
  return {
    certificate: JSON.parse(row.document) as JsonObject,
    signature: { algorithm: row.algorithm, keyId: row.keyId, value: row.signature },
  }
}

async function statusOutcome(db: Db, file: CertificateFile, now: Date): Promise<VerifyResult> {
  const facts = certificateFacts(file.certificate)
  if (!facts) return { ...empty('tampered', now), keyId: file.signature.keyId }
  const cert = await t(db)
    .selectFrom('registrationCertificates')
    .select(['registrationId', 'version', 'supersededAt'])
    .where('id', '=', facts.certificateId)
    .executeTakeFirst()
  const reg = cert
    ? await t(db)
        .selectFrom('registrations')
        .select(['status', 'dataName', 'registrantOrgId', 'bodyOrgId', 'validUntil'])
        .where('id', '=', cert.registrationId)
        .executeTakeFirst()
    : undefined
  if (!cert || !reg) return { ...empty('unknown', now), number: facts.number, keyId: file.signature.keyId }
  const orgs = await orgSummaries(db, [reg.registrantOrgId, reg.bodyOrgId])
  const today = shanghaiDate(now)
  const result: Outcome =
    reg.status === 'revoked'
      ? 'revoked'
      : reg.status === 'cancelled'
        ? 'cancelled'
        : reg.status === 'expired' || facts.validUntil < today
          ? 'expired'
          : 'valid'
  return {
    result,
    number: facts.number,
    status: reg.status,
    dataName: reg.dataName,
    registrantName: orgs.get(reg.registrantOrgId)?.name ?? null,
    bodyName: orgs.get(reg.bodyOrgId)?.name ?? null,
    validUntil: facts.validUntil,
    keyId: file.signature.keyId,
    version: facts.version,
    current: cert.supersededAt === null,
    checkedAt: now.toISOString(),
  }
}

export async function verifyCertificate(db: Db, value: unknown, now = new Date()): Promise<VerifyResult> {
  const file = parseCertificateFile(value)
  if (!file) throw registrationError('registration.certificate_malformed')
  const keys = await publishedKeys(db)
  const check = checkSignature(file, keys)
  if (check !== 'valid') return { ...empty(check, now), keyId: file.signature.keyId }
  return statusOutcome(db, file, now)
}

/** The number (and version) carried by a QR payload: a verification link or the bare number. */
export function parseQr(qr: string): { number: string; version: number | null } | null {
  const text = qr.trim()
  try {
    const url = new URL(text, 'http://local')
    const number = url.searchParams.get('number')
    if (number) {
      const v = Number(url.searchParams.get('version'))
      return { number, version: Number.isInteger(v) && v > 0 ? v : null }
    }
  } catch {
    // not a link: a bare number below
  }
  return /^[0-9A-Za-z-]{4,64}$/.test(text) ? { number: text.toUpperCase(), version: null } : null
}

export async function certificateByNumber(db: Db, number: string, version: number | null) {
  let q = t(db).selectFrom('registrationCertificates').selectAll().where('number', '=', number)
  if (version !== null) q = q.where('version', '=', version)
  return q.orderBy('version', 'desc').executeTakeFirst()
}

export async function verifyQr(db: Db, qr: string, now = new Date()): Promise<VerifyResult> {
  const parsed = parseQr(qr)
  if (!parsed) throw registrationError('registration.certificate_malformed')
  const row = await certificateByNumber(db, parsed.number, parsed.version)
  if (!row) return { ...empty('unknown', now), number: parsed.number }
  return verifyCertificate(db, certificateFileOf(row), now)
}
