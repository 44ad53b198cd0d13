/** Shapes of GET /api/v1/sharing/usage, /usage/calls and /trace (src/modules/sharing/gateway/usage-routes.ts). */

export type UsageSide = 'all' | 'provider' | 'consumer'

export interface UsageSummary {
  from: string
  to: string
  totals: { calls: number; denied: number; rows: number }
  daily: { day: string; calls: number; denied: number; rows: number; avgLatencyMs: number }[]
  byStatus: { status: number; calls: number }[]
  byApp: { appId: string; appName: string; orgId: string; orgName: string; calls: number; denied: number }[]
  byResource: {
    resourceId: string
    resourceCode: string
    resourceName: string
    orgId: string
    orgName: string
    calls: number
    denied: number
  }[]
}

export interface GatewayCall {
  id: string
  calledAt: string
  authMethod: string
  appId: string | null
  clientId: string | null
  consumerOrgId: string | null
  consumerOrgName: string | null
  resourceId: string | null
  resourceCode: string | null
  providerOrgId: string | null
  providerOrgName: string | null
  grantId: string | null
  purpose: string | null
  fields: string[]
  filterFields: string[]
  rowsReturned: number
  status: number
  errorCode: string | null
  latencyMs: number
}
