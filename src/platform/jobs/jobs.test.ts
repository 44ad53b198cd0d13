import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import pino from 'pino'
import { type DbHandle, migrate, openDatabase } from '../db/index.ts'
import { backoffSeconds, enqueue, type Job, type JobLogger, JobRunner, nextCronRun } from './index.ts'

const MIGRATIONS = [{ module: 'platform', dir: fileURLToPath(new URL('../migrations', import.meta.url)) }]

interface TestDatabase {
  handle: DbHandle
  /** A second, independent connection to the same database: another replica. PGlite has only one. */
  openAnother(): Promise<DbHandle>
  /** Closes every handle and opens the same database again, as after a process restart. */
  restart(): Promise<DbHandle>
  drop(): Promise<void>
}

async function migrated(handle: DbHandle): Promise<DbHandle> {
  const result = await migrate(handle.db, MIGRATIONS)
  if (result.error) throw result.error
  return handle
}

async function openTestDatabase(engine: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'shuhui-jobs-'))
    const db: TestDatabase = {
      handle: await migrated(await openDatabase({ dataDir })),
      openAnother: async () => db.handle,
      async restart() {
        await db.handle.close()
        db.handle = await migrated(await openDatabase({ dataDir }))
        return db.handle
      },
      async drop() {
        await db.handle.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
    return db
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? ''
  const name = `jobs_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const others: DbHandle[] = []
  const closeOthers = async () => {
    for (const other of others.splice(0)) await other.close()
  }
  const db: TestDatabase = {
    handle: await migrated(await openDatabase({ databaseUrl: url.toString() })),
    async openAnother() {
      const other = await openDatabase({ databaseUrl: url.toString() })
      others.push(other)
      return other
    },
    async restart() {
      await closeOthers()
      await db.handle.close()
      db.handle = await migrated(await openDatabase({ databaseUrl: url.toString() }))
      return db.handle
    },
    async drop() {
      await closeOthers()
      await db.handle.close()
      const cleanup = new pg.Client({ connectionString: adminUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
  return db
}

interface Logged {
  level: 'error' | 'warn'
  obj: Record<string, unknown>
  msg: string
}

function recordingLogger(): JobLogger & { entries: Logged[] } {
  const entries: Logged[] = []
  return {
    entries,
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
  }
}

describe('job helpers', () => {
  it('backs off exponentially, capped at an hour', () => {
    assert.deepEqual([1, 2, 3, 10].map(backoffSeconds), [2, 4, 8, 1024])
    assert.equal(backoffSeconds(12), 3600)
    assert.equal(backoffSeconds(40), 3600)
  })

  it('reads cron expressions in China time', () => {
    // 02:00 in Shanghai is 18:00 UTC of the previous day, whatever TZ the process has.
    assert.equal(
      nextCronRun('0 2 * * *', new Date('2025-06-01T00:00:00Z')).toISOString(),
      '2025-06-01T18:00:00.000Z',
    )
    assert.equal(
      nextCronRun('0 2 * * *', new Date('2025-06-01T18:00:00Z')).toISOString(),
      '2025-06-02T18:00:00.000Z',
    )
    assert.throws(() => nextCronRun('61 * * * *', new Date()))
  })
})

const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

for (const engine of engines) {
  describe(`jobs on ${engine}`, () => {
    let test: TestDatabase
    const db = () => test.handle.db

    before(async () => {
      test = await openTestDatabase(engine)
    })
    after(async () => {
      await test?.drop()
    })

    const jobRow = (id: string) =>
      db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const secondsUntil = async (id: string) =>
      Number(
        (
          await sql<{
            s: number
          }>`select extract(epoch from run_at - now())::float8 as s from jobs where id = ${id}`.execute(db())
        ).rows[0]?.s,
      )

    it('runs an enqueued job once', async () => {
      const seen: Job[] = []
      const logger: JobLogger = pino({ level: 'silent' })
      const runner = new JobRunner(db(), { logger }).handle('test.once', async (job) => {
        seen.push(job)
      })
      assert.match(runner.workerId, /:\d+:[0-9a-f]{8}$/)
      const id = await enqueue(db(), 'test.once', { shareId: 'a1', n: 1 })
      assert.ok(id)
      assert.equal(await runner.runDue(), 1)
      assert.equal(await runner.runDue(), 0)
      assert.equal(seen.length, 1)
      assert.deepEqual(seen[0], {
        id,
        queue: 'test.once',
        payload: { shareId: 'a1', n: 1 },
        attempts: 1,
        maxAttempts: 5,
      })
      const row = await jobRow(id)
      assert.equal(row.status, 'done')
      assert.ok(row.finishedAt instanceof Date)
      assert.equal(row.lockedBy, null)
    })

    it('runs nothing before runAt and nothing of queues it does not handle', async () => {
      const runner = new JobRunner(db()).handle('test.later', async () => {})
      const id = await enqueue(db(), 'test.later', {}, { runAt: new Date(Date.now() + 3_600_000) })
      await enqueue(db(), 'test.nobody', {})
      assert.equal(await runner.runDue(), 0)
      await db()
        .updateTable('jobs')
        .set({ runAt: new Date(Date.now() - 1000) })
        .where('id', '=', id ?? '')
        .execute()
      assert.equal(await runner.runDue(), 1)
    })

    it('deduplicates by dedupeKey', async () => {
      const first = await enqueue(db(), 'test.dedupe', { n: 1 }, { dedupeKey: 'share:42:deadline' })
      const second = await enqueue(db(), 'test.dedupe', { n: 2 }, { dedupeKey: 'share:42:deadline' })
      assert.ok(first)
      assert.equal(second, null)
      const rows = await db()
        .selectFrom('jobs')
        .select('payload')
        .where('queue', '=', 'test.dedupe')
        .execute()
      assert.deepEqual(
        rows.map((r) => r.payload),
        [{ n: 1 }],
      )
    })

    it('retries a failing handler with backoff, then marks it failed', async () => {
      let calls = 0
      const logger = recordingLogger()
      const runner = new JobRunner(db(), { logger }).handle('test.flaky', async () => {
        calls += 1
        throw new Error(`upstream refused ${'x'.repeat(3000)}`)
      })
      const id = (await enqueue(db(), 'test.flaky', {}, { maxAttempts: 3 })) ?? ''

      assert.equal(await runner.runDue(), 1)
      let row = await jobRow(id)
      assert.equal(row.status, 'queued')
      assert.equal(row.attempts, 1)
      assert.equal(row.lastError?.length, 1000)
      assert.match(row.lastError ?? '', /^Error: upstream refused x+$/)
      let wait = await secondsUntil(id)
      assert.ok(wait > 1 && wait <= 2, `first backoff ${wait}`)
      assert.equal(await runner.runDue(), 0, 'not due during backoff')

      await db()
        .updateTable('jobs')
        .set({ runAt: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute()
      assert.equal(await runner.runDue(), 1)
      row = await jobRow(id)
      assert.equal(row.status, 'queued')
      assert.equal(row.attempts, 2)
      wait = await secondsUntil(id)
      assert.ok(wait > 3 && wait <= 4, `second backoff ${wait}`)

      await db()
        .updateTable('jobs')
        .set({ runAt: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute()
      assert.equal(await runner.runDue(), 1)
      row = await jobRow(id)
      assert.equal(row.status, 'failed')
      assert.equal(row.attempts, 3)
      assert.ok(row.finishedAt instanceof Date)
      assert.equal(row.lockedBy, null)

      await db()
        .updateTable('jobs')
        .set({ runAt: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute()
      assert.equal(await runner.runDue(), 0)
      assert.equal(calls, 3)
      assert.deepEqual(
        logger.entries.map((e) => [e.level, e.msg]),
        [
          ['warn', 'job failed; will retry'],
          ['warn', 'job failed; will retry'],
          ['error', 'job failed permanently'],
        ],
      )
      assert.equal(logger.entries[2]?.obj.jobId, id)
    })

    it('requeues and runs a job whose worker died (lock expired)', async () => {
      let calls = 0
      const runner = new JobRunner(db(), { workerId: 'survivor' }).handle('test.orphan', async () => {
        calls += 1
      })
      const orphan = (await enqueue(db(), 'test.orphan', {})) ?? ''
      const busy = (await enqueue(db(), 'test.orphan', {})) ?? ''
      const exhausted = (await enqueue(db(), 'test.orphan', {}, { maxAttempts: 1 })) ?? ''
      const lockedFor = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`
      await db()
        .updateTable('jobs')
        .set({ status: 'running', attempts: 1, lockedBy: 'crashed', lockedUntil: lockedFor(-60) })
        .where('id', 'in', [orphan, exhausted])
        .execute()
      await db()
        .updateTable('jobs')
        .set({ status: 'running', attempts: 1, lockedBy: 'alive', lockedUntil: lockedFor(600) })
        .where('id', '=', busy)
        .execute()

      assert.equal(await runner.runDue(), 1)
      assert.equal(calls, 1)
      const o = await jobRow(orphan)
      assert.equal(o.status, 'done')
      assert.equal(o.attempts, 2)
      assert.equal((await jobRow(busy)).status, 'running', 'a live lock is respected')
      const e = await jobRow(exhausted)
      assert.equal(e.status, 'failed', 'a job that keeps killing its worker stops at maxAttempts')
      assert.match(e.lastError ?? '', /lock expired/)
    })

    it('never runs a job enqueued in a rolled-back transaction', async () => {
      let calls = 0
      const runner = new JobRunner(db()).handle('test.outbox', async () => {
        calls += 1
      })
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) => {
            await enqueue(trx, 'test.outbox', { shareId: 'rolled-back' })
            throw new Error('business rule failed')
          }),
        /business rule failed/,
      )
      await db()
        .transaction()
        .execute(async (trx) => {
          await enqueue(trx, 'test.outbox', { shareId: 'committed' })
        })
      assert.equal(await runner.runDue(), 1)
      assert.equal(await runner.runDue(), 0)
      assert.equal(calls, 1)
      const payloads = await db()
        .selectFrom('jobs')
        .select('payload')
        .where('queue', '=', 'test.outbox')
        .execute()
      assert.deepEqual(
        payloads.map((p) => p.payload),
        [{ shareId: 'committed' }],
      )
    })

    it('runs each job once when two replicas poll concurrently', async () => {
      const other = await test.openAnother()
      const runs = new Map<string, string[]>()
      const handler = (worker: string) => async (job: Job) => {
        runs.set(job.id, [...(runs.get(job.id) ?? []), worker])
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      const a = new JobRunner(db(), { workerId: 'replica-a', batchSize: 5 }).handle('test.many', handler('a'))
      const b = new JobRunner(other.db, { workerId: 'replica-b', batchSize: 5 }).handle(
        'test.many',
        handler('b'),
      )
      const ids = new Set<string>()
      for (let i = 0; i < 40; i += 1) ids.add((await enqueue(db(), 'test.many', { i })) ?? '')
      let total = 0
      for (;;) {
        const [x, y] = await Promise.all([a.runDue(), b.runDue()])
        total += x + y
        if (x + y === 0) break
      }
      assert.equal(total, 40)
      assert.deepEqual(new Set(runs.keys()), ids)
      for (const workers of runs.values()) assert.equal(workers.length, 1)
    })

    it('fires a schedule once per slot even when two replicas race', async () => {
      const other = await test.openAnother()
      const fired: Job[] = []
      const handler = async (job: Job) => {
        fired.push(job)
      }
      const a = new JobRunner(db(), { workerId: 'sched-a' }).handle('test.nightly', handler)
      const b = new JobRunner(other.db, { workerId: 'sched-b' }).handle('test.nightly', handler)
      await a.schedule('nightly-report', '0 2 * * *', 'test.nightly', { report: 'daily' })
      await b.schedule('nightly-report', '0 2 * * *', 'test.nightly', { report: 'daily' })
      const slots: string[] = []
      for (let day = 1; day <= 12; day += 1) {
        const slot = new Date(Date.UTC(2025, 0, day, 18))
        slots.push(slot.toISOString())
        await db()
          .updateTable('jobSchedules')
          .set({ nextRunAt: slot })
          .where('name', '=', 'nightly-report')
          .execute()
        await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()])
      }
      while ((await Promise.all([a.runDue(), b.runDue()])).some((n) => n > 0)) {}
      assert.equal(fired.length, 12)
      const keys = await db()
        .selectFrom('jobs')
        .select('dedupeKey')
        .where('queue', '=', 'test.nightly')
        .orderBy('dedupeKey')
        .execute()
      assert.deepEqual(
        keys.map((k) => k.dedupeKey),
        slots.map((s) => `schedule:nightly-report:${s}`),
      )
      assert.deepEqual(fired[0]?.payload, { report: 'daily' })
      const row = await db()
        .selectFrom('jobSchedules')
        .selectAll()
        .where('name', '=', 'nightly-report')
        .executeTakeFirstOrThrow()
      assert.ok(row.nextRunAt.getTime() > Date.now(), 'the next slot is in the future after a catch-up')
      assert.equal(row.nextRunAt.getUTCHours(), 18)
      assert.ok(row.lastRunAt instanceof Date)
    })

    it('keeps a pending slot across restarts unless the cron changes; rejects bad cron', async () => {
      const runner = new JobRunner(db())
      await runner.schedule('weekly', '0 9 * * 1', 'test.weekly')
      const pending = new Date(Date.UTC(2025, 5, 2, 1))
      await db()
        .updateTable('jobSchedules')
        .set({ nextRunAt: pending })
        .where('name', '=', 'weekly')
        .execute()
      await new JobRunner(db()).schedule('weekly', '0 9 * * 1', 'test.weekly', { v: 2 })
      let row = await db()
        .selectFrom('jobSchedules')
        .selectAll()
        .where('name', '=', 'weekly')
        .executeTakeFirstOrThrow()
      assert.equal(row.nextRunAt.toISOString(), pending.toISOString())
      assert.deepEqual(row.payload, { v: 2 })
      await new JobRunner(db()).schedule('weekly', '0 10 * * 1', 'test.weekly')
      row = await db()
        .selectFrom('jobSchedules')
        .selectAll()
        .where('name', '=', 'weekly')
        .executeTakeFirstOrThrow()
      assert.ok(row.nextRunAt.getTime() > Date.now())
      assert.equal(row.cron, '0 10 * * 1')
      await assert.rejects(new JobRunner(db()).schedule('broken', 'not a cron', 'test.weekly'))
    })

    it('logs instead of throwing when a poll step fails', async () => {
      const logger = recordingLogger()
      const runner = new JobRunner(db(), { logger })
      await runner.schedule('corrupt', '0 3 * * *', 'test.corrupt')
      await db()
        .updateTable('jobSchedules')
        .set({ cron: '99 99 * * *', nextRunAt: new Date(Date.now() - 1000) })
        .where('name', '=', 'corrupt')
        .execute()
      assert.equal(await runner.runDue(), 0)
      assert.equal(logger.entries[0]?.msg, 'firing a schedule failed')
      assert.equal(logger.entries[0]?.obj.schedule, 'corrupt')
    })

    it('start() polls in the background and stop() waits for the running handler', async () => {
      let release: () => void = () => {}
      const started = new Promise<void>((resolve) => {
        release = resolve
      })
      let finished = false
      const runner = new JobRunner(db(), { pollMs: 20 }).handle('test.slow', async () => {
        release()
        await new Promise((resolve) => setTimeout(resolve, 150))
        finished = true
      })
      const id = (await enqueue(db(), 'test.slow', {})) ?? ''
      runner.start()
      await started
      await runner.stop()
      assert.equal(finished, true)
      assert.equal((await jobRow(id)).status, 'done')
      const later = (await enqueue(db(), 'test.slow', {})) ?? ''
      await new Promise((resolve) => setTimeout(resolve, 100))
      assert.equal((await jobRow(later)).status, 'queued', 'a stopped runner claims nothing')
      await db().deleteFrom('jobs').where('id', '=', later).execute()
    })

    it('keeps queued jobs across a restart', async () => {
      const id = (await enqueue(db(), 'test.durable', { certificate: 'c-1' })) ?? ''
      const handle = await test.restart()
      const seen: Job[] = []
      const runner = new JobRunner(handle.db).handle('test.durable', async (job) => {
        seen.push(job)
      })
      assert.equal(await runner.runDue(), 1)
      assert.equal(seen[0]?.id, id)
      assert.deepEqual(seen[0]?.payload, { certificate: 'c-1' })
    })
  })
}
