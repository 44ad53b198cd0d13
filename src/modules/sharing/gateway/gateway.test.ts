import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { type Caller, type GatewayFixture, openGatewayFixture, person, registerApp } from './fixtures.ts'

interface Body {
  items: Record<string, string | number | boolean | null>[]
  nextCursor: string | null
  masked: string[]
}
interface Problem {
  code: string
  status: number
  fields?: string[]
  detail?: string
}

for (const engine of testEngines()) {
  describe(`data gateway: grants, fields, rows and masking on ${engine}`, () => {
    let f: GatewayFixture
    let n = 0
    /** A fresh app of the consumer org, so each case has its own grants. */
    const freshApp = async (): Promise<Caller> => registerApp(f.t, f.admin, f.consumerOrgId, `网关用例${++n}`)

    before(async () => {
      f = await openGatewayFixture(engine)
    })
    after(() => f.close())

    test('a granted lookup by key returns the granted fields, masked by grade and grant', async () => {
      await f.grant()
      const p = person(3)
      const res = await f.get(f.url(`sfzh=${p.sfzh}`))
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.headers['cache-control'], 'no-store', 'personal data is never cached')
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      const body = res.json<Body>()
      assert.equal(body.items.length, 1)
      assert.equal(body.nextCursor, null)
      const row = body.items[0] ?? {}
      // Reviewed grant (conditional resource, approved request): general-grade personal data is clear.
      assert.equal(row.xm, p.xm)
      assert.equal(row.sfzh, p.sfzh)
      assert.equal(row.hjdz, p.hjdz)
      assert.equal(row.nl, p.nl)
      // Important grade: personal data masked even so; core grade: never in clear.
      assert.equal(row.sjhm, `139****${p.sjhm.slice(-4)}`)
      assert.equal(row.bz, '******')
      assert.deepEqual(body.masked.sort(), ['bz', 'sjhm'])

      const two = await f.get(`/gw/v1/${f.resourceCode}?sfzh=${p.sfzh}&fields=xm,nl`)
      assert.equal(two.statusCode, 200, two.body)
      assert.deepEqual(two.json<Body>().items, [{ xm: p.xm, nl: p.nl }], 'two path segments, chosen fields')
      const none = await f.get(f.url('sfzh=430302199001019999'))
      assert.deepEqual(none.json<Body>().items, [])
      // A household (户号) holds two people; two key filters combine with AND.
      const household = await f.get(f.url(`hh=${p.hh}&fields=sfzh`))
      assert.deepEqual(
        household
          .json<Body>()
          .items.map((r) => r.sfzh)
          .sort(),
        [person(3).sfzh, person(4).sfzh].sort(),
      )
      const both = await f.get(f.url(`hh=${p.hh}&sfzh=${person(4).sfzh}&fields=sfzh`))
      assert.deepEqual(both.json<Body>().items, [{ sfzh: person(4).sfzh }])
    })

    test('credentials: missing → 401, bad bearer → 401, a user token → 403', async () => {
      const p = person(1)
      const missing = await f.t.request({ method: 'GET', url: f.url(`sfzh=${p.sfzh}`) })
      assert.equal(missing.statusCode, 401)
      assert.equal(missing.json<Problem>().code, 'gateway.credentials_missing')
      assert.equal(missing.headers['cache-control'], 'no-store')
      const bad = await f.get(f.url(`sfzh=${p.sfzh}`), { authorization: 'Bearer sha_nonsense' })
      assert.equal(bad.statusCode, 401)
      assert.equal(bad.json<Problem>().code, 'gateway.credentials_invalid')
      const user = await f.get(f.url(`sfzh=${p.sfzh}`), f.admin)
      assert.equal(user.statusCode, 403)
      assert.equal(user.json<Problem>().code, 'gateway.app_required')
    })

    test('no grant, another app of the org, expired, not yet valid, suspended and revoked grants are refused', async () => {
      const q = f.url(`sfzh=${person(1).sfzh}`)
      const code = async (caller: Caller) => {
        const res = await f.get(q, caller.bearer)
        assert.equal(res.statusCode, 403, res.body)
        return res.json<Problem>().code
      }
      const lonely = await freshApp()
      assert.equal(await code(lonely), 'gateway.grant_other_app', 'the first app of the org holds a grant')

      const expired = await freshApp()
      await f.grant({
        appId: expired.appId,
        validFrom: new Date(Date.now() - 86_400_000),
        validUntil: new Date(Date.now() - 1000),
      })
      assert.equal(await code(expired), 'gateway.grant_expired')

      const early = await freshApp()
      await f.grant({ appId: early.appId, validFrom: new Date(Date.now() + 86_400_000) })
      assert.equal(await code(early), 'gateway.grant_not_started')

      const suspended = await freshApp()
      await f.grant({ appId: suspended.appId, status: 'suspended' })
      assert.equal(await code(suspended), 'gateway.grant_suspended')

      const revoked = await freshApp()
      await f.grant({ appId: revoked.appId, status: 'revoked' })
      assert.equal(await code(revoked), 'gateway.grant_revoked')

      // An app of an org with no grant at all on the resource.
      const stranger = await registerApp(f.t, f.admin, f.providerOrgId, '提供方自用应用')
      assert.equal(await code(stranger), 'gateway.grant_missing')
    })

    test('fields outside the grant → 403 naming them; unknown fields and non-key filters → 400', async () => {
      const narrow = await freshApp()
      await f.grant({ appId: narrow.appId, fields: ['xm', 'sfzh'] })
      const p = person(5)
      const ok = await f.get(f.url(`sfzh=${p.sfzh}`), narrow.bearer)
      assert.deepEqual(Object.keys(ok.json<Body>().items[0] ?? {}).sort(), ['sfzh', 'xm'])

      const wide = await f.get(f.url(`sfzh=${p.sfzh}&fields=xm,sjhm,hjdz`), narrow.bearer)
      assert.equal(wide.statusCode, 403)
      const problem = wide.json<Problem>()
      assert.equal(problem.code, 'gateway.fields_not_granted')
      assert.deepEqual(problem.fields, ['sjhm', 'hjdz'])
      assert.match(problem.detail ?? '', /sjhm、hjdz/)

      const unknown = await f.get(f.url(`sfzh=${p.sfzh}&fields=xm,nope`), narrow.bearer)
      assert.equal(unknown.statusCode, 400)
      assert.equal(unknown.json<Problem>().code, 'gateway.field_unknown')

      const byName = await f.get(f.url(`xm=${encodeURIComponent(p.xm)}`), narrow.bearer)
      assert.equal(byName.statusCode, 400)
      assert.equal(byName.json<Problem>().code, 'gateway.filter_not_key')
      assert.deepEqual(byName.json<Problem>().fields, ['xm'])

      const notNumber = await f.get(f.url('hh=abc'), narrow.bearer)
      assert.equal(notNumber.statusCode, 400)
      assert.equal(notNumber.json<Problem>().code, 'gateway.filter_invalid')
    })

    test('a row scope returns only rows whose region lies inside it', async () => {
      const scoped = await freshApp()
      await f.grant({ appId: scoped.appId, rowScope: { field: 'qh', regionCode: '430300' } })
      const inside = await f.get(f.url(`sfzh=${person(7).sfzh}`), scoped.bearer)
      assert.equal(inside.json<Body>().items.length, 1)
      const outside = await f.get(f.url(`sfzh=${person(8).sfzh}`), scoped.bearer)
      assert.equal(outside.statusCode, 200)
      assert.deepEqual(outside.json<Body>().items, [], 'a Changsha person is outside a Xiangtan scope')
      const list = await f.get(f.url('limit=100&fields=qh'), scoped.bearer)
      const regions = new Set(list.json<Body>().items.map((r) => r.qh))
      assert.deepEqual([...regions], ['430302'])
      assert.equal(list.json<Body>().items.length, 15)
    })

    test('an unreviewed (unconditional) grant sees personal data masked', async () => {
      const auto = await freshApp()
      await f.grant({ appId: auto.appId, requestId: null })
      const p = person(9)
      const row = (await f.get(f.url(`sfzh=${p.sfzh}`), auto.bearer)).json<Body>().items[0] ?? {}
      assert.equal(row.xm, `${[...p.xm][0]}${'*'.repeat([...p.xm].length - 1)}`)
      assert.equal(row.sfzh, `${p.sfzh.slice(0, 6)}********${p.sfzh.slice(-4)}`)
      assert.match(String(row.hjdz), /^湖南省湘潭市雨湖区\*+$/)
      assert.equal(row.nl, p.nl, 'non-personal fields stay clear')
    })

    test('cursor pagination walks every row once; a broken cursor is 400', async () => {
      const pager = await freshApp()
      await f.grant({ appId: pager.appId })
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const res = await f.get(
          f.url(`limit=7&fields=sfzh${cursor ? `&cursor=${cursor}` : ''}`),
          pager.bearer,
        )
        assert.equal(res.statusCode, 200, res.body)
        const body: Body = res.json<Body>()
        assert.ok(body.items.length <= 7)
        seen.push(...body.items.map((r) => String(r.sfzh)))
        cursor = body.nextCursor
        pages++
      } while (cursor && pages < 20)
      assert.equal(pages, 5)
      assert.equal(seen.length, 30)
      assert.equal(new Set(seen).size, 30)
      const broken = await f.get(f.url('limit=7&cursor=not-a-cursor'), pager.bearer)
      assert.equal(broken.statusCode, 400)
      assert.equal(broken.json<Problem>().code, 'gateway.cursor_invalid')
    })

    test('beyond the daily quota or the rate: 429 with Retry-After', async () => {
      const quota = await freshApp()
      await f.grant({ appId: quota.appId, quotaPerDay: 3 })
      const q = f.url(`sfzh=${person(1).sfzh}`)
      for (let i = 0; i < 3; i++) assert.equal((await f.get(q, quota.bearer)).statusCode, 200)
      const over = await f.get(q, quota.bearer)
      assert.equal(over.statusCode, 429)
      assert.equal(over.json<Problem>().code, 'gateway.quota_exceeded')
      assert.ok(Number(over.headers['retry-after']) >= 1)
      assert.ok(Number(over.headers['retry-after']) <= 86_400)

      const rate = await freshApp()
      await f.grant({ appId: rate.appId, ratePerSecond: 2 })
      const codes = []
      for (let i = 0; i < 4; i++) codes.push((await f.get(q, rate.bearer)).statusCode)
      assert.deepEqual(codes.slice(0, 2), [200, 200])
      const limited = await f.get(q, rate.bearer)
      assert.equal(limited.statusCode, 429)
      assert.equal(limited.json<Problem>().code, 'gateway.rate_limited')
      assert.equal(limited.headers['retry-after'], '1')
    })

    test('unknown resource → 404; a resource without data → 409, never 500', async () => {
      const unknown = await f.get('/gw/v1/101001%2F999999?sfzh=1')
      assert.equal(unknown.statusCode, 404)
      assert.equal(unknown.json<Problem>().code, 'gateway.resource_not_found')
      const junk = await f.get('/gw/v1/not-a-code')
      assert.equal(junk.statusCode, 404)

      const steward = await f.t.login('gw.provider', 'Gateway123')
      const { gatewayResource } = await import('./fixtures.ts')
      const created = await f.t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: gatewayResource('网关测试-未挂接'),
      })
      const empty = created.json<{ id: string; code: string }>()
      const holder = await freshApp()
      await f.grant({ appId: holder.appId, resourceId: empty.id, resourceCode: empty.code })
      const res = await f.get(`/gw/v1/${encodeURIComponent(empty.code)}?sfzh=1`, holder.bearer)
      assert.equal(res.statusCode, 409)
      assert.equal(res.json<Problem>().code, 'gateway.resource_not_mounted')
    })
  })
}
