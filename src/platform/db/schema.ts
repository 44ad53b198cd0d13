import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** JSON stored in jsonb: anything JSON can carry. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export interface SchemaMigrationsTable {
  module: string
  id: string
  checksum: string
  appliedAt: Generated<Date>
}

export interface AuditEventsTable {
  seq: number
  id: string
  occurredAt: Date
  actorType: 'user' | 'app' | 'system' | 'anonymous'
  actorId: string | null
  actorName: string | null
  orgId: string | null
  regionCode: string | null
  action: string
  targetType: string | null
  targetId: string | null
  purpose: string | null
  requestId: string | null
  ip: string | null
  outcome: Generated<string>
  details: ColumnType<JsonObject, string, string>
  prevHash: string
  hash: string
}

export interface AuditChainHeadTable {
  id: number
  seq: number
  hash: string
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed'

export interface JobsTable {
  id: string
  queue: string
  payload: ColumnType<JsonObject, string, string>
  status: Generated<JobStatus>
  runAt: ColumnType<Date, Date | undefined, Date>
  attempts: Generated<number>
  maxAttempts: ColumnType<number, number | undefined, number>
  lockedBy: string | null
  lockedUntil: Date | null
  lastError: string | null
  dedupeKey: string | null
  createdAt: Generated<Date>
  finishedAt: Date | null
}

export interface JobSchedulesTable {
  name: string
  queue: string
  cron: string
  payload: ColumnType<JsonObject, string, string>
  nextRunAt: Date
  lastRunAt: Date | null
  updatedAt: Generated<Date>
}

export interface CalendarDaysTable {
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

export interface CalendarYearsTable {
  year: number
  source: string
  loadedAt: Generated<Date>
  loadedBy: string | null
}

/** Tables owned by the platform kernel. Modules add their own with `db.withTables<ModuleTables>()`. */
export interface PlatformTables {
  schemaMigrations: SchemaMigrationsTable
  auditEvents: AuditEventsTable
  auditChainHead: AuditChainHeadTable
  jobs: JobsTable
  jobSchedules: JobSchedulesTable
  calendarDays: CalendarDaysTable
  calendarYears: CalendarYearsTable
}

export type AuditEventRow = Selectable<AuditEventsTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
export type JobRow = Selectable<JobsTable>
