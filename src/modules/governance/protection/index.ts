/** Classification and grading, sensitive-data discovery, masking policy, risk alerts over the access log. */
import type { AppInstance } from '../../../platform/http/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { GovernanceDeps } from '../deps.ts'
import { evaluateSinceWatermark } from './alerts/evaluate.ts'
import { protectionHttp } from './routes.ts'
import { registerMaskingRules } from './rules-source.ts'

export const RISK_QUEUE = 'governance.risk_evaluate'
/** Every five minutes: alerts arrive within minutes of the pattern, at a small cost per run. */
export const RISK_CRON = '*/5 * * * *'

export async function protectionRoutes(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  registerMaskingRules(deps.db)
  await protectionHttp(app, deps)
}

export function registerProtectionJobs(runner: JobRunner, deps: GovernanceDeps): Promise<void> {
  registerMaskingRules(deps.db)
  runner.handle(RISK_QUEUE, async (_job, db) => {
    await evaluateSinceWatermark(db)
  })
  const stored = runner.schedule('governance.risk_evaluate.every5m', RISK_CRON, RISK_QUEUE)
  stored.catch(() => {})
  return stored
}
