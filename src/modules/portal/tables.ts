/** Tables of the portal module (migrations/0001_portal.sql, 0002_mirrors.sql). */
import type { Generated, Selectable } from 'kysely'
import type { Db } from '../../platform/db/index.ts'

export type OpenRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'active' | 'completed'
export type OpenDelivery = 'sandbox' | 'download'
export type DemandStatus = 'pending' | 'replied'

export type PortalDevelopersTable = {
  id: string
  email: string | null
  phone: string | null
  passwordHash: string
  displayName: string
  status: Generated<'active' | 'disabled'>
  createdAt: Generated<Date>
}

export type PortalDeveloperSessionsTable = {
  id: string
  developerId: string
  tokenHash: string
  expiresAt: Date
  createdAt: Generated<Date>
}

export type PortalApiKeysTable = {
  id: string
  developerId: string
  name: string
  keyPrefix: string
  keyHash: string
  status: Generated<'active' | 'revoked'>
  createdAt: Generated<Date>
  revokedAt: Date | null
  lastUsedAt: Date | null
}

export type PortalApiUsageTable = {
  keyId: string
  day: string
  calls: Generated<number>
  refused: Generated<number>
}

export type PortalResourceStatsTable = {
  resourceId: string
  day: string
  views: Generated<number>
  downloads: Generated<number>
  apiCalls: Generated<number>
}

export type PortalOpenRequestsTable = {
  id: string
  developerId: string
  developerName: string
  resourceId: string
  resourceCode: string
  resourceName: string
  providerOrgId: string
  providerRegionCode: string
  purpose: string
  scenario: string
  delivery: OpenDelivery
  status: OpenRequestStatus
  createdOn: string
  replyDue: string
  escalatedAt: Date | null
  decidedAt: Date | null
  decidedOn: string | null
  decidedBy: string | null
  decidedByBureau: Generated<boolean>
  decidedOnTime: boolean | null
  decisionReason: string | null
  agreementTerms: string | null
  agreementUntil: string | null
  agreementAcceptedAt: Date | null
  sandboxScopeId: string | null
  outcomeReport: string | null
  outcomeReportedAt: Date | null
  createdAt: Date
  updatedAt: Date
}
export type OpenRequestRow = Selectable<PortalOpenRequestsTable>

export type PortalOpenRequestHistoryTable = {
  id: string
  requestId: string
  action: string
  fromStatus: string | null
  toStatus: string
  actorName: string
  reason: string | null
  at: Date
}

export type PortalDataDemandsTable = {
  id: string
  title: string
  description: string
  category: string | null
  orgId: string
  orgName: string
  regionCode: string
  askerName: string
  contactHash: string | null
  ipHash: string
  status: DemandStatus
  createdOn: string
  replyDue: string
  overdueAt: Date | null
  reply: string | null
  repliedAt: Date | null
  repliedOn: string | null
  repliedBy: string | null
  repliedOnTime: boolean | null
  createdAt: Date
}
export type DataDemandRow = Selectable<PortalDataDemandsTable>

export type PortalLoginFailuresTable = {
  id: string
  accountHash: string
  at: Generated<Date>
}

export type MirrorStatus = 'pending' | 'running' | 'ready' | 'failed' | 'too_large'

/** migrations/0002_mirrors.sql: the portal's copies of externally mounted open resources. */
export type PortalMirrorsTable = {
  resourceId: string
  resourceCode: string
  resourceName: string
  orgId: string
  regionCode: string
  status: MirrorStatus
  dataKey: string | null
  spareKey: string
  rowCount: number | null
  refreshedAt: Date | null
  sourceRowCount: number | null
  rowsCopied: Generated<number>
  rowsSkipped: Generated<number>
  sourceDigest: string | null
  startedAt: Date | null
  finishedAt: Date | null
  durationMs: number | null
  error: string | null
  requestedBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}
export type MirrorRow = Selectable<PortalMirrorsTable>

/** A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type. */
export type PortalTables = {
  portalDevelopers: PortalDevelopersTable
  portalDeveloperSessions: PortalDeveloperSessionsTable
  portalApiKeys: PortalApiKeysTable
  portalApiUsage: PortalApiUsageTable
  portalResourceStats: PortalResourceStatsTable
  portalOpenRequests: PortalOpenRequestsTable
  portalOpenRequestHistory: PortalOpenRequestHistoryTable
  portalDataDemands: PortalDataDemandsTable
  portalLoginFailures: PortalLoginFailuresTable
  portalMirrors: PortalMirrorsTable
}

export const t = (db: Db) => db.withTables<PortalTables>()
