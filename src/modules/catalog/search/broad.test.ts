import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { sampleResource } from '../../../../test/support/catalog.ts'
import { testEngines } from '../../../../test/support/db.ts'
import type { Actor } from '../../../platform/context.ts'
import { newId } from '../../../platform/ids.ts'
import { listResources, type ResourceQuery } from '../listing.ts'

const NAMES = [
  '户籍',
  '户籍人口',
  '户籍迁入登记',
  '户籍迁出登记',
  '流动人口与户籍',
  '出生登记',
  '死亡登记',
  '婚姻登记',
]

/** Broad queries estimate their total and facets; on small data (100 % sample) the estimate must be exact. */
for (const engine of testEngines()) {
  describe(`broad catalog searches on ${engine}`, () => {
    let t: TestApp
    let actor: Actor
    const window = (page: number, pageSize = 3) => ({
      page,
      pageSize,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    })
    const both = async (query: ResourceQuery, page = 1, pageSize = 3) => ({
      exact: await listResources(t.db, actor, query, window(page, pageSize)),
      broad: await listResources(t.db, actor, query, window(page, pageSize), { broadHits: 2 }),
    })

    before(async () => {
      t = await createTestApp(engine)
      const steward = await t.createUser('b.steward', '湘潭市公安局', ['data_steward'])
      for (const name of NAMES) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/catalog/resources',
          headers: steward,
          payload: { ...sampleResource(name), summary: `${name}的基本信息` },
        })
        assert.equal(res.statusCode, 201, res.body)
      }
      const orgId = await t.orgId('湘潭市公安局')
      actor = {
        kind: 'user',
        userId: newId(),
        username: 'b.steward',
        displayName: 'b.steward',
        orgId,
        regionCode: '430300',
        roles: ['data_steward'],
        scopeRegionCode: null,
        sessionId: 'test',
        via: 'bearer',
      }
    })
    after(() => t.close())

    test('relevance: the exact name first, estimated total equal to the count on a full sample', async () => {
      const { exact, broad } = await both({ q: '户籍' })
      assert.equal(exact.totalExact, true)
      assert.equal(broad.totalExact, false)
      assert.equal(exact.total, NAMES.length, 'every sample resource has the field 户籍地址')
      assert.equal(broad.total, exact.total)
      assert.deepEqual(broad.facets, exact.facets)
      assert.equal(broad.items[0]?.name, '户籍')
      assert.equal(broad.items[1]?.name, '户籍人口', 'prefix matches come next')
      assert.ok(broad.items[0]?.highlights?.name?.includes('<em>户籍</em>'))
    })

    test('ordered pages walk the same order as the exact path', async () => {
      for (const sort of ['name', 'code', 'updated'] as const) {
        for (const page of [1, 2]) {
          const { exact, broad } = await both({ q: '登记', sort }, page)
          assert.deepEqual(
            broad.items.map((i) => i.id),
            exact.items.map((i) => i.id),
            `${sort} page ${page}`,
          )
        }
      }
    })

    test('the unfiltered list is broad too; a narrow query stays exact', async () => {
      const all = await both({})
      assert.equal(all.broad.totalExact, false)
      assert.equal(all.broad.total, NAMES.length)
      assert.deepEqual(
        all.broad.items.map((i) => i.id),
        all.exact.items.map((i) => i.id),
      )
      const narrow = await both({ q: '死亡' })
      assert.equal(narrow.broad.totalExact, true, 'one hit is below the threshold')
      assert.equal(narrow.broad.total, 1)
    })

    test('relevance pages beyond the reranked candidates fall back to the exact path', async () => {
      const deep = await listResources(t.db, actor, { q: '登记' }, window(11, 20), { broadHits: 2 })
      assert.equal(deep.totalExact, true)
      assert.equal(deep.items.length, 0)
    })
  })
}
