/**
 * Public door of data governance (数据治理): quality audits with rectification (quality/) and classification,
 * grading, discovery, masking policy and risk alerts (protection/).
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { GovernanceDeps } from './deps.ts'
import { protectionRoutes, registerProtectionJobs } from './protection/index.ts'
import { qualityRoutes, registerQualityJobs } from './quality/index.ts'

export type { GovernanceDeps } from './deps.ts'
export { registerMaskingRules } from './protection/rules-source.ts'

export const governanceMigrations: MigrationSource = {
  module: 'governance',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function governanceRoutes(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  await qualityRoutes(app, deps)
  await protectionRoutes(app, deps)
}

export async function registerGovernanceJobs(runner: JobRunner, deps: GovernanceDeps): Promise<void> {
  await registerQualityJobs(runner, deps)
  await registerProtectionJobs(runner, deps)
}
