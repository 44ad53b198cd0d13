/**
 * Public door of the registration module. Public data resource registration (公共数据资源登记): applications on
 * working-day deadlines, public notice and objections, signed certificates anyone can verify.
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { RegistrationDeps } from './deps.ts'
import { registerJobs } from './jobs.ts'
import { registrationPublicRoutes } from './public-routes.ts'
import { registrationConsoleRoutes } from './routes.ts'

export {
  type CertificateFile,
  type CertificateSignature,
  certificateFacts,
  checkSignature,
  type PublishedKey,
  parseCertificateFile,
  type SignatureCheck,
} from './certificate-format.ts'
export type { RegistrationDeps } from './deps.ts'
export { type RegistrationStatusFacts, registrationStatusOf } from './listing.ts'
export { isValidNumber } from './numbers.ts'
export type { RegistrationStatus } from './tables.ts'

export const registrationMigrations: MigrationSource = {
  module: 'registration',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function registrationRoutes(app: AppInstance, deps: RegistrationDeps): Promise<void> {
  await registrationConsoleRoutes(app, deps)
  await registrationPublicRoutes(app, deps)
}

export async function registerRegistrationJobs(runner: JobRunner, deps: RegistrationDeps): Promise<void> {
  await registerJobs(runner, deps)
}
