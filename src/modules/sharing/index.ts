/**
 * Public door of the sharing hub (大数据总枢纽): share requests on working-day deadlines and the grants they
 * produce (requests/), the audited data gateway (gateway/) and batch exchange (exchange/).
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { SharingDeps } from './deps.ts'
import { registerExchangeJobs } from './exchange/jobs.ts'
import { exchangeRoutes } from './exchange/routes.ts'
import { registerGatewayJobs } from './gateway/jobs.ts'
import { gatewayRoutes } from './gateway/routes.ts'
import { registerRequestsJobs } from './requests/jobs.ts'
import { requestsRoutes } from './requests/routes.ts'

export {
  type AccessQuery,
  type AppGrant,
  accessAggregates,
  type CallAggregate,
  callCountsByApp,
  grantsOfApp,
  type ReplayedCall,
  replayCalls,
  revokeGrant,
} from './access-log.ts'
export type { SharingDeps } from './deps.ts'
export { type ExecuteOutcome, executeRun, type RunProgress } from './exchange/execute.ts'
export { runJobHere } from './exchange/inline.ts'
export { openSource, type SourceReader } from './exchange/source.ts'
export type { DeliveryMode, GrantRow, GrantStatus, RowScope } from './grants-table.ts'
export {
  issueProductGrant,
  meteredCalls,
  type ProductGrantInput,
  revokeProductGrant,
} from './product-grants.ts'
export type { SharingTables } from './tables.ts'

export const sharingMigrations: MigrationSource = {
  module: 'sharing',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function sharingRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  await requestsRoutes(app, deps)
  await gatewayRoutes(app, deps)
  await exchangeRoutes(app, deps)
}

export async function registerSharingJobs(runner: JobRunner, deps: SharingDeps): Promise<void> {
  await registerRequestsJobs(runner, deps)
  await registerGatewayJobs(runner, deps)
  await registerExchangeJobs(runner, deps)
}
