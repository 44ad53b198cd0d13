/** Two app instances on one database, as two replicas behind a load balancer. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../src/app.ts'
import type { AppInstance } from '../src/platform/http/index.ts'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'

for (const engine of testEngines()) {
  describe(`replicas on ${engine}`, () => {
    let a: TestApp
    let b: AppInstance

    before(async () => {
      a = await createTestApp(engine, { AUTH_CACHE_SECONDS: '1' })
      b = await buildApp({ config: a.config, database: a.handle, logger: false, webDist: null })
      await b.ready()
    })
    after(async () => {
      await b.close()
      await a.close()
    })

    test('a session made on one replica works on the other; a logout applies everywhere within AUTH_CACHE_SECONDS', async () => {
      const headers = await a.login('admin')
      const onB = await b.inject({ method: 'GET', url: '/api/v1/auth/me', headers })
      assert.equal(onB.statusCode, 200)
      const out = await a.request({ method: 'POST', url: '/api/v1/auth/logout', headers })
      assert.equal(out.statusCode, 204)
      assert.equal(
        (await a.request({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode,
        401,
        'at once on A',
      )
      await sleep(1100)
      assert.equal(
        (await b.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode,
        401,
        'within the TTL on B',
      )
    })

    test('disabling an app on one replica stops its token on the other within AUTH_CACHE_SECONDS', async () => {
      const admin = await a.login('admin')
      const orgs = await a.request({ method: 'GET', url: '/api/v1/orgs?pageSize=1', headers: admin })
      const orgId = orgs.json<{ items: { id: string }[] }>().items[0]?.id
      const reg = await a.request({
        method: 'POST',
        url: '/api/v1/apps',
        headers: admin,
        payload: { orgId, name: '副本测试' },
      })
      const { app, clientSecret } = reg.json<{
        app: { id: string; clientId: string }
        clientSecret: string
      }>()
      const tok = await b.inject({
        method: 'POST',
        url: '/api/v1/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: clientSecret },
      })
      const bearer = { authorization: `Bearer ${tok.json<{ access_token: string }>().access_token}` }
      // App tokens are refused by user routes with 403 (not 401) while valid: that difference is the probe.
      assert.equal((await b.inject({ method: 'GET', url: '/api/v1/orgs', headers: bearer })).statusCode, 403)
      await a.request({ method: 'POST', url: `/api/v1/apps/${app.id}/disable`, headers: admin })
      await sleep(1100)
      assert.equal((await b.inject({ method: 'GET', url: '/api/v1/orgs', headers: bearer })).statusCode, 401)
    })
  })
}
