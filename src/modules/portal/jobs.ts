import type { JobRunner } from '../../platform/jobs/index.ts'
import { DEMAND_CRON, DEMAND_QUEUE, DEMAND_SCHEDULE, flagOverdueDemands } from './demands/overdue.ts'
import type { PortalDeps } from './deps.ts'
import {
  PURGE_CRON,
  PURGE_QUEUE,
  PURGE_SCHEDULE,
  purgeDeveloperCredentials,
} from './developers/housekeeping.ts'
import {
  ESCALATE_CRON,
  ESCALATE_QUEUE,
  ESCALATE_SCHEDULE,
  escalateOverdueRequests,
} from './requests/escalation.ts'

/**
 * Hourly: overdue open requests go to the bureau, overdue data demands are flagged. Daily: expired developer
 * sessions and old sign-in failures are removed. The returned promise settles when every schedule is stored; a failed write never becomes an unhandled rejection (written again at start).
 */
export function registerPortalJobHandlers(runner: JobRunner, _deps: PortalDeps): Promise<void> {
  runner.handle(ESCALATE_QUEUE, async (_job, db) => {
    await escalateOverdueRequests(db)
  })
  runner.handle(DEMAND_QUEUE, async (_job, db) => {
    await flagOverdueDemands(db)
  })
  runner.handle(PURGE_QUEUE, async (_job, db) => {
    await purgeDeveloperCredentials(db)
  })
  const stored = Promise.all([
    runner.schedule(ESCALATE_SCHEDULE, ESCALATE_CRON, ESCALATE_QUEUE),
    runner.schedule(DEMAND_SCHEDULE, DEMAND_CRON, DEMAND_QUEUE),
    runner.schedule(PURGE_SCHEDULE, PURGE_CRON, PURGE_QUEUE),
  ]).then(() => undefined)
  stored.catch(() => {})
  return stored
}
