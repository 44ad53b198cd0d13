import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import { sql } from 'kysely'
import { catalogMigrations, catalogRoutes, registerCatalogJobs } from './modules/catalog/index.ts'
import { datastoreMigrations } from './modules/datastore/index.ts'
import { governanceMigrations, governanceRoutes, registerGovernanceJobs } from './modules/governance/index.ts'
import {
  auditScopeOf,
  canAdministerCalendar,
  createAuthResolver,
  identityMigrations,
  identityRoutes,
  purgeExpiredCredentials,
  type SeedResult,
  seedIdentity,
} from './modules/identity/index.ts'
import { operationMigrations, operationRoutes, registerOperationJobs } from './modules/operation/index.ts'
import { portalMigrations, portalRoutes, registerPortalJobs } from './modules/portal/index.ts'
import {
  registerRegistrationJobs,
  registrationMigrations,
  registrationRoutes,
} from './modules/registration/index.ts'
import { registerSandboxJobs, sandboxMigrations, sandboxRoutes } from './modules/sandbox/index.ts'
import { registerSharingJobs, sharingMigrations, sharingRoutes } from './modules/sharing/index.ts'
import { auditRoutes } from './platform/audit/index.ts'
import { calendarRoutes, seedCalendar } from './platform/calendar/index.ts'
import type { Config } from './platform/config.ts'
import type { Db, DbHandle, MigrationSource } from './platform/db/index.ts'
import { platformError } from './platform/errors.ts'
import { type AppInstance, createHttpServer, sendProblem } from './platform/http/index.ts'
import { type JobLogger, JobRunner, purgeFinishedJobs } from './platform/jobs/index.ts'

export const platformMigrations: MigrationSource = {
  module: 'platform',
  dir: fileURLToPath(new URL('./platform/migrations', import.meta.url)),
}

/** In dependency order: a module's tables exist before the modules that build on it. */
export const migrationSources: readonly MigrationSource[] = [
  platformMigrations,
  identityMigrations,
  datastoreMigrations,
  catalogMigrations,
  sharingMigrations,
  governanceMigrations,
  registrationMigrations,
  sandboxMigrations,
  operationMigrations,
  portalMigrations,
]

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url))

export interface AppDeps {
  readonly config: Config
  readonly database: DbHandle
  readonly logger?: boolean
  readonly logStream?: { write(line: string): void }
  /** Serve the built web console from this folder (default web/dist when it exists). */
  readonly webDist?: string | null
}

const API_PREFIXES = ['/api/', '/gw/', '/docs', '/healthz', '/readyz']

/** Builds the whole HTTP application without listening, so tests drive it with app.inject(). */
export async function buildApp(deps: AppDeps): Promise<AppInstance> {
  const { config, database } = deps
  const db = database.db
  const app = await createHttpServer({
    config,
    auth: createAuthResolver({ db, config }),
    logger: deps.logger ?? true,
    ...(deps.logStream ? { logStream: deps.logStream } : {}),
  })

  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { tags: ['ops'], summary: '存活检查', security: [] } },
    async () => ({ status: 'ok' }),
  )
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { tags: ['ops'], summary: '就绪检查（数据库可用）', security: [] },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(db)
        return { status: 'ready', database: database.engine }
      } catch {
        return sendProblem(request, reply, platformError('service.unavailable'))
      }
    },
  )

  await identityRoutes(app, { db, config })
  await auditRoutes(app, { db, scopeOf: auditScopeOf })
  await calendarRoutes(app, { db, canAdminister: canAdministerCalendar })
  await catalogRoutes(app, { db, secretKey: config.secretKey, allowedHosts: config.mountAllowedHosts })
  await sharingRoutes(app, { db, config })
  await governanceRoutes(app, { db, config })
  await registrationRoutes(app, { db, config })
  await sandboxRoutes(app, { db, config })
  await operationRoutes(app, { db, config })
  await portalRoutes(app, { db, config })

  const webDist = deps.webDist === undefined ? WEB_DIST : deps.webDist
  const hasWeb = webDist !== null && existsSync(join(webDist, 'index.html'))
  if (hasWeb && webDist) {
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), access: 'public' }
      })
      await web.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' })
    })
  }
  const indexHtml = hasWeb && webDist ? readFileSync(join(webDist, 'index.html'), 'utf8') : null
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    // Client-side routes of the console (e.g. /orgs) load the single page; unknown API paths are problems.
    if (indexHtml !== null && request.method === 'GET' && !API_PREFIXES.some((p) => path.startsWith(p))) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml)
    }
    return sendProblem(request, reply, platformError('route.not_found'))
  })
  return app
}

/** First-start data every replica can call on every start: each seed writes only what is missing. */
export async function seedDatabase(db: Db, config: Config): Promise<SeedResult> {
  const identity = await seedIdentity(db, config)
  await seedCalendar(db)
  return identity
}

/** Background work of the platform itself; modules add their own handlers and schedules here. */
export async function createJobRunner(db: Db, config: Config, logger: JobLogger): Promise<JobRunner> {
  const runner = new JobRunner(db, { pollMs: config.jobsPollMs, logger })
  runner.handle('housekeeping', async () => {
    await purgeExpiredCredentials(db, config.loginWindowMinutes)
    await purgeFinishedJobs(db, 30)
  })
  // 03:15 Beijing time, when the bureau's staff are not working.
  await runner.schedule('housekeeping.nightly', '15 3 * * *', 'housekeeping')
  await registerCatalogJobs(runner, db)
  await registerSharingJobs(runner, { db, config })
  await registerGovernanceJobs(runner, { db, config })
  await registerRegistrationJobs(runner, { db, config })
  await registerSandboxJobs(runner, { db, config })
  await registerOperationJobs(runner, { db, config })
  await registerPortalJobs(runner, { db, config })
  return runner
}
