import { systemContext } from '../../platform/context.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import { DEMAND_CRON, DEMAND_QUEUE, DEMAND_SCHEDULE, flagOverdueDemands } from './demands/overdue.ts'
import type { PortalDeps } from './deps.ts'
import {
  PURGE_CRON,
  PURGE_QUEUE,
  PURGE_SCHEDULE,
  purgeDeveloperCredentials,
} from './developers/housekeeping.ts'
import { refreshMirror } from './open-data/mirror.ts'
import {
  MIRROR_CRON,
  MIRROR_SCHEDULE,
  MIRROR_SCHEDULE_QUEUE,
  scheduleMirrors,
} from './open-data/mirror-schedule.ts'
import { MIRROR_QUEUE } from './open-data/mirror-store.ts'
import {
  ESCALATE_CRON,
  ESCALATE_QUEUE,
  ESCALATE_SCHEDULE,
  escalateOverdueRequests,
} from './requests/escalation.ts'

/**
 * Hourly: overdue open requests go to the bureau, overdue data demands are flagged. Daily: expired developer
 * sessions and old sign-in failures are removed, and open-data mirrors due by their resource's update frequency
 * are queued for refresh (each copy is its own job, also queued by a console refresh or a first public read). The returned promise settles when every schedule is stored; a failed write never becomes an unhandled rejection (written again at start).
 */
export function registerPortalJobHandlers(runner: JobRunner, deps: PortalDeps): Promise<void> {
  runner.handle(ESCALATE_QUEUE, async (_job, db) => {
    await escalateOverdueRequests(db)
  })
  runner.handle(DEMAND_QUEUE, async (_job, db) => {
    await flagOverdueDemands(db)
  })
  runner.handle(PURGE_QUEUE, async (_job, db) => {
    await purgeDeveloperCredentials(db)
  })
  runner.handle(MIRROR_QUEUE, async (job, db) => {
    const resourceId = typeof job.payload.resourceId === 'string' ? job.payload.resourceId : ''
    // Source problems are recorded on the mirror row, not retried by the queue: the next schedule tries again.
    await refreshMirror(db, deps.config, systemContext(MIRROR_QUEUE), resourceId)
  })
  runner.handle(MIRROR_SCHEDULE_QUEUE, async (_job, db) => {
    await scheduleMirrors(db, deps.config, systemContext(MIRROR_SCHEDULE))
  })
  const stored = Promise.all([
    runner.schedule(MIRROR_SCHEDULE, MIRROR_CRON, MIRROR_SCHEDULE_QUEUE),
    runner.schedule(ESCALATE_SCHEDULE, ESCALATE_CRON, ESCALATE_QUEUE),
    runner.schedule(DEMAND_SCHEDULE, DEMAND_CRON, DEMAND_QUEUE),
    runner.schedule(PURGE_SCHEDULE, PURGE_CRON, PURGE_QUEUE),
  ]).then(() => undefined)
  stored.catch(() => {})
  return stored
}
