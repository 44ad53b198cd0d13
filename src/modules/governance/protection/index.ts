/** Classification and grading, sensitive-data discovery, masking policy, risk alerts over the access log. */
import type { AppInstance } from '../../../platform/http/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { GovernanceDeps } from '../deps.ts'

export async function protectionRoutes(_app: AppInstance, _deps: GovernanceDeps): Promise<void> {}

export async function registerProtectionJobs(_runner: JobRunner, _deps: GovernanceDeps): Promise<void> {}
