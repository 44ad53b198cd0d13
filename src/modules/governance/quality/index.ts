/** Quality rules, one-pass audits, scores and rectification tickets (稽查, 反馈整改, 校核纠错). */
import type { AppInstance } from '../../../platform/http/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { GovernanceDeps } from '../deps.ts'

export async function qualityRoutes(_app: AppInstance, _deps: GovernanceDeps): Promise<void> {}

export async function registerQualityJobs(_runner: JobRunner, _deps: GovernanceDeps): Promise<void> {}
