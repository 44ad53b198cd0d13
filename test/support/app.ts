import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp, seedDatabase } from '../../src/app.ts'
import { type Config, loadConfig } from '../../src/platform/config.ts'
import type { Db, DbHandle, Engine } from '../../src/platform/db/index.ts'
import type { AppInstance } from '../../src/platform/http/index.ts'
import { openTestDatabase } from './db.ts'

export const ADMIN_PASSWORD = 'Admin12345'
export const TEST_SECRET_KEY = 'a1'.repeat(32)

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET_KEY,
    ADMIN_PASSWORD,
    DATA_DIR: '/tmp/shuhui-test-unused',
    LOG_LEVEL: 'silent',
    ...overrides,
  })
}

export interface TestApp {
  readonly app: AppInstance
  readonly db: Db
  readonly handle: DbHandle
  readonly config: Config
  /** Logs in through the API and returns a bearer header for inject(). */
  login(username: string, password?: string): Promise<Record<string, string>>
  /** The id of the org with exactly this name (looked up as the seeded admin). */
  orgId(name: string): Promise<string>
  /** Creates a user in the named org through the API (as the admin) and returns its bearer header. */
  createUser(
    username: string,
    orgName: string,
    roles: string[],
    password?: string,
  ): Promise<Record<string, string>>
  /** Shorthand for app.inject that parses JSON bodies. */
  request(options: InjectOptions): Promise<LightMyRequestResponse & { body: string; json<T = unknown>(): T }>
  close(): Promise<void>
}

export async function createTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase(engine)
  const config = testConfig(env)
  await seedDatabase(database.handle.db, config)
  const app = await buildApp({ config, database: database.handle, logger: false, webDist: null })
  await app.ready()
  let adminHeaders: Record<string, string> | undefined
  const asAdmin = async () => {
    adminHeaders ??= await login('admin')
    return adminHeaders
  }
  async function login(username: string, password = ADMIN_PASSWORD): Promise<Record<string, string>> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    })
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`)
    return { authorization: `Bearer ${res.json<{ token: string }>().token}` }
  }
  async function orgId(name: string): Promise<string> {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/orgs?q=${encodeURIComponent(name)}&pageSize=200`,
      headers: await asAdmin(),
    })
    const id = res.json<{ items: { id: string; name: string }[] }>().items.find((o) => o.name === name)?.id
    if (!id) throw new Error(`no org named ${name}`)
    return id
  }
  return {
    app,
    db: database.handle.db,
    handle: database.handle,
    config,
    login,
    orgId,
    async createUser(username, orgName, roles, password = 'Member1234') {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: await asAdmin(),
        payload: { username, displayName: username, orgId: await orgId(orgName), roles, password },
      })
      if (res.statusCode !== 201)
        throw new Error(`create user ${username} failed: ${res.statusCode} ${res.body}`)
      return login(username, password)
    },
    request: (options) => app.inject(options),
    async close() {
      await app.close()
      await database.dispose()
    },
  }
}
