import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp, seedDatabase, WEB_DIST } from '../../src/app.ts'
import { ADMIN_PASSWORD, testConfig } from './app.ts'
import { openTestDatabase } from './db.ts'

export interface TestServer {
  readonly url: string
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
    adminUsername: config.adminUsername,
    adminPassword,
    async close() {
      await app.close()
      await database.dispose()
    },
  }
}
