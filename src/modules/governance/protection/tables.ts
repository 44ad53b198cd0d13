/** Tables of the protection part of governance (migration ../migrations/0011_protection.sql). */
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Db, Json } from '../../../platform/db/index.ts'
import type { Grade, GradeMasking } from '../../../platform/masking/index.ts'

type TextArray = ColumnType<string[], string[] | undefined, string[]>

export type GradePoliciesTable = {
  grade: Grade
  shareTypes: TextArray
  openTypes: TextArray
  masking: GradeMasking
  approvers: TextArray
  updatedBy: string | null
  updatedAt: Generated<Date>
}

export type GradingsTable = {
  resourceId: string
  fieldCode: Generated<string>
  resourceCode: Generated<string>
  resourceName: Generated<string>
  orgId: string
  regionCode: string
  categoryPath: Generated<string>
  grade: Grade
  impactObject: string
  impactDegree: string
  basis: Generated<string>
  sensitivePi: Generated<boolean>
  piCategories: TextArray
  derivedFrom: TextArray
  reviewed: Generated<boolean>
  gradedBy: string | null
  reviewerId: string | null
  reviewerName: string | null
  reviewedAt: Date | null
  updatedAt: Generated<Date>
}

export type FieldSensitivityTable = {
  resourceId: string
  fieldCode: string
  sensitiveType: string | null
  confidence: Generated<number>
  confirmedBy: string | null
  confirmedAt: Generated<Date>
}

export type DiscoveryRunsTable = {
  id: string
  resourceId: string
  orgId: string
  regionCode: string
  sampledRows: number
  proposals: ColumnType<Json, string, string>
  createdBy: string | null
  createdAt: Generated<Date>
  confirmedAt: Date | null
  confirmedBy: string | null
}

export type AlertRule =
  | 'volume_spike'
  | 'off_hours_bulk'
  | 'enumeration'
  | 'denied_burst'
  | 'after_revocation'
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical'
export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'dismissed'

export type RiskAlertsTable = {
  id: string
  rule: AlertRule
  severity: AlertSeverity
  status: Generated<AlertStatus>
  fingerprint: string
  appId: string | null
  grantId: string | null
  resourceId: string | null
  consumerOrgId: string | null
  consumerRegionCode: string | null
  providerOrgId: string | null
  providerRegionCode: string | null
  windowStart: Date
  windowEnd: Date
  summary: string
  details: ColumnType<Json, string, string>
  actions: TextArray
  handledBy: string | null
  handledAt: Date | null
  note: string | null
  createdAt: Generated<Date>
}

export type GovernanceNotificationsTable = {
  id: string
  orgId: string
  alertId: string | null
  title: string
  body: string
  createdAt: Generated<Date>
  readAt: Date | null
  readBy: string | null
}

export type RiskWatermarksTable = {
  id: number
  evaluatedTo: Date
}

export type ProtectionTables = {
  gradePolicies: GradePoliciesTable
  gradings: GradingsTable
  fieldSensitivity: FieldSensitivityTable
  discoveryRuns: DiscoveryRunsTable
  riskAlerts: RiskAlertsTable
  governanceNotifications: GovernanceNotificationsTable
  riskWatermarks: RiskWatermarksTable
}

export type GradePolicyRow = Selectable<GradePoliciesTable>
export type GradingRow = Selectable<GradingsTable>
export type RiskAlertRow = Selectable<RiskAlertsTable>

export const p = (db: Db) => db.withTables<ProtectionTables>()
