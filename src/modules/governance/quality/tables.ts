/** Tables of data quality and rectification (migrations 0001–0003 of the governance module). */
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Json } from '../../../platform/db/index.ts'
import type { Dimension, RuleType } from './rule-types.ts'

type TextArray = ColumnType<string[], string[], string[]>
type Numeric = ColumnType<number, number, number>
type BigCount = ColumnType<number, number, number>

export type QualityRulesTable = {
  id: string
  resourceId: string
  orgId: string
  regionCode: string
  ruleType: RuleType
  dimension: Dimension
  fieldCodes: TextArray
  params: ColumnType<Json, string, string>
  threshold: Numeric
  name: string
  enabled: Generated<boolean>
  origin: 'manual' | 'suggested'
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export type RunTrigger = 'manual' | 'schedule' | 'load' | 'recheck'
export type RunStatus = 'running' | 'succeeded' | 'failed'

export type QualityRunsTable = {
  id: string
  resourceId: string
  resourceName: string
  orgId: string
  regionCode: string
  trigger: RunTrigger
  status: RunStatus
  rowCount: BigCount | null
  scores: ColumnType<Json, string | undefined, string>
  score: Numeric | null
  error: string | null
  durationMs: number | null
  startedBy: string | null
  startedAt: Generated<Date>
  finishedAt: Date | null
}

export type QualityRuleResultsTable = {
  id: string
  runId: string
  ruleId: string
  ruleType: RuleType
  dimension: Dimension
  fieldCodes: TextArray
  name: string
  threshold: Numeric
  evaluated: boolean
  checked: BigCount
  failed: BigCount
  breached: boolean
  note: string | null
  samples: ColumnType<Json, string, string>
}

export type TicketSource = 'audit' | 'report'
export type TicketStatus = 'open' | 'rechecking' | 'disputed' | 'closed'
export type TicketResolution = 'fixed' | 'explained' | 'dismissed'

export type RectificationTicketsTable = {
  id: string
  resourceId: string
  resourceName: string
  providerOrgId: string
  providerRegionCode: string
  source: TicketSource
  ruleId: string | null
  runId: string | null
  reporterOrgId: string | null
  reporterRegionCode: string | null
  recordKey: string | null
  fieldCode: string | null
  description: string
  status: TicketStatus
  resolution: TicketResolution | null
  dueDate: string
  answer: string | null
  answeredAt: Date | null
  escalatedAt: Date | null
  reopenCount: Generated<number>
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
  closedAt: Date | null
}

export type RectificationEventsTable = {
  id: string
  ticketId: string
  at: Date
  action: string
  fromStatus: TicketStatus | null
  toStatus: TicketStatus
  actorId: string | null
  actorName: string | null
  note: string | null
  details: ColumnType<Json, string, string>
}

export type QualityTables = {
  qualityRules: QualityRulesTable
  qualityRuns: QualityRunsTable
  qualityRuleResults: QualityRuleResultsTable
  qualityCursors: { name: string; seenAt: Date }
  rectificationTickets: RectificationTicketsTable
  rectificationEvents: RectificationEventsTable
}

export type RuleRow = Selectable<QualityRulesTable>
export type RunRow = Selectable<QualityRunsTable>
export type TicketRow = Selectable<RectificationTicketsTable>
