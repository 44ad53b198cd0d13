/**
 * Public door of the portal module. The open-data portal (开放平台): the public open catalog, downloads, open-data mirrors of externally mounted resources, developer keys and the open API, conditional-open applications and public data demands.
 */
import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import { demandRoutes } from './demands/routes.ts'
import type { PortalDeps } from './deps.ts'
import { developerRoutes } from './developers/routes.ts'
import { registerPortalJobHandlers } from './jobs.ts'
import { mirrorRoutes } from './open-data/mirror-routes.ts'
import { openApiRoutes } from './open-data/open-api.ts'
import { openDataRoutes } from './open-data/routes.ts'
import { openRequestRoutes } from './requests/routes.ts'

export type { PortalDeps } from './deps.ts'

export const portalMigrations: MigrationSource = {
  module: 'portal',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function portalRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  await openDataRoutes(app, deps)
  await openApiRoutes(app, deps)
  await mirrorRoutes(app, deps)
  await developerRoutes(app, deps)
  await openRequestRoutes(app, deps)
  await demandRoutes(app, deps)
}

export async function registerPortalJobs(runner: JobRunner, deps: PortalDeps): Promise<void> {
  await registerPortalJobHandlers(runner, deps)
}
