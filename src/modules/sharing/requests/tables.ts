/** Tables of the requests part of the sharing module (migration ../migrations/0002_requests.sql). */
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { JsonObject } from '../../../platform/db/index.ts'
import type { DeliveryMode } from '../grants-table.ts'

export type ShareRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'disputed'
export type RequestShareType = 'unconditional' | 'conditional'
export type ArbitrationDecision = 'approve' | 'reject'
export type ChannelProtocol = 'api' | 'database' | 'ftp' | 'file' | 'mq' | 'other'
export type ChannelStatus = 'active' | 'retired'

type TextArray = ColumnType<string[], string[], string[]>
type NullableTextArray = ColumnType<string[] | null, string[] | null, string[] | null>

export type ShareRequestsTable = {
  id: string
  consumerOrgId: string
  consumerRegionCode: string
  appId: string
  appName: string
  resourceId: string
  resourceCode: string
  resourceName: string
  providerOrgId: string
  providerRegionCode: string
  shareType: RequestShareType
  fields: TextArray
  purpose: string
  scenario: string
  legalBasis: string
  deliveryMode: DeliveryMode
  periodStart: string
  periodEnd: string
  rowScope: ColumnType<JsonObject | null, string | null, string | null>
  status: ShareRequestStatus
  createdOn: string
  replyDue: string | null
  deliveryDue: string | null
  decidedAt: Date | null
  decidedOn: string | null
  decidedBy: string | null
  decisionReason: string | null
  decisionWorkingDays: number | null
  decidedOnTime: boolean | null
  approvedFields: NullableTextArray
  approvedPeriodEnd: string | null
  quotaPerDay: number | null
  ratePerSecond: number | null
  disputeReason: string | null
  disputedAt: Date | null
  arbitrationDecision: ArbitrationDecision | null
  arbitrationReason: string | null
  arbitratedAt: Date | null
  arbitratedBy: string | null
  escalatedAt: Date | null
  withdrawnAt: Date | null
  grantId: string | null
  createdBy: string
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export type ShareRequestHistoryTable = {
  id: string
  requestId: string
  at: ColumnType<Date, Date | undefined, never>
  action: string
  fromStatus: ShareRequestStatus | null
  toStatus: ShareRequestStatus
  actorId: string | null
  actorName: string | null
  reason: string | null
  details: ColumnType<JsonObject, string | undefined, never>
}

export type ShareChannelsTable = {
  id: string
  name: string
  providerOrgId: string
  providerRegionCode: string
  consumerOrgId: string
  consumerRegionCode: string
  description: string
  protocol: ChannelProtocol
  status: ChannelStatus
  grantId: string | null
  retiredAt: Date | null
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export type RequestsTables = {
  shareRequests: ShareRequestsTable
  shareRequestHistory: ShareRequestHistoryTable
  shareChannels: ShareChannelsTable
}

export type ShareRequestRow = Selectable<ShareRequestsTable>
export type ShareChannelRow = Selectable<ShareChannelsTable>
