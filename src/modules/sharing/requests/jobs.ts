import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { SharingDeps } from '../deps.ts'
import { ESCALATE_CRON, ESCALATE_QUEUE, ESCALATE_SCHEDULE, escalateOverdue } from './escalation.ts'

/**
 * Hourly escalation of overdue share requests. The returned promise settles when the schedule is stored; a
 * caller that does not wait for it still gets the handler, and a failed write never becomes an unhandled
 * rejection (the schedule is written again at the next start).
 */
export function registerRequestsJobs(runner: JobRunner, _deps: SharingDeps): Promise<void> {
  runner.handle(ESCALATE_QUEUE, async (_job, db) => {
    await escalateOverdue(db)
  })
  const stored = runner.schedule(ESCALATE_SCHEDULE, ESCALATE_CRON, ESCALATE_QUEUE)
  stored.catch(() => {})
  return stored
}
