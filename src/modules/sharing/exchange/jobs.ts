import { systemContext } from '../../../platform/context.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { SharingDeps } from '../deps.ts'
import { executeRun } from './execute.ts'
import { RUN_QUEUE } from './runs.ts'
import { fireDueJobs, TICK_QUEUE, TICK_SCHEDULE } from './schedule.ts'

/**
 * Background work of batch exchange: runs queued by the API or the schedule tick, and the tick itself (every
 * minute). A run that fails for a passing reason (target unreachable) or that another process holds is retried by
 * the queue with backoff; each retry resumes from the run's checkpoint.
 */
export function registerExchangeJobs(runner: JobRunner, deps: SharingDeps): Promise<void> {
  const { config } = deps
  runner.handle(RUN_QUEUE, async (job, db) => {
    const runId = typeof job.payload.runId === 'string' ? job.payload.runId : ''
    const outcome = await executeRun(db, config, runId, { ctx: systemContext(RUN_QUEUE) })
    if (outcome.status === 'busy') throw new Error('exchange run held by another process')
    if (outcome.status === 'failed' && outcome.retryable)
      throw new Error(`exchange run failed: ${outcome.code}`)
  })
  runner.handle(TICK_QUEUE, async (_job, db) => {
    await fireDueJobs(db)
  })
  // The promise settles when the schedule row is stored; a failed write never becomes an unhandled rejection (the
  // schedule is written again at the next start).
  const stored = runner.schedule(TICK_SCHEDULE, '* * * * *', TICK_QUEUE)
  stored.catch(() => {})
  return stored
}
