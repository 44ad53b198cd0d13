/** Shapes of the share-request, grant, statistics and channel APIs (server: src/modules/sharing/requests). */

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'disputed'
export type RequestAction = 'approve' | 'reject' | 'withdraw' | 'dispute' | 'arbitrate'
export type DeliveryMode = 'api' | 'batch' | 'file'
export type GrantStatus = 'active' | 'suspended' | 'revoked' | 'expired'
export type GrantAction = 'suspend' | 'resume' | 'revoke'
export type ChannelProtocol = 'api' | 'database' | 'ftp' | 'file' | 'mq' | 'other'
export type ChannelStatus = 'active' | 'retired'

export interface RowScope {
  field: string
  regionCode: string
}

export interface ShareRequest {
  id: string
  status: RequestStatus
  shareType: 'unconditional' | 'conditional'
  resourceId: string
  resourceCode: string
  resourceName: string
  providerOrgId: string
  providerOrgName: string
  providerRegionCode: string
  consumerOrgId: string
  consumerOrgName: string
  consumerRegionCode: string
  appId: string
  appName: string
  fields: string[]
  purpose: string
  scenario: string
  legalBasis: string
  deliveryMode: DeliveryMode
  periodStart: string
  periodEnd: string
  rowScope: RowScope | null
  createdOn: string
  replyDue: string | null
  workingDaysLeft: number | null
  overdue: boolean
  escalatedAt: string | null
  deliveryDue: string | null
  decidedAt: string | null
  decisionReason: string | null
  decisionWorkingDays: number | null
  decidedOnTime: boolean | null
  approvedFields: string[] | null
  approvedPeriodEnd: string | null
  quotaPerDay: number | null
  ratePerSecond: number | null
  disputeReason: string | null
  disputedAt: string | null
  arbitrationDecision: 'approve' | 'reject' | null
  arbitrationReason: string | null
  arbitratedAt: string | null
  withdrawnAt: string | null
  grantId: string | null
  createdAt: string
  updatedAt: string
}

export interface HistoryEntry {
  at: string
  action: string
  fromStatus: RequestStatus | null
  toStatus: RequestStatus
  actorName: string | null
  reason: string | null
  details: Record<string, unknown>
}

export interface ShareRequestDetail extends ShareRequest {
  history: HistoryEntry[]
  resourceFields: { code: string; name: string }[]
  actions: RequestAction[]
}

export interface Grant {
  id: string
  requestId: string | null
  appId: string
  appName: string
  consumerOrgId: string
  consumerOrgName: string
  resourceId: string
  resourceCode: string
  resourceName: string
  providerOrgId: string
  providerOrgName: string
  fields: string[]
  purpose: string
  scenario: string | null
  deliveryMode: DeliveryMode
  validFrom: string
  validUntil: string
  rowScope: RowScope | null
  quotaPerDay: number | null
  ratePerSecond: number | null
  status: GrantStatus
  statusReason: string | null
  statusChangedAt: string | null
  createdAt: string
  updatedAt: string
  actions: GrantAction[]
}

export interface StatsMetrics {
  requests: number
  pending: number
  overdue: number
  escalated: number
  approved: number
  rejected: number
  withdrawn: number
  disputed: number
  decided: number
  fulfilmentRate: number | null
  reviewed: number
  onTime: number
  onTimeRate: number | null
  avgDecisionWorkingDays: number | null
}

export interface SharingStats {
  by: 'org' | 'region' | 'month'
  regionCode: string | null
  orgId: string | null
  groups: (StatsMetrics & { key: string; label: string; regionCode: string | null })[]
  total: StatsMetrics
}

export interface Channel {
  id: string
  name: string
  providerOrgId: string
  providerOrgName: string
  providerRegionCode: string
  consumerOrgId: string
  consumerOrgName: string
  consumerRegionCode: string
  description: string
  protocol: ChannelProtocol
  status: ChannelStatus
  grantId: string | null
  retiredAt: string | null
  createdAt: string
  updatedAt: string
  canEdit: boolean
}

export interface ChannelStats {
  regionCode: string | null
  regions: {
    regionCode: string
    regionName: string
    total: number
    retired: number
    retiredPct: number | null
  }[]
  total: { total: number; retired: number; retiredPct: number | null }
}
