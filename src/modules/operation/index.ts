/**
 * Public door of the operation module. Authorized operation (授权运营): projects and mandates, agreements, operators, products under government-guided prices, orders, metering, revenue and disclosure.
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { OperationDeps } from './deps.ts'

export type { OperationDeps } from './deps.ts'

export const operationMigrations: MigrationSource = {
  module: 'operation',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function operationRoutes(_app: AppInstance, _deps: OperationDeps): Promise<void> {}

export async function registerOperationJobs(_runner: JobRunner, _deps: OperationDeps): Promise<void> {}
