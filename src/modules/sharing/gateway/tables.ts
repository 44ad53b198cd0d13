/** Tables of the gateway part of the sharing module (migration ../migrations/0003_gateway.sql). */
import type { ColumnType, Generated, Selectable } from 'kysely'

type TextArray = ColumnType<string[], string[] | undefined, string[]>
/** `date` columns come back as 'YYYY-MM-DD' on both engines. */
type Day = ColumnType<string, string, string>

export type AuthMethod = 'bearer' | 'signature' | 'none'

export type GatewayCallsTable = {
  id: string
  calledAt: Date
  day: Day
  authMethod: AuthMethod
  appId: string | null
  clientId: string | null
  consumerOrgId: string | null
  consumerRegionCode: string | null
  resourceId: string | null
  resourceCode: string | null
  providerOrgId: string | null
  providerRegionCode: string | null
  grantId: string | null
  purpose: string | null
  fields: TextArray
  filterFields: TextArray
  keyHashes: TextArray
  rowsReturned: Generated<number>
  status: number
  errorCode: string | null
  latencyMs: number
  requestId: string | null
  auditEventId: string | null
}

export type GatewayUsageDailyTable = {
  day: Day
  appId: string
  resourceId: string
  status: number
  resourceCode: string
  consumerOrgId: string
  consumerRegionCode: string
  providerOrgId: string
  providerRegionCode: string
  calls: Generated<number>
  rowsReturned: Generated<number>
  latencyMsTotal: Generated<number>
}

export type GatewayQuotaUsageTable = {
  grantId: string
  day: Day
  calls: Generated<number>
}

export type GatewayNoncesTable = {
  clientId: string
  nonce: string
  expiresAt: Date
}

export type GatewayCallRow = Selectable<GatewayCallsTable>

export type GatewayTables = {
  gatewayCalls: GatewayCallsTable
  gatewayUsageDaily: GatewayUsageDailyTable
  gatewayQuotaUsage: GatewayQuotaUsageTable
  gatewayNonces: GatewayNoncesTable
}
