/** Grants through the API: who sees which, suspension, resumption, final revocation, and expiry as a view. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { testEngines } from '../../../../test/support/db.ts'
import { openSharingContext, type RequestView, type SharingContext } from './test-context.ts'

interface GrantView {
  id: string
  status: string
  statusReason: string | null
  updatedAt: string
  actions: string[]
  resourceName: string
  appName: string
  consumerOrgName: string
}
const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code

for (const engine of testEngines()) {
  describe(`grants on ${engine}`, () => {
    let s: SharingContext
    let grantId: string
    let resourceName: string
    const get = (id: string, headers: Record<string, string>) =>
      s.t.request({ method: 'GET', url: `/api/v1/grants/${id}`, headers })
    const step = (id: string, action: string, headers: Record<string, string>, payload: object = {}) =>
      s.t.request({ method: 'POST', url: `/api/v1/grants/${id}/${action}`, headers, payload })
    const list = async (query: string, headers: Record<string, string>) => {
      const res = await s.t.request({ method: 'GET', url: `/api/v1/grants?${query}`, headers })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<{ items: GrantView[]; total: number }>()
    }
    async function newGrant(): Promise<string> {
      const r = (await s.submit(s.body(await s.resource('unconditional')))).json<RequestView>()
      assert.ok(r.grantId)
      return r.grantId
    }

    before(async () => {
      s = await openSharingContext(engine)
      resourceName = '出生医学证明信息'
      const resource = await s.resource('conditional', resourceName)
      const r = (await s.submit(s.body(resource))).json<RequestView>()
      const approved = await s.act(r.id, 'approve', s.provider, { quotaPerDay: 100 })
      grantId = approved.json<RequestView>().grantId ?? ''
      assert.ok(grantId, approved.body)
    })
    after(() => s.close())

    test('consumers, providers and the region’s bureau see the grant; nobody else does', async () => {
      const g = (await get(grantId, s.consumer)).json<GrantView>()
      assert.deepEqual(
        [g.status, g.resourceName, g.appName, g.consumerOrgName],
        ['active', resourceName, '企业开办一件事', '湘潭市市场监督管理局'],
      )
      assert.deepEqual(g.actions, [], 'the consumer cannot suspend')
      assert.deepEqual((await get(grantId, s.provider)).json<GrantView>().actions, ['suspend', 'revoke'])
      assert.deepEqual((await get(grantId, s.reviewer)).json<GrantView>().actions, ['suspend', 'revoke'])
      for (const who of [s.outsider, s.otherReviewer]) {
        const hidden = await get(grantId, who)
        assert.deepEqual([hidden.statusCode, code(hidden)], [404, 'share_grant.not_found'])
      }
      assert.ok((await list('side=consumer', s.consumer)).items.some((i) => i.id === grantId))
      assert.ok((await list('side=provider', s.provider)).items.some((i) => i.id === grantId))
      assert.ok((await list('side=region', s.reviewer)).items.some((i) => i.id === grantId))
      assert.equal((await list('side=provider', s.consumer)).total, 0)
      assert.equal((await list('', s.outsider)).total, 0)
      assert.equal((await list('', s.otherReviewer)).total, 0)
      assert.equal((await list(`q=${encodeURIComponent('出生医学')}`, s.consumer)).total, 1)
    })

    test('suspend and revoke need a reason and the provider or bureau; revocation is final', async () => {
      const noReason = await step(grantId, 'suspend', s.provider, {})
      assert.equal(noReason.statusCode, 400)
      const blank = await step(grantId, 'suspend', s.provider, { reason: '   ' })
      assert.deepEqual([blank.statusCode, code(blank)], [400, 'share_grant.invalid'])
      const byConsumer = await step(grantId, 'suspend', s.consumer, { reason: '自行暂停' })
      assert.deepEqual([byConsumer.statusCode, code(byConsumer)], [403, 'share_grant.forbidden'])
      const byOutsider = await step(grantId, 'revoke', s.outsider, { reason: '越权' })
      assert.deepEqual([byOutsider.statusCode, code(byOutsider)], [404, 'share_grant.not_found'])

      const before = (await get(grantId, s.provider)).json<GrantView>()
      const suspended = await step(grantId, 'suspend', s.provider, { reason: '发现超范围使用，暂停核查' })
      assert.equal(suspended.statusCode, 200, suspended.body)
      const sv = suspended.json<GrantView>()
      assert.deepEqual(
        [sv.status, sv.statusReason, sv.actions],
        ['suspended', '发现超范围使用，暂停核查', ['resume', 'revoke']],
      )
      assert.ok(sv.updatedAt > before.updatedAt, 'updated_at moves so every replica’s cache notices')
      const twice = await step(grantId, 'suspend', s.provider, { reason: '再次暂停' })
      assert.deepEqual([twice.statusCode, code(twice)], [409, 'share_grant.transition_invalid'])
      assert.equal((await list('status=suspended', s.consumer)).total, 1)

      const resumed = await step(grantId, 'resume', s.reviewer, {})
      assert.equal(resumed.json<GrantView>().status, 'active')
      const revoked = await step(grantId, 'revoke', s.provider, { reason: '用途已结束' })
      assert.equal(revoked.json<GrantView>().status, 'revoked')
      assert.ok(revoked.json<GrantView>().updatedAt > resumed.json<GrantView>().updatedAt)
      for (const action of ['resume', 'suspend', 'revoke']) {
        const after = await step(grantId, action, s.provider, { reason: '恢复使用' })
        assert.deepEqual([after.statusCode, code(after)], [409, 'share_grant.revoked'], action)
      }
      const audit = await s.t.request({
        method: 'GET',
        url: `/api/v1/audit/events?targetId=${grantId}&targetType=grant`,
        headers: s.admin,
      })
      const actions = audit.json<{ items: { action: string }[] }>().items.map((e) => e.action)
      for (const a of [
        'sharing.grant_create',
        'sharing.grant_suspend',
        'sharing.grant_resume',
        'sharing.grant_revoke',
      ])
        assert.ok(actions.includes(a), `${a} in ${actions}`)
    })

    test('a grant past valid_until shows as expired: it can be revoked but not suspended', async () => {
      const id = await newGrant()
      await sql`update grants set valid_from = now() - interval '2 days', valid_until = now() - interval '1 hour'
                where id = ${id}`.execute(s.t.db)
      const g = (await get(id, s.provider)).json<GrantView>()
      assert.deepEqual([g.status, g.actions], ['expired', ['revoke']])
      assert.ok((await list('status=expired', s.consumer)).items.some((i) => i.id === id))
      assert.ok(!(await list('status=active', s.consumer)).items.some((i) => i.id === id))
      const suspend = await step(id, 'suspend', s.provider, { reason: '暂停' })
      assert.deepEqual([suspend.statusCode, code(suspend)], [409, 'share_grant.transition_invalid'])
      assert.equal(
        (await step(id, 'revoke', s.provider, { reason: '清理过期授权' })).json<GrantView>().status,
        'revoked',
      )
    })
  })
}
