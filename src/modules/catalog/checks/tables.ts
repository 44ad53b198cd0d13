import type { Generated, Selectable } from 'kysely'
import type { CatalogTables } from '../tables.ts'
import type { CheckCode, CheckSeverity } from './vocabulary.ts'

export interface CheckRunsTable {
  id: string
  trigger: 'manual' | 'nightly'
  regionPrefix: Generated<string>
  orgId: string | null
  requestedBy: string | null
  startedAt: Generated<Date>
  finishedAt: Date | null
  resourceCount: Generated<number>
  issueCount: Generated<number>
}

export interface CheckResultsTable {
  id: string
  runId: string
  resourceId: string
  orgId: string
  regionCode: string
  checkCode: CheckCode
  severity: CheckSeverity
  messageZh: string
  checkedAt: Generated<Date>
}

export interface CheckScoresTable {
  orgId: string
  regionCode: string
  runId: string
  resourceCount: number
  errorCount: number
  warningCount: number
  infoCount: number
  /** numeric(5,1): the drivers return it as a string. */
  score: number | string
  computedAt: Generated<Date>
}

export type CheckTables = CatalogTables & {
  catalogCheckRuns: CheckRunsTable
  catalogCheckResults: CheckResultsTable
  catalogCheckScores: CheckScoresTable
}

export type CheckRunRow = Selectable<CheckRunsTable>
