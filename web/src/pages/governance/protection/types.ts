export interface GradingRow {
  resourceId: string
  fieldCode: string
  resourceCode: string
  resourceName: string
  orgId: string
  regionCode: string
  categoryPath: string
  grade: string
  impactObject: string
  impactDegree: string
  basis: string
  sensitivePi: boolean
  piCategories: string[]
  derivedFrom: string[]
  reviewed: boolean
  reviewerName: string | null
  reviewedAt: string | null
  updatedAt: string
}

export interface GradePolicy {
  grade: string
  shareTypes: string[]
  openTypes: string[]
  masking: string
  approvers: string[]
  updatedAt: string
}

export interface GradingView {
  resource: {
    id: string
    code: string
    name: string
    shareType: string
    openType: string
    mountStatus: string
  }
  decision: GradingRow | null
  effectiveGrade: string | null
  fields: {
    code: string
    name: string
    dataType: string
    grade: string | null
    decision: GradingRow | null
    sensitiveType: string | null
    confirmed: boolean
  }[]
  inputs: { id: string; grade: string | null }[]
  policy: GradePolicy | null
  issues: string[]
  canEdit: boolean
  canReview: boolean
}

export interface Proposal {
  code: string
  name: string
  type: string | null
  confidence: number
  byName: string | null
  byValues: string | null
  valueShare: number
  sampled: number
  suggestedGrade: string | null
  piCategory: string | null
}

export interface DiscoveryRun {
  id: string
  resourceId: string
  sampledRows: number
  proposals: Proposal[]
  createdAt: string
  confirmedAt: string | null
}

export interface MaskingPreview {
  sampledRows: number
  fields: {
    code: string
    name: string
    grade: string | null
    mode: string
    sensitiveType: string | null
    confirmed: boolean
    unreviewed: string | null
    reviewed: string | null
  }[]
  rows: Record<string, string | number | boolean | null>[]
}

export interface Alert {
  id: string
  rule: string
  severity: string
  status: string
  appId: string | null
  grantId: string | null
  resourceId: string | null
  consumerOrgId: string | null
  providerOrgId: string | null
  windowStart: string
  windowEnd: string
  summary: string
  details: Record<string, string | number | null>
  actions: string[]
  handledAt: string | null
  note: string | null
  createdAt: string
  canAct: boolean
}

export interface AlertDetail extends Alert {
  grants: { id: string; resourceId: string; resourceCode: string; status: string; validUntil: string }[]
}

export interface Notice {
  id: string
  alertId: string | null
  title: string
  body: string
  createdAt: string
  readAt: string | null
}
