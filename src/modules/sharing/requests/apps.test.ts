import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'

for (const engine of testEngines()) {
  describe(`apps a share request may bind on ${engine}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp(engine)
    })
    after(() => t.close())

    test('a data steward lists the active apps of its own org only, without secrets', async () => {
      const admin = await t.login('admin')
      const register = async (org: string, name: string) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/apps',
          headers: admin,
          payload: { orgId: await t.orgId(org), name },
        })
        assert.equal(res.statusCode, 201, res.body)
        return res.json<{ app: { id: string } }>().app.id
      }
      const mine = await register('湘潭市市场监督管理局', '企业登记核验')
      const off = await register('湘潭市市场监督管理局', '已停用应用')
      await register('湘潭市公安局', '别家应用')
      const disable = await t.request({ method: 'POST', url: `/api/v1/apps/${off}/disable`, headers: admin })
      assert.equal(disable.statusCode, 200, disable.body)

      const steward = await t.createUser('apps.steward', '湘潭市市场监督管理局', ['data_steward'])
      const res = await t.request({ method: 'GET', url: '/api/v1/sharing/apps', headers: steward })
      assert.equal(res.statusCode, 200, res.body)
      const items = res.json<{ items: { id: string; name: string }[] }>().items
      assert.deepEqual(
        items.map((a) => a.id),
        [mine],
      )
      assert.ok(!res.body.includes('secret'))

      const auditor = await t.createUser('apps.auditor', '湘潭市市场监督管理局', ['auditor'])
      const none = await t.request({ method: 'GET', url: '/api/v1/sharing/apps', headers: auditor })
      assert.deepEqual(none.json<{ items: unknown[] }>().items, [])
    })
  })
}
