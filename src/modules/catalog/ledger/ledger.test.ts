import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { type Fixture, fixture, type Headers, resourceBody } from '../checks/test-fixtures.ts'
import type { Ledger, LedgerCounts } from './service.ts'

const threeFields = {
  fields: [
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    { name: '出生日期', code: 'csrq', dataType: 'date' },
    { name: '地址', code: 'dz', dataType: 'string', length: 200 },
  ],
}

for (const engine of testEngines()) {
  describe(`catalog ledger on ${engine}`, () => {
    let t: TestApp
    let f: Fixture
    let police: Headers
    let market: Headers
    let reviewer: Headers
    let farReviewer: Headers
    let policeOrg: string
    let marketOrg: string

    const ledger = async (headers: Headers, query = '') => {
      const res = await t.request({ method: 'GET', url: `/api/v1/catalog/ledger${query}`, headers })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<Ledger>()
    }
    const pick = (c: LedgerCounts) => ({
      resources: c.resources,
      fields: c.fields,
      published: c.published,
      publishedPct: c.publishedPct,
      mounted: c.mounted,
      mountedPct: c.mountedPct,
    })

    before(async () => {
      t = await createTestApp(engine)
      f = await fixture(t)
      police = await f.user('l.police', '湘潭市公安局', ['data_steward'])
      market = await f.user('l.market', '湘潭市市场监督管理局', ['data_steward'])
      reviewer = await f.user('l.reviewer', '湘潭市数据局', ['reviewer'])
      farReviewer = await f.user('l.far', '长沙市数据局', ['reviewer'])
      policeOrg = await f.orgId('湘潭市公安局')
      marketOrg = await f.orgId('湘潭市市场监督管理局')
      // Police: published + mounted (2 fields), published unmounted theme/unconditional/open (2 fields),
      // a department/none draft (3 fields), and a retired one that the ledger no longer counts.
      const p1 = await f.create(police, resourceBody('公安已挂接'))
      await f.publish(p1.id, police, reviewer)
      await sql`update resources set mount_status = 'mounted' where id = ${p1.id}`.execute(t.db)
      const p2 = await f.create(
        police,
        resourceBody('公安未挂接', {
          category: 'theme',
          classCode: '201001',
          shareType: 'unconditional',
          shareCondition: null,
          openType: 'open',
        }),
      )
      await f.publish(p2.id, police, reviewer)
      await f.create(
        police,
        resourceBody('公安草稿', {
          category: 'department',
          classCode: '301001',
          shareType: 'none',
          shareCondition: '依据《某某条例》第十条不予共享',
          ...threeFields,
        }),
      )
      const p4 = await f.create(police, resourceBody('公安已下线'))
      await f.publish(p4.id, police, reviewer)
      await t.request({ method: 'POST', url: `/api/v1/catalog/resources/${p4.id}/retire`, headers: reviewer })
      // Market: one published mounted with 3 fields, one draft.
      const m1 = await f.create(market, resourceBody('市场已挂接', threeFields))
      await f.publish(m1.id, market, reviewer)
      await sql`update resources set mount_status = 'mounted' where id = ${m1.id}`.execute(t.db)
      await f.create(market, resourceBody('市场草稿'))
    })
    after(() => t.close())

    test('a reviewer of the region counts drafts and published entries per org, region and in total', async () => {
      const l = await ledger(reviewer)
      const p = l.orgs.find((o) => o.orgId === policeOrg)
      assert.ok(p)
      assert.deepEqual(pick(p), {
        resources: 3,
        fields: 7,
        published: 2,
        publishedPct: 66.7,
        mounted: 1,
        mountedPct: 50,
      })
      assert.equal(p.orgName, '湘潭市公安局')
      assert.deepEqual(p.byShareType, { unconditional: 1, conditional: 1, none: 1 })
      assert.deepEqual(p.byOpenType, { open: 1, conditional: 0, closed: 2 })
      assert.deepEqual(p.byCategory, { base: 1, theme: 1, department: 1 })
      const m = l.orgs.find((o) => o.orgId === marketOrg)
      assert.ok(m)
      assert.deepEqual(pick(m), {
        resources: 2,
        fields: 5,
        published: 1,
        publishedPct: 50,
        mounted: 1,
        mountedPct: 100,
      })
      assert.equal(l.regions.length, 1)
      assert.equal(l.regions[0]?.regionCode, '430300')
      assert.equal(l.regions[0]?.orgCount, 2)
      assert.deepEqual(pick(l.regions[0] as LedgerCounts), {
        resources: 5,
        fields: 12,
        published: 3,
        publishedPct: 60,
        mounted: 2,
        mountedPct: 66.7,
      })
      assert.deepEqual(pick(l.total), pick(l.regions[0] as LedgerCounts))
      assert.equal(l.total.byShareType.conditional, 3)
    })

    test('a steward sees their own drafts but only the published entries of other orgs', async () => {
      const l = await ledger(market)
      const p = l.orgs.find((o) => o.orgId === policeOrg)
      assert.ok(p)
      assert.deepEqual(pick(p), {
        resources: 2,
        fields: 4,
        published: 2,
        publishedPct: 100,
        mounted: 1,
        mountedPct: 50,
      })
      const m = l.orgs.find((o) => o.orgId === marketOrg)
      assert.equal(m?.resources, 2)
      const far = await ledger(farReviewer)
      assert.equal(far.total.resources, 3, 'another region sees published entries only')
      assert.equal(far.total.published, 3)
    })

    test('filters by org and region', async () => {
      const one = await ledger(reviewer, `?orgId=${marketOrg}`)
      assert.deepEqual(
        one.orgs.map((o) => o.orgId),
        [marketOrg],
      )
      const changsha = await ledger(reviewer, '?regionCode=430100')
      assert.deepEqual(changsha.orgs, [])
      assert.equal(changsha.total.resources, 0)
      assert.equal(changsha.total.mountedPct, 0)
      const hunan = await ledger(reviewer, '?regionCode=430000')
      assert.equal(hunan.total.resources, 5)
      const bad = await t.request({
        method: 'GET',
        url: '/api/v1/catalog/ledger?regionCode=abc',
        headers: reviewer,
      })
      assert.equal(bad.statusCode, 400)
      const anon = await t.request({ method: 'GET', url: '/api/v1/catalog/ledger' })
      assert.equal(anon.statusCode, 401)
    })
  })
}
