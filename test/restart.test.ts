/** The embedded database keeps everything across restarts, and a restart re-seeds nothing. */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { buildApp, migrationSources, seedDatabase } from '../src/app.ts'
import { migrate, openDatabase } from '../src/platform/db/index.ts'
import { testConfig } from './support/app.ts'

async function boot(dataDir: string, env: Record<string, string>) {
  const database = await openDatabase({ dataDir })
  const migrated = await migrate(database.db, migrationSources)
  assert.equal(migrated.error, undefined)
  const config = testConfig({ DATA_DIR: dataDir, ...env })
  const seed = await seedDatabase(database.db, config)
  const app = await buildApp({ config, database, logger: false, webDist: null })
  return { database, app, seed, migrated }
}

test('restarting on the same data dir keeps orgs, users and the audit chain', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shuhui-restart-'))
  try {
    // First start without ADMIN_PASSWORD: one is generated and reported once.
    const first = await boot(dataDir, { ADMIN_PASSWORD: '' })
    const password = first.seed.generatedAdminPassword
    assert.ok(password && password.length >= 12)
    assert.ok(first.migrated.applied.length >= 2)
    const login = await first.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password },
    })
    const headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` }
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers,
      payload: { name: '重启测试局', type: 'other', regionCode: '430300' },
    })
    assert.equal(created.statusCode, 201)
    await first.app.close()
    await first.database.close()

    const second = await boot(dataDir, { ADMIN_PASSWORD: '' })
    assert.deepEqual(second.migrated.applied, [], 'nothing to migrate')
    assert.equal(second.seed.generatedAdminPassword, undefined, 'no new admin password')
    assert.equal(second.seed.orgs, 0)
    assert.equal(second.seed.regions, 0)
    const again = await second.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password },
    })
    assert.equal(again.statusCode, 200)
    const h2 = { authorization: `Bearer ${again.json<{ token: string }>().token}` }
    const found = await second.app.inject({
      method: 'GET',
      url: `/api/v1/orgs?q=${encodeURIComponent('重启测试局')}`,
      headers: h2,
    })
    assert.equal(found.json<{ total: number }>().total, 1)
    const verify = await second.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: h2 })
    assert.equal(verify.json<{ ok: boolean }>().ok, true)
    await second.app.close()
    await second.database.close()
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
