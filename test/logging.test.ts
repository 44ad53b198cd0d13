/** Structured logs carry request ids but never passwords, tokens, secrets or ID numbers. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildApp, seedDatabase } from '../src/app.ts'
import { ADMIN_PASSWORD, testConfig } from './support/app.ts'
import { openTestDatabase } from './support/db.ts'

test('request logs have ids and no secrets or personal data', async () => {
  const lines: string[] = []
  const database = await openTestDatabase('pglite')
  const config = testConfig({ LOG_LEVEL: 'info' })
  await seedDatabase(database.handle.db, config)
  const app = await buildApp({
    config,
    database: database.handle,
    webDist: null,
    logStream: { write: (l) => void lines.push(l) },
  })
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    })
    const { token, csrfToken } = login.json<{ token: string; csrfToken: string }>()
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Wrong-Password-9' },
    })
    const idNumber = '11010519491231002X'
    await app.inject({
      method: 'GET',
      url: `/api/v1/orgs?q=${idNumber}`,
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'log-test-0001' },
    })
    const org = await app.inject({
      method: 'GET',
      url: '/api/v1/orgs?pageSize=1',
      headers: { authorization: `Bearer ${token}` },
    })
    const orgId = org.json<{ items: { id: string }[] }>().items[0]?.id ?? ''
    const reg = await app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: { authorization: `Bearer ${token}` },
      payload: { orgId, name: '日志测试' },
    })
    const secret = reg.json<{ clientSecret: string }>().clientSecret
    const text = lines.join('')
    assert.ok(lines.length >= 8, `requests were logged (${lines.length})`)
    assert.ok(text.includes('log-test-0001'), 'the request id is logged')
    for (const [what, value] of [
      ['password', ADMIN_PASSWORD],
      ['wrong password', 'Wrong-Password-9'],
      ['session token', token],
      ['csrf token', csrfToken],
      ['app secret', secret],
      ['ID number', idNumber],
    ] as const) {
      assert.ok(!text.includes(value), `${what} appears in the log`)
    }
  } finally {
    await app.close()
    await database.dispose()
  }
})
