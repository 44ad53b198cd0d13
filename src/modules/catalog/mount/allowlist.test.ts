import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { sampleResource } from '../../../../test/support/catalog.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { hostAllowed } from '../../../platform/config.ts'

test('host allowlist: exact names, *.suffix patterns, IP addresses; empty allows all', () => {
  assert.equal(hostAllowed([], 'anything.example.com'), true)
  const list = ['db.internal', '*.hunan.gov.cn', '10.0.0.5']
  assert.equal(hostAllowed(list, 'DB.internal'), true)
  assert.equal(hostAllowed(list, 'api.sjj.hunan.gov.cn'), true)
  assert.equal(hostAllowed(list, 'hunan.gov.cn.evil.com'), false)
  assert.equal(hostAllowed(list, 'evilhunan.gov.cn'), false)
  assert.equal(hostAllowed(list, '10.0.0.5'), true)
  assert.equal(hostAllowed(list, '10.0.0.6'), false)
})

for (const engine of testEngines()) {
  describe(`mount host allowlist on ${engine}`, () => {
    let t: TestApp
    let steward: Record<string, string>
    let id: string
    const mount = (payload: Record<string, unknown>) =>
      t.request({ method: 'PUT', url: `/api/v1/catalog/resources/${id}/mount`, headers: steward, payload })

    before(async () => {
      t = await createTestApp(engine, { MOUNT_ALLOWED_HOSTS: '*.hunan.gov.cn,127.0.0.1' })
      steward = await t.createUser('a.steward', '湘潭市公安局', ['data_steward'])
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: sampleResource('挂接-主机清单'),
      })
      id = res.json<{ id: string }>().id
    })
    after(() => t.close())

    test('a PostgreSQL or HTTP host outside MOUNT_ALLOWED_HOSTS is refused before connecting, and audited', async () => {
      const pgMount = await mount({
        kind: 'postgres',
        url: 'postgres://u:p@db.example.com/x',
        table: 'people',
      })
      assert.equal(pgMount.statusCode, 422, pgMount.body)
      assert.equal(pgMount.json<{ code: string }>().code, 'catalog.mount_host_not_allowed')
      assert.ok(!pgMount.body.includes('u:p'), 'the connection string is not echoed')
      const httpMount = await mount({ kind: 'http', url: 'https://api.example.com/people' })
      assert.equal(httpMount.statusCode, 422)
      const allowed = await mount({ kind: 'http', url: 'https://api.sjj.hunan.gov.cn/people' })
      assert.equal(allowed.statusCode, 200, allowed.body)
      const admin = await t.login('admin')
      const audit = await t.request({
        method: 'GET',
        url: `/api/v1/audit/events?action=catalog.resource_mount&targetId=${id}`,
        headers: admin,
      })
      const outcomes = audit.json<{ items: { outcome: string }[] }>().items.map((e) => e.outcome)
      assert.ok(outcomes.filter((o) => o !== 'success').length >= 2, JSON.stringify(outcomes))
    })
  })
}
