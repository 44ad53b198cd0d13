/**
 * Runs of a job: starting one (or resuming the unfinished one), reading progress, and the files of file runs.
 * Progress figures: percent of the rows counted when the run was planned, the rate since the current process
 * took the run over, and the time left at that rate.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { sql } from 'kysely'
import { recordAudit, recordAuditNow } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { newId } from '../../../platform/ids.ts'
import { enqueue } from '../../../platform/jobs/index.ts'
import { t } from '../store.ts'
import { exchangeError } from './errors.ts'
import { assertInForce, grantById } from './grant.ts'
import { leaseFree } from './lease.ts'
import { canDownload, canViewJob } from './policy.ts'
import type { Run } from './schemas.ts'
import type { JobRow, RunFileRow, RunRow, RunTrigger } from './tables.ts'
import { runDir } from './target-files.ts'

export const RUN_QUEUE = 'sharing.exchange.run'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function runView(row: RunRow, fileCount: number, now = new Date()): Run {
  const total = row.rowsTotal
  const done = row.rowsDone
  const percent =
    row.status === 'succeeded'
      ? 100
      : total === null
        ? null
        : total === 0
          ? 0
          : Math.min(100, Math.round((done / total) * 1000) / 10)
  let rate: number | null = null
  if (row.resumedAt) {
    const end = row.status === 'running' ? now : (row.finishedAt ?? row.updatedAt)
    const seconds = (end.getTime() - row.resumedAt.getTime()) / 1000
    if (seconds > 0) rate = Math.round(((done - row.rowsAtResume) / seconds) * 10) / 10
  }
  const eta =
    row.status === 'running' && total !== null && rate && rate > 0
      ? Math.max(0, Math.ceil((total - done) / rate))
      : null
  return {
    id: row.id,
    jobId: row.jobId,
    trigger: row.trigger,
    status: row.status,
    rowsTotal: total,
    rowsDone: done,
    chunksDone: row.chunksDone,
    percent,
    rowsPerSecond: rate,
    etaSeconds: eta,
    watermarkFrom: row.watermarkFrom,
    watermarkTo: row.watermarkTo,
    errorCode: row.errorCode,
    error: row.error,
    fileCount,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: iso(row.finishedAt),
  }
}

/** Runs with their file counts, in one query. */
export async function runsWithFiles(
  db: Db,
  where: { ids?: string[]; jobIds?: string[]; latestOnly?: boolean },
) {
  let q = t(db)
    .selectFrom('exchangeRuns as r')
    .selectAll('r')
    .select(sql<number>`(select count(*) from exchange_run_files f where f.run_id = r.id)`.as('fileCount'))
  if (where.ids) q = q.where('r.id', 'in', where.ids.length ? where.ids : [''])
  if (where.jobIds) q = q.where('r.jobId', 'in', where.jobIds.length ? where.jobIds : [''])
  if (where.latestOnly) q = q.distinctOn('r.jobId').orderBy('r.jobId').orderBy('r.createdAt', 'desc')
  const rows = await q.orderBy('r.id', 'desc').execute()
  return rows.map((r) => ({ row: r as RunRow, fileCount: Number(r.fileCount) }))
}

export async function openRunOf(db: Db, jobId: string): Promise<RunRow | undefined> {
  return t(db)
    .selectFrom('exchangeRuns')
    .selectAll()
    .where('jobId', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst()
}

/**
 * The run a trigger starts: the job's unfinished run when no live process holds it, else the latest run when it
 * failed (it resumes from its checkpoint), else a new one. A run held by a live process → exchange.run_in_progress.
 * Inside the caller's transaction.
 */
export async function startRun(
  trx: Trx,
  ctx: RequestContext,
  job: JobRow,
  trigger: RunTrigger,
  workerId: string | null = null,
): Promise<RunRow> {
  const open = await openRunOf(trx, job.id)
  if (open) {
    if (open.status === 'running' && !leaseFree(open, workerId))
      throw exchangeError('exchange.run_in_progress')
    return open
  }
  const latest = await t(trx)
    .selectFrom('exchangeRuns')
    .selectAll()
    .where('jobId', '=', job.id)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (latest?.status === 'failed') {
    return t(trx)
      .updateTable('exchangeRuns')
      .set({ status: 'queued', updatedAt: new Date() })
      .where('id', '=', latest.id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }
  const run = await t(trx)
    .insertInto('exchangeRuns')
    .values({
      id: newId(),
      jobId: job.id,
      trigger,
      plan: null,
      watermarkFrom: null,
      watermarkTo: null,
      rowsTotal: null,
      lastKey: null,
      resumedAt: null,
      lockedBy: null,
      lockedUntil: null,
      errorCode: null,
      error: null,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      startedAt: null,
      finishedAt: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(trx, ctx, {
    action: 'exchange.run_start',
    targetType: 'exchange_run',
    targetId: run.id,
    orgId: job.consumerOrgId,
    regionCode: job.consumerRegionCode,
    details: { jobId: job.id, trigger, resourceCode: job.resourceCode },
  })
  return run
}

function isOneOpenViolation(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  return e?.code === '23505' && String(e.constraint ?? e.message ?? '').includes('exchange_runs_one_open')
}

/** Starts (or resumes) a run and queues it for the job runner. */
export async function queueRun(
  db: Db,
  ctx: RequestContext,
  job: JobRow,
  trigger: RunTrigger,
): Promise<RunRow> {
  const grant = await grantById(db, job.grantId)
  if (!grant) throw exchangeError('exchange.grant_inactive')
  assertInForce(grant)
  try {
    return await db.transaction().execute(async (trx) => {
      const run = await startRun(trx, ctx, job, trigger)
      await enqueue(trx, RUN_QUEUE, { runId: run.id }, { maxAttempts: 5 })
      return run
    })
  } catch (error) {
    if (isOneOpenViolation(error)) throw exchangeError('exchange.run_in_progress')
    throw error
  }
}

export async function runOf(db: Db, runId: string): Promise<{ run: RunRow; job: JobRow } | null> {
  const run = await t(db).selectFrom('exchangeRuns').selectAll().where('id', '=', runId).executeTakeFirst()
  if (!run) return null
  const job = await t(db)
    .selectFrom('exchangeJobs')
    .selectAll()
    .where('id', '=', run.jobId)
    .executeTakeFirst()
  if (!job || job.deletedAt) return null
  return { run, job }
}

/** The run with its job, when the actor may see it (the grant's app may, to fetch files). */
export async function visibleRun(db: Db, ctx: RequestContext, runId: string) {
  const found = await runOf(db, runId)
  if (!found) throw exchangeError('exchange.run_not_found')
  const grant = await grantById(db, found.job.grantId)
  const visible =
    canViewJob(ctx.actor, found.job) ||
    (grant !== undefined && canDownload(ctx.actor, found.job, grant.appId))
  if (!visible) throw exchangeError('exchange.run_not_found')
  return { ...found, grantAppId: grant?.appId ?? null }
}

export async function getRun(db: Db, ctx: RequestContext, runId: string): Promise<Run> {
  await visibleRun(db, ctx, runId)
  const [found] = await runsWithFiles(db, { ids: [runId] })
  if (!found) throw exchangeError('exchange.run_not_found')
  return runView(found.row, found.fileCount)
}

export async function listRuns(db: Db, job: JobRow, window: PageWindow): Promise<PageResult<Run>> {
  const rows = await t(db)
    .selectFrom('exchangeRuns as r')
    .selectAll('r')
    .select(sql<number>`(select count(*) from exchange_run_files f where f.run_id = r.id)`.as('fileCount'))
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where('r.jobId', '=', job.id)
    .orderBy('r.createdAt', 'desc')
    .orderBy('r.id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () => {
    const c = await t(db)
      .selectFrom('exchangeRuns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jobId', '=', job.id)
      .executeTakeFirstOrThrow()
    return Number(c.n)
  })
  return { ...page, items: page.items.map((r) => runView(r as RunRow, Number(r.fileCount))) }
}

export async function listRunFiles(db: Db, ctx: RequestContext, runId: string): Promise<RunFileRow[]> {
  await visibleRun(db, ctx, runId)
  return t(db).selectFrom('exchangeRunFiles').selectAll().where('runId', '=', runId).orderBy('seq').execute()
}

/** Opens a recorded file for download (consumer only, grant in force) and audits the download. */
export async function openRunFile(
  db: Db,
  config: Config,
  ctx: RequestContext,
  runId: string,
  name: string,
): Promise<{ stream: Readable; bytes: number; file: RunFileRow }> {
  const { job, grantAppId } = await visibleRun(db, ctx, runId)
  if (grantAppId === null || !canDownload(ctx.actor, job, grantAppId))
    throw exchangeError('exchange.forbidden')
  const grant = await grantById(db, job.grantId)
  if (!grant) throw exchangeError('exchange.grant_inactive')
  assertInForce(grant)
  const file = await t(db)
    .selectFrom('exchangeRunFiles')
    .selectAll()
    .where('runId', '=', runId)
    .where('name', '=', name)
    .executeTakeFirst()
  if (!file) throw exchangeError('exchange.file_not_found')
  const path = join(runDir(config.dataDir, job.id, runId), file.name)
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  )
  if (size === null) throw exchangeError('exchange.file_not_found')
  await recordAuditNow(db, ctx, {
    action: 'exchange.file_download',
    targetType: 'exchange_run',
    targetId: runId,
    orgId: job.consumerOrgId,
    regionCode: job.consumerRegionCode,
    purpose: grant.purpose,
    details: { jobId: job.id, file: file.name, rows: file.rows, sm3: file.sm3 },
  })
  return { stream: createReadStream(path), bytes: size, file }
}
