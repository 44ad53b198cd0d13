export type { EnqueueOptions, JobsTables } from './queue.ts'
export { DEFAULT_MAX_ATTEMPTS, enqueue } from './queue.ts'
export type { Job, JobHandler, JobLogger, JobRunnerOptions } from './runner.ts'
export { backoffSeconds, JobRunner, nextCronRun, SCHEDULE_TIME_ZONE } from './runner.ts'
