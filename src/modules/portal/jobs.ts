import type { JobRunner } from '../../platform/jobs/index.ts'
import { DEMAND_CRON, DEMAND_QUEUE, DEMAND_SCHEDULE, flagOverdueDemands } from './demands/overdue.ts'
import type { PortalDeps } from './deps.ts'
import {
  ESCALATE_CRON,
  ESCALATE_QUEUE,
  ESCALATE_SCHEDULE,
  escalateOverdueRequests,
} from './requests/escalation.ts'

/**
 * Hourly: overdue open requests go to the bureau, overdue data demands are flagged. The returned promise settles
 * when both schedules are stored; a failed write never becomes an unhandled rejection (written again at start).
 */
export function registerPortalJobHandlers(runner: JobRunner, _deps: PortalDeps): Promise<void> {
  runner.handle(ESCALATE_QUEUE, async (_job, db) => {
    await escalateOverdueRequests(db)
  })
  runner.handle(DEMAND_QUEUE, async (_job, db) => {
    await flagOverdueDemands(db)
  })
  const stored = Promise.all([
    runner.schedule(ESCALATE_SCHEDULE, ESCALATE_CRON, ESCALATE_QUEUE),
    runner.schedule(DEMAND_SCHEDULE, DEMAND_CRON, DEMAND_QUEUE),
  ]).then(() => undefined)
  stored.catch(() => {})
  return stored
}
