import type { JobRunner } from '../../../platform/jobs/index.ts'
import type { SharingDeps } from '../deps.ts'

export function registerExchangeJobs(_runner: JobRunner, _deps: SharingDeps): void {}
