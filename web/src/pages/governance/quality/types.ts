export type RuleType =
  | 'not_null'
  | 'unique'
  | 'pattern'
  | 'enumeration'
  | 'region_code'
  | 'range'
  | 'length'
  | 'id_number'
  | 'credit_code'
  | 'mobile'
  | 'landline'
  | 'email'
  | 'date'
  | 'referential'
  | 'consistency'
  | 'timeliness'

export type Dimension = 'completeness' | 'validity' | 'uniqueness' | 'consistency' | 'timeliness'

export interface RuleParams {
  pattern?: string
  values?: string[]
  min?: number
  max?: number
  notFuture?: boolean
  refResourceId?: string
  refField?: string
  refValueField?: string
}

export interface QualityRule {
  id: string
  resourceId: string
  type: RuleType
  dimension: Dimension
  fields: string[]
  params: RuleParams
  threshold: number
  name: string
  enabled: boolean
  origin: 'manual' | 'suggested'
  updatedAt: string
}

export interface RuleSuggestion {
  type: RuleType
  fields: string[]
  params: RuleParams
  threshold: number
  name: string
  reason: string
}

export interface QualityRun {
  id: string
  resourceId: string
  resourceName: string
  trigger: 'manual' | 'schedule' | 'load' | 'recheck'
  status: 'running' | 'succeeded' | 'failed'
  rowCount: number | null
  scores: Partial<Record<Dimension, number>>
  score: number | null
  error: string | null
  durationMs: number | null
  startedAt: string
  finishedAt: string | null
}

export interface RuleResult {
  ruleId: string
  type: RuleType
  dimension: Dimension
  fields: string[]
  name: string
  threshold: number
  evaluated: boolean
  checked: number
  failed: number
  failRate: number
  breached: boolean
  note: string | null
  samples: Record<string, string | null>[]
  ticket: { id: string; status: TicketStatus; dueDate: string } | null
}

export interface RunDetail extends QualityRun {
  results: RuleResult[]
}

export interface ScoreRow {
  key: string
  name: string
  resources: number
  score: number | null
  scores: Partial<Record<Dimension, number>>
  openTickets: number
  lastRunAt: string | null
}

export interface Scoreboard {
  items: ScoreRow[]
  trend: { date: string; score: number; runs: number }[]
}

export type TicketStatus = 'open' | 'rechecking' | 'disputed' | 'closed'

export interface Ticket {
  id: string
  resourceId: string
  resourceName: string
  providerOrgId: string
  providerOrgName: string | null
  reporterOrgId: string | null
  reporterOrgName: string | null
  source: 'audit' | 'report'
  ruleId: string | null
  runId: string | null
  recordKey: string | null
  fieldCode: string | null
  description: string
  status: TicketStatus
  resolution: 'fixed' | 'explained' | 'dismissed' | null
  dueDate: string
  workingDaysLeft: number | null
  overdue: boolean
  escalatedAt: string | null
  reopenCount: number
  answer: string | null
  answeredAt: string | null
  createdAt: string
  closedAt: string | null
}

export interface TicketDetail extends Ticket {
  events: {
    at: string
    action: string
    fromStatus: TicketStatus | null
    toStatus: TicketStatus
    actorName: string | null
    note: string | null
  }[]
  actions: ('answer' | 'confirm' | 'reopen' | 'arbitrate')[]
}

export interface OrgTicketStats {
  orgId: string
  orgName: string | null
  total: number
  open: number
  rechecking: number
  disputed: number
  closed: number
  overdue: number
  escalated: number
  fixed: number
  answeredOnTime: number
}
