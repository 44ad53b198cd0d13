import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp, seedDatabase, WEB_DIST } from '../../src/app.ts'
import type { Db } from '../../src/platform/db/index.ts'
import { ADMIN_PASSWORD, testConfig } from './app.ts'
import { openTestDatabase } from './db.ts'

export interface TestServer {
  readonly url: string
  /** The server's database, for set-up steps no API offers (e.g. grading fields directly). */
  readonly db: Db
  readonly adminUsername: string
  readonly adminPassword: string
  close(): Promise<void>
}

/** The real app with the built console on a random local port and a fresh embedded database. */
export async function startTestServer(options: { adminPassword?: string } = {}): Promise<TestServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('web/dist is missing: run `node scripts/build-web.mjs` (npm ci does it in postinstall)')
  }
  const adminPassword = options.adminPassword ?? ADMIN_PASSWORD
  const database = await openTestDatabase('pglite')
  const config = testConfig({ ADMIN_PASSWORD: adminPassword })
  await seedDatabase(database.handle.db, config)
  const app = await buildApp({ config, database: database.handle, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    db: database.handle.db,
    adminUsername: config.adminUsername,
    adminPassword,
    async close() {
      await app.close()
      await database.dispose()
    },
  }
}

/**
 * One JSON (or multipart FormData) call to the test server's API as a scenario step: a non-2xx answer fails the
 * test with the status and body; the parsed answer is returned.
 */
export async function apiCall<T>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const form = body instanceof FormData
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  })
  const text = await res.text()
  assert.ok(res.ok, `${method} ${path} answered ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}
