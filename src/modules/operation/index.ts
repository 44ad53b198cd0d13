/**
 * Public door of the operation module. Authorized operation (授权运营): projects and mandates, agreements, operators, products under government-guided prices, orders, metering, revenue and disclosure.
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { OperationDeps } from './deps.ts'
import { invoiceRoutes } from './invoice-routes.ts'
import { registerJobs } from './jobs.ts'
import { marketRoutes } from './market-routes.ts'
import { projectRoutes } from './project-routes.ts'
import { publicRoutes } from './public-routes.ts'

export type { OperationDeps } from './deps.ts'
export { operationError } from './errors.ts'

export const operationMigrations: MigrationSource = {
  module: 'operation',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function operationRoutes(app: AppInstance, deps: OperationDeps): Promise<void> {
  await projectRoutes(app, deps)
  await marketRoutes(app, deps)
  await invoiceRoutes(app, deps)
  await publicRoutes(app, deps)
}

export async function registerOperationJobs(runner: JobRunner, deps: OperationDeps): Promise<void> {
  await registerJobs(runner, deps)
}
