import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const KEY = 'ab'.repeat(32)

test('defaults give a working development configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shuhui-config-'))
  const c = loadConfig({ DATA_DIR: dir })
  assert.equal(c.port, 8080)
  assert.equal(c.adminUsername, 'admin')
  assert.equal(c.databaseUrl, undefined)
  assert.equal(c.production, false)
  assert.equal(c.secretKey.length, 32)
  assert.ok(Object.isFrozen(c))
  // The generated development key is kept, so encrypted data survives a restart.
  assert.equal(readFileSync(join(dir, 'secret.key'), 'utf8'), c.secretKey.toString('hex'))
  assert.deepEqual(loadConfig({ DATA_DIR: dir }).secretKey, c.secretKey)
})

test('production refuses to start without SECRET_KEY', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' }), ConfigError)
  const c = loadConfig({ NODE_ENV: 'production', SECRET_KEY: KEY })
  assert.equal(c.production, true)
  assert.equal(c.cookieSecure, true)
})

test('bad values are refused with the variable named', () => {
  const cases: Record<string, string>[] = [
    { PORT: 'eighty' },
    { PORT: '70000' },
    { DATABASE_URL: 'mysql://x' },
    { SECRET_KEY: 'short' },
    { ADMIN_PASSWORD: 'short' },
    { COOKIE_SECURE: 'maybe' },
    { SESSION_TTL_HOURS: '0' },
  ]
  for (const env of cases) {
    const name = Object.keys(env)[0] ?? ''
    assert.throws(
      () => loadConfig({ SECRET_KEY: KEY, ...env }),
      (e: unknown) => e instanceof ConfigError && e.message.includes(name),
      name,
    )
  }
})
