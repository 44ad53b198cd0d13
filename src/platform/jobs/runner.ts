import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { CronExpressionParser } from 'cron-parser'
import { sql } from 'kysely'
import type { Db } from '../db/index.ts'
import type { JobRow, JobStatus, JsonObject } from '../db/schema.ts'
import { assertJobName, enqueue } from './queue.ts'

/** Cron expressions mean wall-clock time in China, whatever the server's time zone. */
export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai'

export interface Job {
  readonly id: string
  readonly queue: string
  readonly payload: JsonObject
  /** 1 on the first run. */
  readonly attempts: number
  readonly maxAttempts: number
}

/**
 * Runs one job. Gets the root handle, not a transaction: on PGlite the single connection is shared, so the
 * handler must open its own short transactions. Throwing schedules a retry; the error message (never the
 * stack) is stored, so messages must not carry personal data.
 */
export type JobHandler = (job: Job, db: Db) => Promise<void>

/** The subset of a pino logger the runner uses. */
export interface JobLogger {
  error(obj: Record<string, unknown>, msg: string): void
  warn?(obj: Record<string, unknown>, msg: string): void
}

export interface JobRunnerOptions {
  /** Recorded in jobs.locked_by; must differ between runners. Default: host, pid and a random suffix. */
  readonly workerId?: string
  /** Pause between poll cycles after start(); default 1000. */
  readonly pollMs?: number
  /** How long a claimed job stays locked; a heartbeat extends it while the handler runs. Default 300. */
  readonly lockSeconds?: number
  /** Most jobs one cycle runs, so schedules keep firing during a backlog. Default 20. */
  readonly batchSize?: number
  readonly logger?: JobLogger
}

const MAX_BACKOFF_SECONDS = 3600
const MAX_ERROR_LENGTH = 1000

/** Seconds before retry n+1 after the n-th failed attempt: 2, 4, 8, … capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(2 ** attempts, MAX_BACKOFF_SECONDS)
}

/** The first slot of `cron` strictly after `after`, in China time. Throws on an invalid expression. */
export function nextCronRun(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: SCHEDULE_TIME_ZONE }).next().toDate()
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH) : text
}

const noopLogger: JobLogger = { error() {} }

/**
 * A PostgreSQL-backed worker and scheduler (ADR 0003). Any number of runners may share a database: jobs are
 * claimed with FOR UPDATE SKIP LOCKED and schedule slots with a compare-and-set, so each runs once.
 */
export class JobRunner {
  readonly workerId: string
  readonly #db: Db
  readonly #pollMs: number
  readonly #lockSeconds: number
  readonly #batchSize: number
  readonly #logger: JobLogger
  readonly #handlers = new Map<string, JobHandler>()
  readonly #schedules = new Set<string>()
  readonly #cycles = new Set<Promise<number>>()
  #timer: NodeJS.Timeout | undefined
  #started = false
  #stopping = false

  constructor(db: Db, options: JobRunnerOptions = {}) {
    this.#db = db
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
    this.#pollMs = options.pollMs ?? 1000
    this.#lockSeconds = options.lockSeconds ?? 300
    this.#batchSize = options.batchSize ?? 20
    this.#logger = options.logger ?? noopLogger
    if (!Number.isInteger(this.#pollMs) || this.#pollMs < 10)
      throw new RangeError('pollMs must be an integer ≥ 10')
    if (!Number.isInteger(this.#lockSeconds) || this.#lockSeconds < 1) {
      throw new RangeError('lockSeconds must be a positive integer')
    }
    if (!Number.isInteger(this.#batchSize) || this.#batchSize < 1)
      throw new RangeError('batchSize must be ≥ 1')
  }

  /** Registers the handler of a queue; this runner claims jobs of registered queues only. */
  handle(queue: string, handler: JobHandler): this {
    assertJobName('queue', queue)
    if (this.#handlers.has(queue)) throw new Error(`queue ${queue} already has a handler`)
    this.#handlers.set(queue, handler)
    return this
  }

  /**
   * Creates or updates a recurring schedule and lets this runner fire it. Every replica calls this at start;
   * the slot already pending is kept while the expression is unchanged, so a restart does not skip a run.
   * A slot missed while every replica was down fires once, not once per missed slot.
   */
  async schedule(name: string, cron: string, queue: string, payload: JsonObject = {}): Promise<void> {
    assertJobName('schedule', name)
    assertJobName('queue', queue)
    const next = nextCronRun(cron, new Date())
    await this.#db
      .insertInto('jobSchedules')
      .values({ name, queue, cron, payload: JSON.stringify(payload), nextRunAt: next, lastRunAt: null })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({
          queue: eb.ref('excluded.queue'),
          payload: eb.ref('excluded.payload'),
          cron: eb.ref('excluded.cron'),
          nextRunAt: eb
            .case()
            .when('jobSchedules.cron', '=', eb.ref('excluded.cron'))
            .then(eb.ref('jobSchedules.nextRunAt'))
            .else(eb.ref('excluded.nextRunAt'))
            .end(),
          updatedAt: sql<Date>`now()`,
        })),
      )
      .execute()
    this.#schedules.add(name)
  }

  /** Polls every pollMs until stop(). The timer does not keep the process alive by itself. */
  start(): void {
    if (this.#started) return
    this.#started = true
    this.#stopping = false
    const tick = async () => {
      await this.runDue()
      if (this.#stopping) return
      this.#timer = setTimeout(tick, this.#pollMs)
      this.#timer.unref()
    }
    this.#timer = setTimeout(tick, 0)
    this.#timer.unref()
  }

  /** Stops polling and claiming, then waits for handlers already running (graceful shutdown). */
  async stop(): Promise<void> {
    this.#stopping = true
    this.#started = false
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await Promise.allSettled([...this.#cycles])
  }

  /**
   * One poll cycle: fire due schedules, requeue jobs whose worker vanished, then claim and run due jobs
   * one after another (up to batchSize). Returns how many jobs ran, failed runs included. Never throws.
   */
  async runDue(): Promise<number> {
    const cycle = this.#cycle()
    this.#cycles.add(cycle)
    try {
      return await cycle
    } finally {
      this.#cycles.delete(cycle)
    }
  }

  async #cycle(): Promise<number> {
    await this.#guard('firing schedules failed', {}, () => this.#fireSchedules())
    await this.#guard('requeueing expired jobs failed', {}, () => this.#requeueExpired())
    let ran = 0
    while (this.#handlers.size > 0 && ran < this.#batchSize && !this.#stopping) {
      const job = await this.#guard('claiming a job failed', {}, () => this.#claim())
      if (!job) break
      await this.#run(job)
      ran += 1
    }
    return ran
  }

  async #guard<T>(
    msg: string,
    context: Record<string, unknown>,
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await fn()
    } catch (error) {
      this.#logger.error({ ...context, workerId: this.workerId, err: errorMessage(error) }, msg)
      return undefined
    }
  }

  async #fireSchedules(): Promise<void> {
    if (this.#schedules.size === 0) return
    const due = await this.#db
      .selectFrom('jobSchedules')
      .selectAll()
      .where('name', 'in', [...this.#schedules])
      .where('nextRunAt', '<=', sql<Date>`now()`)
      .execute()
    for (const s of due) {
      await this.#guard('firing a schedule failed', { schedule: s.name }, async () => {
        const slot = s.nextRunAt
        // From now, not from the slot: after downtime the schedule fires once and resumes its rhythm.
        const next = nextCronRun(s.cron, new Date(Math.max(Date.now(), slot.getTime())))
        await this.#db.transaction().execute(async (trx) => {
          const won = await trx
            .updateTable('jobSchedules')
            .set({ nextRunAt: next, lastRunAt: sql<Date>`now()` })
            .where('name', '=', s.name)
            .where('nextRunAt', '=', slot)
            .returning('name')
            .executeTakeFirst()
          if (!won) return
          // The key makes a double fire harmless even if two runners ever both won the slot.
          await enqueue(trx, s.queue, s.payload, { dedupeKey: `schedule:${s.name}:${slot.toISOString()}` })
        })
      })
    }
  }

  async #requeueExpired(): Promise<void> {
    const result = await this.#db
      .updateTable('jobs')
      .set((eb) => ({
        status: eb
          .case()
          .when('attempts', '>=', eb.ref('maxAttempts'))
          .then(sql.lit<JobStatus>('failed'))
          .else(sql.lit<JobStatus>('queued'))
          .end(),
        finishedAt: eb
          .case()
          .when('attempts', '>=', eb.ref('maxAttempts'))
          .then(sql<Date>`now()`)
          .else(null)
          .end(),
        lockedBy: null,
        lockedUntil: null,
        lastError: 'lock expired: the worker stopped or the handler overran its lock',
      }))
      .where('status', '=', 'running')
      .where('lockedUntil', '<', sql<Date>`now()`)
      .executeTakeFirst()
    const count = Number(result.numUpdatedRows)
    if (count > 0) this.#warn({ count }, 'requeued jobs whose lock expired')
  }

  async #claim(): Promise<JobRow | undefined> {
    const queues = [...this.#handlers.keys()]
    return this.#db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        lockedBy: this.workerId,
        lockedUntil: sql<Date>`now() + make_interval(secs => ${this.#lockSeconds})`,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'queued')
          .where('runAt', '<=', sql<Date>`now()`)
          .where('queue', 'in', queues)
          .orderBy('runAt')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .executeTakeFirst()
  }

  async #run(row: JobRow): Promise<void> {
    const handler = this.#handlers.get(row.queue)
    const job: Job = {
      id: row.id,
      queue: row.queue,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
    }
    const context = { jobId: job.id, queue: job.queue, attempts: job.attempts }
    // Extends the lock while the handler runs, so a long job is not taken for a crashed one.
    const heartbeat = setInterval(
      () => void this.#guard('extending a job lock failed', context, () => this.#extendLock(job.id)),
      Math.max(1000, (this.#lockSeconds * 1000) / 3),
    )
    heartbeat.unref()
    let failure: { error: unknown } | undefined
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`)
      await handler(job, this.#db)
    } catch (error) {
      failure = { error }
    } finally {
      clearInterval(heartbeat)
    }
    if (failure) {
      await this.#guard('recording a job failure failed', context, () =>
        this.#recordFailure(job, failure.error),
      )
    } else {
      await this.#guard('completing a job failed', context, () => this.#complete(job))
    }
  }

  async #extendLock(id: string): Promise<void> {
    await this.#db
      .updateTable('jobs')
      .set({ lockedUntil: sql<Date>`now() + make_interval(secs => ${this.#lockSeconds})` })
      .where('id', '=', id)
      .where('lockedBy', '=', this.workerId)
      .where('status', '=', 'running')
      .execute()
  }

  async #complete(job: Job): Promise<void> {
    const result = await this.#db
      .updateTable('jobs')
      .set({ status: 'done', finishedAt: sql<Date>`now()`, lockedBy: null, lockedUntil: null })
      .where('id', '=', job.id)
      .where('lockedBy', '=', this.workerId)
      .where('status', '=', 'running')
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) {
      this.#warn({ jobId: job.id, queue: job.queue }, 'job finished after its lock was taken over')
    }
  }

  async #recordFailure(job: Job, error: unknown): Promise<void> {
    const lastError = errorMessage(error)
    const retry = job.attempts < job.maxAttempts
    const delay = backoffSeconds(job.attempts)
    await this.#db
      .updateTable('jobs')
      .set(
        retry
          ? {
              status: 'queued',
              runAt: sql<Date>`now() + make_interval(secs => ${delay})`,
              lastError,
              lockedBy: null,
              lockedUntil: null,
            }
          : { status: 'failed', finishedAt: sql<Date>`now()`, lastError, lockedBy: null, lockedUntil: null },
      )
      .where('id', '=', job.id)
      .where('lockedBy', '=', this.workerId)
      .where('status', '=', 'running')
      .execute()
    const context = { jobId: job.id, queue: job.queue, attempts: job.attempts, err: lastError }
    if (retry) this.#warn({ ...context, retryInSeconds: delay }, 'job failed; will retry')
    else this.#logger.error(context, 'job failed permanently')
  }

  #warn(obj: Record<string, unknown>, msg: string): void {
    if (this.#logger.warn) this.#logger.warn({ workerId: this.workerId, ...obj }, msg)
  }
}
