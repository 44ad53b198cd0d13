/** Quality rules, one-pass audits, scores and rectification tickets (稽查, 反馈整改, 校核纠错). */
import type { AppInstance } from '../../../platform/http/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { GovernanceDeps } from '../deps.ts'
import { registerQualityJobsOn } from './jobs.ts'
import { rectificationRoutes } from './rectification/routes.ts'
import { qualityRuleRoutes } from './routes.ts'

export async function qualityRoutes(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  await qualityRuleRoutes(app, deps)
  await rectificationRoutes(app, deps)
}

export async function registerQualityJobs(runner: JobRunner, deps: GovernanceDeps): Promise<void> {
  await registerQualityJobsOn(runner, deps.config)
}
