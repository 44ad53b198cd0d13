import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { buildApp } from '../../../app.ts'
import type { AppInstance } from '../../../platform/http/index.ts'
import { type GatewayFixture, openGatewayFixture, person, registerApp } from './fixtures.ts'
import { canonicalQuery, signRequest, stringToSign } from './signature.ts'

describe('gateway request signing (pure)', () => {
  test('the worked example of docs/gateway.md', () => {
    const query = canonicalQuery('sfzh=43030219900101001X&fields=xm,sfzh&limit=1')
    assert.equal(query, 'fields=xm%2Csfzh&limit=1&sfzh=43030219900101001X')
    const parts = {
      method: 'GET',
      path: '/gw/v1/101001/000001',
      query: query ?? '',
      timestamp: '1795000000',
      nonce: '7f3c9a1e5b2d4c8f9e0a1b2c',
    }
    assert.equal(
      stringToSign(parts),
      'GET\n/gw/v1/101001/000001\nfields=xm%2Csfzh&limit=1&sfzh=43030219900101001X\n1795000000\n7f3c9a1e5b2d4c8f9e0a1b2c',
    )
    assert.equal(
      signRequest('sk_example-secret-do-not-use', parts),
      '0ae5b405036b9e6c4ede4afeefc1a20f30798d455035546c6b0347b383c4cb94',
    )
  })

  test('the canonical query decodes, re-encodes per RFC 3986 and sorts by name then value', () => {
    assert.equal(canonicalQuery('b=2&a=y&a=x&c=%E5%BC%A0+%21'), 'a=x&a=y&b=2&c=%E5%BC%A0%20%21')
    assert.equal(canonicalQuery('flag&x='), 'flag=&x=')
    assert.equal(canonicalQuery(''), '')
    assert.equal(canonicalQuery('a=%E4%ZZ'), undefined)
  })
})

interface Problem {
  code: string
}

for (const engine of testEngines()) {
  describe(`signed gateway requests on ${engine}`, () => {
    let f: GatewayFixture
    let replica: AppInstance
    const sfzh = person(1).sfzh

    before(async () => {
      f = await openGatewayFixture(engine, { AUTH_CACHE_SECONDS: '1' })
      await f.grant()
      replica = await buildApp({ config: f.t.config, database: f.t.handle, logger: false, webDist: null })
      await replica.ready()
    })
    after(async () => {
      await replica.close()
      await f.close()
    })

    const call = (query: string, headers: Record<string, string>, url = f.url(query)) =>
      f.t.request({ method: 'GET', url, headers })

    test('a signed call reads like a bearer call, with the code encoded or in two segments', async () => {
      const query = `sfzh=${sfzh}&fields=xm,sfzh`
      const res = await call(query, f.signedHeaders(f.app, query))
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json<{ items: unknown[] }>().items, [{ xm: person(1).xm, sfzh }])
      const split = await call(query, f.signedHeaders(f.app, query), `/gw/v1/${f.resourceCode}?${query}`)
      assert.equal(split.statusCode, 200, split.body)
    })

    test('a wrong secret, a tampered query and malformed headers are refused', async () => {
      const query = `sfzh=${sfzh}`
      const wrong = await call(query, f.signedHeaders({ ...f.app, secret: 'sk_wrong' }, query))
      assert.equal(wrong.statusCode, 401)
      assert.equal(wrong.json<Problem>().code, 'gateway.signature_invalid')

      const tampered = await call(`sfzh=${person(2).sfzh}`, f.signedHeaders(f.app, query))
      assert.equal(tampered.json<Problem>().code, 'gateway.signature_invalid')

      const headers = f.signedHeaders(f.app, query)
      const partial = await call(query, { 'x-shuhui-appkey': headers['x-shuhui-appkey'] ?? '' })
      assert.equal(partial.statusCode, 401)
      assert.equal(partial.json<Problem>().code, 'gateway.credentials_invalid')

      const unknown = await call(query, f.signedHeaders({ ...f.app, clientId: 'app_nobody' }, query))
      assert.equal(unknown.json<Problem>().code, 'gateway.credentials_invalid')
    })

    test('a stale or far-future timestamp is refused', async () => {
      const query = `sfzh=${sfzh}`
      const skew = f.t.config.gatewaySignatureMaxSkewSeconds
      const now = Math.floor(Date.now() / 1000)
      for (const timestamp of [now - skew - 5, now + skew + 5]) {
        const res = await call(query, f.signedHeaders(f.app, query, { timestamp }))
        assert.equal(res.statusCode, 401)
        assert.equal(res.json<Problem>().code, 'gateway.timestamp_stale')
      }
      const edge = await call(query, f.signedHeaders(f.app, query, { timestamp: now - skew + 5 }))
      assert.equal(edge.statusCode, 200)
    })

    test('a replayed request is refused on the same replica and on another one', async () => {
      const query = `sfzh=${sfzh}`
      const headers = f.signedHeaders(f.app, query)
      assert.equal((await call(query, headers)).statusCode, 200)
      const again = await call(query, headers)
      assert.equal(again.statusCode, 401)
      assert.equal(again.json<Problem>().code, 'gateway.nonce_reused')
      const elsewhere = await replica.inject({ method: 'GET', url: f.url(query), headers })
      assert.equal(elsewhere.statusCode, 401)
      assert.equal(elsewhere.json<Problem>().code, 'gateway.nonce_reused')

      // Two replicas racing with the same fresh nonce: exactly one wins.
      const twin = f.signedHeaders(f.app, query)
      const [a, b] = await Promise.all([
        call(query, twin),
        replica.inject({ method: 'GET', url: f.url(query), headers: twin }),
      ])
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 401])
    })

    test('a disabled app cannot sign its way in', async () => {
      const app = await registerApp(f.t, f.admin, f.consumerOrgId, '签名停用测试')
      await f.grant({ appId: app.appId })
      const query = `sfzh=${sfzh}`
      assert.equal((await call(query, f.signedHeaders(app, query))).statusCode, 200)
      const off = await f.t.request({
        method: 'POST',
        url: `/api/v1/apps/${app.appId}/disable`,
        headers: f.admin,
      })
      assert.equal(off.statusCode, 200)
      // Signing keys are cached like bearer tokens, for at most AUTH_CACHE_SECONDS.
      await new Promise((r) => setTimeout(r, f.t.config.authCacheSeconds * 1000 + 100))
      const res = await call(query, f.signedHeaders(app, query))
      assert.equal(res.statusCode, 401)
      assert.equal(res.json<Problem>().code, 'gateway.credentials_invalid')
    })
  })
}
