export type RegistrationKind = 'initial' | 'change' | 'correction' | 'cancellation' | 'renewal'
export type RegistrationStatus =
  | 'draft'
  | 'submitted'
  | 'supplement_required'
  | 'not_accepted'
  | 'under_review'
  | 'public_notice'
  | 'objection_review'
  | 'terminated'
  | 'valid'
  | 'expired'
  | 'cancelled'
  | 'revoked'
  | 'completed'
  | 'withdrawn'
export type RegistrationAction =
  | 'edit'
  | 'submit'
  | 'withdraw'
  | 'request_supplement'
  | 'accept'
  | 'refuse'
  | 'approve'
  | 'reject'
  | 'revoke'
  | 'decide_objection'

export interface Registration {
  id: string
  kind: RegistrationKind
  targetId: string | null
  targetNumber: string | null
  status: RegistrationStatus
  registrantOrgId: string
  registrantName: string
  applicantOrgId: string
  applicantName: string
  bodyOrgId: string
  bodyName: string
  dataName: string
  summary: string
  number: string | null
  catalogResourceIds: string[]
  operationProductIds: string[]
  operationStartedOn: string | null
  initialDue: string | null
  mandateEndsOn: string | null
  reason: string | null
  submittedOn: string | null
  acceptDue: string | null
  reviewDue: string | null
  noticeStartsOn: string | null
  noticeDue: string | null
  currentDue: string | null
  workingDaysLeft: number | null
  overdue: boolean
  issuedAt: string | null
  validFrom: string | null
  validUntil: string | null
  renewalOpen: boolean
  statusReason: string | null
  createdAt: string
  updatedAt: string
}

export interface Attachment {
  id: string
  material: string | null
  fileName: string
  contentType: string
  sizeBytes: number
  sm3: string
  createdAt: string
}

export interface Evidence {
  catalogResourceId: string
  resourceCode: string
  resourceName: string
  takenAt: string
  rowCount: number
  dataDigest: string
  metadataDigest: string
  digest: string
}

export interface Objection {
  id: string
  realName: string
  contact: string
  content: string
  status: 'pending' | 'upheld' | 'dismissed'
  decisionReason: string | null
  decidedAt: string | null
  createdAt: string
  attachments: Attachment[]
}

export interface RegistrationDetail extends Registration {
  materials: Record<string, string>
  materialChecklist: { code: string; name: string; provided: boolean; required: boolean }[]
  supplementGaps: { material: string; note: string }[] | null
  attachments: Attachment[]
  evidence: Evidence[]
  objections: Objection[]
  certificateVersion: number | null
  history: {
    at: string
    action: string
    fromStatus: string | null
    toStatus: string
    actorName: string | null
    reason: string | null
  }[]
  actions: RegistrationAction[]
}

export interface PublicNotice {
  id: string
  registrantName: string
  kind: RegistrationKind
  dataName: string
  summary: string
  noticeStartsOn: string | null
  noticeDue: string | null
}

export interface VerifyResult {
  result: 'valid' | 'expired' | 'cancelled' | 'revoked' | 'tampered' | 'unknown_signer' | 'unknown'
  number: string | null
  status: string | null
  dataName: string | null
  registrantName: string | null
  bodyName: string | null
  validUntil: string | null
  keyId: string | null
  version: number | null
  current: boolean | null
  checkedAt: string
}

export interface SigningKey {
  keyId: string
  algorithm: 'SM2' | 'Ed25519'
  publicKey: string
  bodyName: string
  bodyRegionCode: string
  status: 'active' | 'retired'
  createdAt: string
  retiredAt: string | null
}
