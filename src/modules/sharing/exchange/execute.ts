/**
 * Executes one run: plan once, then chunk after chunk in key order, each chunk made durable in the target
 * together with its checkpoint before the next is read. Safe to call again on the same run after any crash:
 * it resumes after the target's checkpoint (PostgreSQL target) or the recorded files (file target).
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import { type RequestContext, systemContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { DomainError } from '../../../platform/errors.ts'
import { maskingRulesFor, maskText } from '../../../platform/masking/index.ts'
import { resourceForSharing } from '../../catalog/index.ts'
import { t } from '../store.ts'
import { type Chunk, type ChunkBody, chunkReader } from './chunks.ts'
import { reshapeCopy } from './copy-in.ts'
import { exchangeError } from './errors.ts'
import { assertInForce, grantById, grantScope } from './grant.ts'
import { leaseFree, leaseUntil, newWorkerId } from './lease.ts'
import { buildPlan, emptyWindow, planJson, planOf, type RunPlan, scanSpec } from './plan.ts'
import { openSource, type SourceReader, sourceOf } from './source.ts'
import type { JobRow, RunRow } from './tables.ts'
import type { Checkpoint } from './target-postgres.ts'
import { fileWriter, postgresWriter, type Writer } from './writers.ts'

export interface RunProgress {
  readonly runId: string
  readonly rowsDone: number
  readonly rowsTotal: number | null
  readonly chunksDone: number
  /** Rows per second since this process took the run over. */
  readonly rate: number
}

export interface ExecuteOptions {
  readonly ctx?: RequestContext
  readonly workerId?: string
  readonly onProgress?: (p: RunProgress) => void
  /** After a chunk is durable in the target and before our progress mirror is updated (fault injection). */
  readonly onChunkWritten?: (chunks: number) => void | Promise<void>
}

export type ExecuteOutcome =
  | { readonly status: 'succeeded'; readonly rows: number }
  | { readonly status: 'failed'; readonly code: string; readonly retryable: boolean }
  | { readonly status: 'busy' | 'finished' }

const PERMANENT = new Set([
  'exchange.grant_inactive',
  'exchange.source_unavailable',
  'exchange.target_table_mismatch',
  'exchange.target_invalid',
  'exchange.job_not_found',
])

async function claim(db: Db, runId: string, workerId: string): Promise<RunRow | null> {
  const run = await t(db).selectFrom('exchangeRuns').selectAll().where('id', '=', runId).executeTakeFirst()
  if (!run || !['queued', 'running', 'failed'].includes(run.status) || !leaseFree(run, workerId)) return null
  const now = new Date()
  const claimed = await t(db)
    .updateTable('exchangeRuns')
    .set({
      status: 'running',
      lockedBy: workerId,
      lockedUntil: leaseUntil(),
      resumedAt: now,
      rowsAtResume: run.rowsDone,
      startedAt: run.startedAt ?? now,
      errorCode: null,
      error: null,
      updatedAt: now,
    })
    .where('id', '=', runId)
    .where('status', '=', run.status)
    .where((eb) => (run.lockedBy === null ? eb('lockedBy', 'is', null) : eb('lockedBy', '=', run.lockedBy)))
    .returningAll()
    .executeTakeFirst()
  return claimed ?? null
}

/**
 * The run's plan, made (and stored with its window) the first time the run starts. The row count behind the
 * percentage is taken alongside the first chunks rather than before them, and stored when it arrives.
 */
async function planRun(db: Db, run: RunRow, job: JobRow, reader: SourceReader, draft: RunPlan) {
  const existing = planOf(run.plan)
  if (existing) {
    await reader.prepare(scanSpec(existing))
    return { plan: existing, total: Promise.resolve(run.rowsTotal) }
  }
  await reader.prepare(scanSpec(draft, false))
  let plan = draft
  if (draft.watermark) {
    const upTo = await reader.max(scanSpec(draft, false), {
      name: draft.watermark.source,
      dataType: draft.watermark.dataType,
    })
    plan = { ...draft, upTo }
  }
  await t(db)
    .updateTable('exchangeRuns')
    .set({
      plan: planJson(plan),
      watermarkFrom: plan.above,
      watermarkTo: plan.upTo ?? job.lastWatermark,
      updatedAt: new Date(),
    })
    .where('id', '=', run.id)
    .execute()
  const total = (emptyWindow(plan) ? Promise.resolve(0) : reader.count(scanSpec(plan))).then(async (n) => {
    await t(db).updateTable('exchangeRuns').set({ rowsTotal: n }).where('id', '=', run.id).execute()
    return n
  })
  total.catch(() => {})
  return { plan, total: total as Promise<number | null> }
}

/** COPY text has no NULL marker here: the null strategy delivers an empty value. */
const treat = (kind: NonNullable<RunPlan['columns'][number]['mask']>, pepper: Uint8Array) => (v: string) =>
  maskText(kind, v, pepper) ?? ''

/** The delivered columns of a chunk (sort-key columns that are not delivered dropped), masked per the plan. */
function deliverable(plan: RunPlan, pepper: Uint8Array): (body: ChunkBody) => ChunkBody {
  const width = plan.columns.length
  const masks = plan.columns.flatMap((c, i) => (c.mask ? [[i, treat(c.mask, pepper)] as const] : []))
  const extra = plan.order.some((o) => !plan.columns.some((c) => c.source === o.source))
  if (!extra && masks.length === 0) return (body) => body
  return (body) => {
    if (body.kind === 'copy') return { ...body, text: reshapeCopy(body.text, width, masks) }
    const rows = body.rows.map((row) => {
      const out = row.length === width ? row : row.slice(0, width)
      for (const [i, fn] of masks) {
        const v = out[i]
        if (v !== null && v !== undefined) out[i] = fn(v)
      }
      return out
    })
    return { kind: 'rows', rows }
  }
}

/** Mirrors the target's checkpoint in our run row; false when another process holds the run now. */
async function mirror(db: Db, runId: string, workerId: string, c: Checkpoint): Promise<boolean> {
  const res = await t(db)
    .updateTable('exchangeRuns')
    .set({
      chunksDone: c.chunks,
      rowsDone: c.rows,
      lastKey: c.lastKey ? JSON.stringify(c.lastKey) : null,
      lockedUntil: leaseUntil(),
      updatedAt: new Date(),
    })
    .where('id', '=', runId)
    .where('lockedBy', '=', workerId)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

async function deliver(
  db: Db,
  job: JobRow,
  run: RunRow,
  totalRows: Promise<number | null>,
  plan: RunPlan,
  reader: SourceReader,
  writer: Writer,
  start: Checkpoint,
  workerId: string,
  opts: ExecuteOptions,
  pepper: Uint8Array,
): Promise<number> {
  const spec = scanSpec(plan)
  const shape = deliverable(plan, pepper)
  let at = start
  let mirrored = mirror(db, run.id, workerId, at)
  mirrored.catch(() => {})
  const began = Date.now()
  const startRows = at.rows
  let total: number | null = null
  void totalRows.then(
    (n) => {
      total = n
    },
    () => {},
  )
  const nextChunk = chunkReader(reader, spec, at.lastKey, plan.chunkSize, writer.takesCopy)
  const read = (): Promise<Chunk | null> => {
    if (emptyWindow(plan)) return Promise.resolve(null)
    const p = nextChunk()
    // Read ahead while the previous chunk is written; a failure is reported where the chunk is awaited.
    p.catch(() => {})
    return p
  }
  let pending = read()
  for (;;) {
    const chunk = await pending
    if (!chunk) break
    pending = chunk.full ? read() : Promise.resolve(null)
    // The grant is read again while each chunk is written: a grant suspended or revoked mid-run stops the run
    // after the chunk under way (well within the 5 seconds a revocation may take).
    const grantCheck = grantById(db, job.grantId)
    grantCheck.catch(() => {})
    const next: Checkpoint = { chunks: at.chunks + 1, rows: at.rows + chunk.count, lastKey: chunk.key }
    await writer.write(at.chunks, shape(chunk.body), chunk.key, next.rows)
    await opts.onChunkWritten?.(next.chunks)
    at = next
    const grant = await grantCheck
    if (!grant) throw exchangeError('exchange.grant_inactive')
    assertInForce(grant)
    // The mirror is progress only (the target holds the checkpoint): it is written while the next chunk goes out.
    if (!(await mirrored)) throw exchangeError('exchange.conflict')
    mirrored = mirror(db, run.id, workerId, at)
    mirrored.catch(() => {})
    const seconds = Math.max((Date.now() - began) / 1000, 0.001)
    opts.onProgress?.({
      runId: run.id,
      rowsDone: at.rows,
      rowsTotal: total,
      chunksDone: at.chunks,
      rate: (at.rows - startRows) / seconds,
    })
  }
  if (!(await mirrored)) throw exchangeError('exchange.conflict')
  await totalRows
  return at.rows
}

async function finish(db: Db, ctx: RequestContext, job: JobRow, run: RunRow, plan: RunPlan, rows: number) {
  await db.transaction().execute(async (trx) => {
    const now = new Date()
    await t(trx)
      .updateTable('exchangeRuns')
      .set({ status: 'succeeded', finishedAt: now, updatedAt: now, lockedBy: null, lockedUntil: null })
      .where('id', '=', run.id)
      .execute()
    if (plan.mode === 'incremental' && plan.upTo !== null)
      await t(trx)
        .updateTable('exchangeJobs')
        .set({ lastWatermark: plan.upTo })
        .where('id', '=', job.id)
        .execute()
    await recordAudit(trx, ctx, {
      action: 'exchange.run_finish',
      targetType: 'exchange_run',
      targetId: run.id,
      orgId: job.consumerOrgId,
      regionCode: job.consumerRegionCode,
      details: {
        jobId: job.id,
        resourceCode: job.resourceCode,
        rows,
        mode: plan.mode,
        target: plan.target.kind,
      },
    })
  })
}

async function fail(
  db: Db,
  ctx: RequestContext,
  job: JobRow | undefined,
  runId: string,
  workerId: string,
  error: unknown,
) {
  const domain = error instanceof DomainError ? error : null
  const code = domain?.code ?? 'exchange.run_failed'
  // A database error's SQLSTATE helps an operator; its message may quote data and is not kept.
  const state = (error as { code?: unknown })?.code
  const message = domain
    ? `${domain.def.zh}${domain.detail ? `：${domain.detail.zh}` : ''}`
    : `交换执行失败${typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state) ? `（SQLSTATE ${state}）` : ''}`
  await db.transaction().execute(async (trx) => {
    const now = new Date()
    await t(trx)
      .updateTable('exchangeRuns')
      .set({
        status: 'failed',
        errorCode: code,
        error: message,
        updatedAt: now,
        lockedBy: null,
        lockedUntil: null,
      })
      .where('id', '=', runId)
      .where('lockedBy', '=', workerId)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'exchange.run_finish',
      targetType: 'exchange_run',
      targetId: runId,
      outcome: 'failure',
      orgId: job?.consumerOrgId ?? null,
      regionCode: job?.consumerRegionCode ?? null,
      details: { jobId: job?.id ?? null, code },
    })
  })
  return { status: 'failed' as const, code, retryable: !PERMANENT.has(code) }
}

export async function executeRun(
  db: Db,
  config: Config,
  runId: string,
  opts: ExecuteOptions = {},
): Promise<ExecuteOutcome> {
  const ctx = opts.ctx ?? systemContext('sharing.exchange')
  const workerId = opts.workerId ?? newWorkerId()
  const run = await claim(db, runId, workerId)
  if (!run) {
    const now = await t(db)
      .selectFrom('exchangeRuns')
      .select('status')
      .where('id', '=', runId)
      .executeTakeFirst()
    return { status: now && ['queued', 'running', 'failed'].includes(now.status) ? 'busy' : 'finished' }
  }
  const job = await t(db)
    .selectFrom('exchangeJobs')
    .selectAll()
    .where('id', '=', run.jobId)
    .executeTakeFirst()
  let reader: SourceReader | null = null
  let writer: Writer | null = null
  let opening: Promise<Checkpoint> | null = null
  try {
    if (!job || job.deletedAt) throw exchangeError('exchange.job_not_found')
    const grant = await grantById(db, job.grantId)
    if (!grant) throw exchangeError('exchange.grant_inactive')
    assertInForce(grant)
    const resource = await resourceForSharing(db, job.resourceId)
    if (!resource) throw exchangeError('exchange.source_unavailable')
    const source = await sourceOf(db, config, job.resourceId)
    reader = await openSource(db, config, source, job.resourceId)
    const draft = buildPlan(
      job,
      grant,
      grantScope(grant),
      resource,
      { kind: reader.kind, columns: reader.columns },
      await maskingRulesFor(db, resource.id),
    )
    // The target is opened and its checkpoint read while the run is planned: neither needs the other (the
    // target's shape does not depend on the incremental window).
    const base = planOf(run.plan) ?? draft
    opening = (async () => {
      const w =
        base.target.kind === 'postgres'
          ? await postgresWriter(config, job, run, base)
          : await fileWriter(db, config, run, base, workerId)
      writer = w
      return w.start()
    })()
    opening.catch(() => {})
    const { plan, total } = await planRun(db, run, job, reader, draft)
    const at = await opening
    if (!writer) throw new Error('exchange: the writer did not open')
    const rows = await deliver(
      db,
      job,
      run,
      total,
      plan,
      reader,
      writer,
      at,
      workerId,
      opts,
      config.secretKey,
    )
    await finish(db, ctx, job, run, plan, rows)
    return { status: 'succeeded', rows }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'exchange.conflict') return { status: 'busy' }
    return await fail(db, ctx, job, run.id, workerId, error)
  } finally {
    await reader?.close()
    // A writer opened alongside a plan that failed is closed too, once its opening has settled.
    await opening?.catch(() => {})
    await (writer as Writer | null)?.close()
  }
}
