/** Operation's scheduled work: the annual-report reminders (hourly; each reminder is written once). */
import type { JobRunner } from '../../platform/jobs/index.ts'
import { REMINDER_CRON, REMINDER_JOB, REMINDER_SCHEDULE, sendReportReminders } from './annual-reports.ts'
import type { OperationDeps } from './deps.ts'

export function registerJobs(runner: JobRunner, deps: OperationDeps): Promise<void> {
  runner.handle(REMINDER_JOB, async (_job, db) => {
    await sendReportReminders(db, deps.config)
  })
  const stored = runner.schedule(REMINDER_SCHEDULE, REMINDER_CRON, REMINDER_JOB)
  stored.catch(() => {})
  return stored
}
