/** Tables of the exchange part of the sharing module (migration 0004_exchange.sql). */
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Json } from '../../../platform/db/index.ts'

export type TargetKind = 'postgres' | 'file'
export type FileFormat = 'csv' | 'jsonl'
export type ExchangeMode = 'full' | 'incremental'
export type Schedule = 'manual' | 'hourly' | 'daily' | 'cron'
export type RunTrigger = 'manual' | 'schedule' | 'cli'
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface ExchangeJobsTable {
  id: string
  name: string
  grantId: string
  resourceId: string
  resourceCode: string
  consumerOrgId: string
  consumerRegionCode: string
  providerOrgId: string
  providerRegionCode: string
  targetKind: TargetKind
  targetUrlSealed: string | null
  targetHost: string | null
  targetPort: number | null
  targetDatabase: string | null
  targetSchema: string | null
  targetTable: string | null
  fileFormat: FileFormat | null
  fields: ColumnType<string[], string[], string[]>
  mode: ExchangeMode
  watermarkField: string | null
  lastWatermark: string | null
  regionField: string | null
  regionCode: string | null
  schedule: Schedule
  cron: string | null
  nextRunAt: Date | null
  chunkSize: number
  enabled: Generated<boolean>
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
  deletedAt: Date | null
}

export interface ExchangeRunsTable {
  id: string
  jobId: string
  trigger: RunTrigger
  status: Generated<RunStatus>
  plan: ColumnType<Json | null, string | null, string | null>
  watermarkFrom: string | null
  watermarkTo: string | null
  rowsTotal: number | null
  rowsDone: Generated<number>
  chunksDone: Generated<number>
  lastKey: ColumnType<Json | null, string | null, string | null>
  resumedAt: Date | null
  rowsAtResume: Generated<number>
  lockedBy: string | null
  lockedUntil: Date | null
  errorCode: string | null
  error: string | null
  createdBy: string | null
  createdAt: Generated<Date>
  startedAt: Date | null
  updatedAt: Generated<Date>
  finishedAt: Date | null
}

export interface ExchangeRunFilesTable {
  runId: string
  seq: number
  name: string
  rows: number
  bytes: number
  sm3: string
  createdAt: Generated<Date>
}

export type ExchangeTables = {
  exchangeJobs: ExchangeJobsTable
  exchangeRuns: ExchangeRunsTable
  exchangeRunFiles: ExchangeRunFilesTable
}

export type JobRow = Selectable<ExchangeJobsTable>
export type RunRow = Selectable<ExchangeRunsTable>
export type RunFileRow = Selectable<ExchangeRunFilesTable>
