import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { SharingDeps } from '../deps.ts'

export function registerRequestsJobs(_runner: JobRunner, _deps: SharingDeps): void {}
