/** Shapes of the batch exchange API (/api/v1/exchange/…). */
export type TargetKind = 'postgres' | 'file'
export type FileFormat = 'csv' | 'jsonl'
export type ExchangeMode = 'full' | 'incremental'
export type Schedule = 'manual' | 'hourly' | 'daily' | 'cron'
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
export type GrantState = 'active' | 'suspended' | 'revoked' | 'expired' | 'pending'

export interface ExchangeRun {
  id: string
  jobId: string
  trigger: 'manual' | 'schedule' | 'cli'
  status: RunStatus
  rowsTotal: number | null
  rowsDone: number
  chunksDone: number
  percent: number | null
  rowsPerSecond: number | null
  etaSeconds: number | null
  watermarkFrom: string | null
  watermarkTo: string | null
  errorCode: string | null
  error: string | null
  fileCount: number
  createdAt: string
  startedAt: string | null
  updatedAt: string
  finishedAt: string | null
}

export interface ExchangeJob {
  id: string
  name: string
  grantId: string
  grantStatus: GrantState
  resourceId: string
  resourceCode: string
  resourceName: string | null
  consumerOrgId: string
  consumerOrgName: string | null
  providerOrgId: string
  providerOrgName: string | null
  targetKind: TargetKind
  target: { host: string; port: number; database: string; schema: string; table: string } | null
  fileFormat: FileFormat | null
  fields: string[]
  maskedFields: string[]
  mode: ExchangeMode
  watermarkField: string | null
  lastWatermark: string | null
  rowScope: { field: string; regionCode: string } | null
  regionField: string | null
  regionCode: string | null
  schedule: Schedule
  cron: string | null
  nextRunAt: string | null
  chunkSize: number
  enabled: boolean
  canManage: boolean
  canRun: boolean
  lastRun: ExchangeRun | null
  createdAt: string
  updatedAt: string
}

export interface UsableGrant {
  id: string
  resourceId: string
  resourceCode: string
  resourceName: string | null
  providerOrgName: string | null
  deliveryMode: 'batch' | 'file'
  validUntil: string
  rowScope: { field: string; regionCode: string } | null
  fields: { code: string; name: string; dataType: string; isKey: boolean; masked: boolean }[]
}

export interface RunFile {
  name: string
  seq: number
  rows: number
  bytes: number
  sm3: string
  createdAt: string
}
