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
    { PUBLIC_BASE_URL: 'data.example.gov.cn' },
    { PUBLIC_BASE_URL: 'ftp://data.example.gov.cn' },
    { REGISTRATION_NUMBER_PATTERN: '{region}-{year}' },
    { REGISTRATION_NUMBER_PATTERN: '{serial}{check}{month}' },
    { SANDBOX_MIN_GROUP_SIZE: '1' },
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

test('settings of the later modules: defaults and a public base URL without its trailing slash', () => {
  const c = loadConfig({ SECRET_KEY: KEY })
  assert.equal(c.registration.acceptWorkingDays, 3)
  assert.equal(c.registration.numberPattern, '{region}-{year}-{serial}{check}')
  assert.equal(c.rectificationWorkingDays, 5)
  assert.equal(c.sandboxMinGroupSize, 10)
  assert.equal(c.publicBaseUrl, undefined)
  const d = loadConfig({ SECRET_KEY: KEY, PUBLIC_BASE_URL: 'https://data.example.gov.cn/' })
  assert.equal(d.publicBaseUrl, 'https://data.example.gov.cn')
})
