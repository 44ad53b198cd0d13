/** Tables of the registration module (migration ./migrations/0001_registration.sql). */
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { JsonObject } from '../../platform/db/index.ts'

export const KINDS = ['initial', 'change', 'correction', 'cancellation', 'renewal'] as const
export type RegistrationKind = (typeof KINDS)[number]

export const STATUSES = [
  'draft',
  'submitted',
  'supplement_required',
  'not_accepted',
  'under_review',
  'public_notice',
  'objection_review',
  'terminated',
  'valid',
  'expired',
  'cancelled',
  'revoked',
  'completed',
  'withdrawn',
] as const
export type RegistrationStatus = (typeof STATUSES)[number]

export type SigningAlgorithm = 'SM2' | 'Ed25519'
export type ObjectionStatus = 'pending' | 'upheld' | 'dismissed'

type UuidArray = ColumnType<string[], string[] | undefined, string[]>
type Json = ColumnType<JsonObject, string | undefined, string>
type NullableJson = ColumnType<JsonObject | null, string | null | undefined, string | null>

export type RegistrationsTable = {
  id: string
  kind: RegistrationKind
  targetId: string | null
  status: RegistrationStatus
  registrantOrgId: string
  registrantRegionCode: string
  applicantOrgId: string
  bodyOrgId: string
  bodyRegionCode: string
  dataName: string
  summary: string
  materials: Json
  catalogResourceIds: UuidArray
  operationProductIds: UuidArray
  operationStartedOn: string | null
  initialDue: string | null
  mandateEndsOn: string | null
  reason: string | null
  number: string | null
  submittedOn: string | null
  acceptDue: string | null
  reviewDue: string | null
  noticeStartsOn: string | null
  noticeDue: string | null
  cancelDue: string | null
  supplementGaps: NullableJson
  decisionReason: string | null
  issuedAt: Date | null
  validFrom: string | null
  validUntil: string | null
  statusReason: string | null
  statusChangedAt: Date | null
  createdBy: string
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export type RegistrationHistoryTable = {
  id: string
  registrationId: string
  at: ColumnType<Date, Date | undefined, never>
  action: string
  fromStatus: RegistrationStatus | null
  toStatus: RegistrationStatus
  actorId: string | null
  actorName: string | null
  reason: string | null
  details: ColumnType<JsonObject, string | undefined, never>
}

export type RegistrationEvidenceTable = {
  id: string
  registrationId: string
  catalogResourceId: string
  resourceCode: string
  resourceName: string
  takenAt: Date
  rowCount: number
  dataDigest: string
  metadataDigest: string
  digest: string
}

export type RegistrationAttachmentsTable = {
  id: string
  registrationId: string | null
  objectionId: string | null
  material: string | null
  fileName: string
  contentType: string
  sizeBytes: number
  sm3: string
  content: Buffer
  createdAt: Generated<Date>
}

export type RegistrationObjectionsTable = {
  id: string
  registrationId: string
  realName: string
  contact: string
  content: string
  sourceHash: string
  status: Generated<ObjectionStatus>
  decisionReason: string | null
  decidedBy: string | null
  decidedAt: Date | null
  createdAt: Generated<Date>
}

export type SigningKeysTable = {
  id: string
  bodyOrgId: string
  bodyName: string
  bodyRegionCode: string
  algorithm: SigningAlgorithm
  publicKey: string
  privateKeySealed: string
  status: 'active' | 'retired'
  createdAt: Generated<Date>
  retiredAt: Date | null
}

export type CertificatesTable = {
  id: string
  registrationId: string
  number: string
  version: number
  document: string
  keyId: string
  algorithm: SigningAlgorithm
  signature: string
  issuedAt: Date
  supersededAt: Date | null
}

export type SerialsTable = { regionCode: string; year: number; lastSerial: number }

export type RemindersTable = {
  subjectId: string
  kind: string
  dueOn: string
  createdAt: Generated<Date>
}

export type RegistrationTables = {
  registrations: RegistrationsTable
  registrationHistory: RegistrationHistoryTable
  registrationEvidence: RegistrationEvidenceTable
  registrationAttachments: RegistrationAttachmentsTable
  registrationObjections: RegistrationObjectionsTable
  registrationSigningKeys: SigningKeysTable
  registrationCertificates: CertificatesTable
  registrationSerials: SerialsTable
  registrationReminders: RemindersTable
}

export type RegistrationRow = Selectable<RegistrationsTable>
export type ObjectionRow = Selectable<RegistrationObjectionsTable>
export type SigningKeyRow = Selectable<SigningKeysTable>
export type CertificateRow = Selectable<CertificatesTable>
