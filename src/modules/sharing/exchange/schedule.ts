/**
 * Scheduled exchange: one platform schedule ticks every minute and starts the runs of jobs whose next slot is due.
 * Each job's slot moves on by compare-and-set inside the transaction that queues the run, so a slot fires once
 * however many replicas tick. A job whose grant is not in force, or whose last run is still busy, skips the slot.
 */
import { systemContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { DomainError } from '../../../platform/errors.ts'
import { enqueue, nextCronRun } from '../../../platform/jobs/index.ts'
import { t } from '../store.ts'
import { grantById, grantInForce } from './grant.ts'
import { RUN_QUEUE, startRun } from './runs.ts'

export const TICK_QUEUE = 'sharing.exchange.tick'
export const TICK_SCHEDULE = 'sharing.exchange.tick'

/** Starts the due jobs' runs; returns how many were queued. */
export async function fireDueJobs(db: Db, now = new Date()): Promise<number> {
  const due = await t(db)
    .selectFrom('exchangeJobs')
    .selectAll()
    .where('deletedAt', 'is', null)
    .where('enabled', '=', true)
    .where('nextRunAt', '<=', now)
    .orderBy('nextRunAt')
    .limit(500)
    .execute()
  let queued = 0
  const ctx = systemContext(TICK_SCHEDULE)
  for (const job of due) {
    if (!job.cron || !job.nextRunAt) continue
    const slot = job.nextRunAt
    const next = nextCronRun(job.cron, new Date(Math.max(now.getTime(), slot.getTime())))
    const grant = await grantById(db, job.grantId)
    try {
      await db.transaction().execute(async (trx) => {
        const won = await t(trx)
          .updateTable('exchangeJobs')
          .set({ nextRunAt: next })
          .where('id', '=', job.id)
          .where('nextRunAt', '=', slot)
          .returning('id')
          .executeTakeFirst()
        if (!won || !grant || !grantInForce(grant)) return
        const run = await startRun(trx, ctx, job, 'schedule')
        await enqueue(
          trx,
          RUN_QUEUE,
          { runId: run.id },
          { dedupeKey: `exchange:${job.id}:${slot.toISOString()}` },
        )
        queued++
      })
    } catch (error) {
      // A run still in progress keeps the slot skipped; the next slot tries again.
      if (!(error instanceof DomainError)) throw error
      await t(db)
        .updateTable('exchangeJobs')
        .set({ nextRunAt: next })
        .where('id', '=', job.id)
        .where('nextRunAt', '=', slot)
        .execute()
    }
  }
  return queued
}
