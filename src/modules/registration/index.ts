/**
 * Public door of the registration module. Public data resource registration (公共数据资源登记): applications on working-day deadlines, public notice and objections, signed certificates anyone can verify.
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { RegistrationDeps } from './deps.ts'

export type { RegistrationDeps } from './deps.ts'

export const registrationMigrations: MigrationSource = {
  module: 'registration',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function registrationRoutes(_app: AppInstance, _deps: RegistrationDeps): Promise<void> {}

export async function registerRegistrationJobs(_runner: JobRunner, _deps: RegistrationDeps): Promise<void> {}
