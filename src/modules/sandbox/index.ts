/**
 * Public door of the sandbox module. The privacy-preserving sandbox (可用不可见): aggregate-only SQL over raw resources, small groups suppressed, optional differential privacy within a budget.
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import type { SandboxDeps } from './deps.ts'
import { sandboxRouteHandlers } from './routes.ts'

export type { SandboxDeps } from './deps.ts'
export { sandboxError } from './errors.ts'
export type { Cell as SandboxCell } from './execute.ts'
export { type RunDeps, runSandboxQuery, type SandboxActor, type SandboxResult } from './run.ts'
export {
  createSandboxScope,
  type SandboxScopeInput,
  sandboxScopeFacts,
  updateSandboxScope,
} from './scopes.ts'
export type { ScopeKind as SandboxScopeKind } from './tables.ts'

export const sandboxMigrations: MigrationSource = {
  module: 'sandbox',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function sandboxRoutes(app: AppInstance, deps: SandboxDeps): Promise<void> {
  await sandboxRouteHandlers(app, deps)
}

export async function registerSandboxJobs(_runner: JobRunner, _deps: SandboxDeps): Promise<void> {}
