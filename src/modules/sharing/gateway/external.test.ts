import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { testEngines } from '../../../../test/support/db.ts'
import {
  type GatewayFixture,
  GRADES,
  gatewayResource,
  openGatewayFixture,
  person,
  setGrades,
} from './fixtures.ts'

interface Body {
  items: Record<string, string | number | boolean | null>[]
  nextCursor: string | null
}

for (const engine of testEngines()) {
  describe(`gateway over other mounts on ${engine}`, () => {
    let f: GatewayFixture
    let steward: Record<string, string>

    before(async () => {
      f = await openGatewayFixture(engine)
      steward = await f.t.login('gw.provider', 'Gateway123')
    })
    after(() => f.close())

    async function resource(name: string) {
      const res = await f.t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: gatewayResource(name),
      })
      assert.equal(res.statusCode, 201, res.body)
      const r = res.json<{ id: string; code: string }>()
      await setGrades(f.t, r.id, GRADES)
      await f.grant({ resourceId: r.id, resourceCode: r.code })
      return r
    }

    test('an HTTP-API mount cannot be queried through the gateway: a clear 409', async () => {
      const r = await resource('网关-HTTP挂接')
      const mount = await f.t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${r.id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'https://api.example.gov.cn/people' },
      })
      assert.equal(mount.statusCode, 200, mount.body)
      const res = await f.get(`/gw/v1/${encodeURIComponent(r.code)}?sfzh=1`)
      assert.equal(res.statusCode, 409)
      assert.equal(res.json<{ code: string }>().code, 'gateway.source_unsupported')
    })

    test('an external PostgreSQL table is read with grant, scope, masking and pages (PostgreSQL only)', async () => {
      const base = process.env.TEST_DATABASE_URL
      if (!base) return
      const schema = `gw_ext_${Date.now().toString(36)}`
      const ext = new pg.Client({ connectionString: base })
      await ext.connect()
      try {
        await ext.query(`create schema ${schema}`)
        await ext.query(`create table ${schema}.people (xm text, sfzh text, sjhm text, hjdz text, qh text,
          nl int, hh int, bz text)`)
        for (let i = 1; i <= 12; i++) {
          const p = person(i)
          await ext.query(`insert into ${schema}.people values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
            p.xm,
            p.sfzh,
            p.sjhm,
            p.hjdz,
            p.qh,
            p.nl,
            p.hh,
            p.bz,
          ])
        }
        const r = await resource('网关-外部库')
        const mount = await f.t.request({
          method: 'PUT',
          url: `/api/v1/catalog/resources/${r.id}/mount`,
          headers: steward,
          payload: { kind: 'postgres', url: base, schema, table: 'people' },
        })
        assert.equal(mount.statusCode, 200, mount.body)
        const url = (q: string) => `/gw/v1/${encodeURIComponent(r.code)}?${q}`
        const p = person(5)
        const one = await f.get(url(`sfzh=${p.sfzh}`))
        assert.equal(one.statusCode, 200, one.body)
        const row = one.json<Body>().items[0] ?? {}
        assert.equal(row.xm, p.xm)
        assert.equal(row.sjhm, `139****${p.sjhm.slice(-4)}`)
        assert.equal(row.bz, '******')
        const seen: unknown[] = []
        let cursor: string | null = null
        do {
          const page: Body = (
            await f.get(url(`limit=5&fields=sfzh${cursor ? `&cursor=${cursor}` : ''}`))
          ).json<Body>()
          seen.push(...page.items.map((i) => i.sfzh))
          cursor = page.nextCursor
        } while (cursor)
        assert.equal(seen.length, 12)
        assert.equal(new Set(seen).size, 12)
        const bad = await f.get(url('hh=abc'))
        assert.equal(bad.json<{ code: string }>().code, 'gateway.filter_invalid')
      } finally {
        await ext.query(`drop schema if exists ${schema} cascade`)
        await ext.end()
      }
    })
  })
}
