/** Share requests through the API: creation rules, the unconditional grant, and every step of the state machine. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { addDays, shanghaiDate } from './deadlines.ts'
import { openSharingContext, type RequestView, type SharingContext } from './test-context.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code

for (const engine of testEngines()) {
  describe(`share requests on ${engine}`, () => {
    let s: SharingContext
    let conditional: string
    before(async () => {
      s = await openSharingContext(engine)
      conditional = await s.resource('conditional')
    })
    after(() => s.close())

    test('a conditional request waits for the provider with a working-day reply deadline', async () => {
      const res = await s.submit(s.body(conditional, { rowScope: { field: 'qhdm', regionCode: '430302' } }))
      assert.equal(res.statusCode, 201, res.body)
      const r = res.json<RequestView & { rowScope: unknown; resourceFields: { code: string }[] }>()
      assert.equal(r.status, 'pending')
      assert.ok(r.replyDue && r.replyDue > shanghaiDate(new Date()))
      assert.equal(r.workingDaysLeft, 10, 'the default reply limit is 10 working days')
      assert.equal(r.overdue, false)
      assert.deepEqual(r.rowScope, { field: 'qhdm', regionCode: '430302' })
      assert.deepEqual(r.actions, ['withdraw'])
      assert.deepEqual(
        r.history.map((h) => h.action),
        ['create'],
      )
      assert.equal(r.resourceFields.length, 4)
      const dup = await s.submit(s.body(conditional))
      assert.equal(dup.statusCode, 409)
      assert.equal(code(dup), 'share_request.duplicate')
      const asProvider = await s.t.request({
        method: 'GET',
        url: `/api/v1/share-requests/${r.id}`,
        headers: s.provider,
      })
      assert.deepEqual(asProvider.json<RequestView>().actions, ['approve', 'reject'])
      const hidden = await s.t.request({
        method: 'GET',
        url: `/api/v1/share-requests/${r.id}`,
        headers: s.outsider,
      })
      assert.equal(hidden.statusCode, 404)
      assert.equal(code(hidden), 'share_request.not_found')
      const withdraw = await s.act(r.id, 'withdraw', s.consumer)
      assert.equal(withdraw.json<RequestView>().status, 'withdrawn')
    })

    test('an unconditional resource is granted at once, in the same transaction', async () => {
      const id = await s.resource('unconditional')
      const res = await s.submit(s.body(id, { fields: ['xm'], deliveryMode: 'batch' }))
      assert.equal(res.statusCode, 201, res.body)
      const r = res.json<RequestView>()
      assert.equal(r.status, 'approved')
      assert.equal(r.replyDue, null)
      assert.ok(r.deliveryDue)
      assert.ok(r.grantId)
      assert.deepEqual(
        r.history.map((h) => [h.action, h.toStatus]),
        [
          ['create', 'pending'],
          ['auto_approve', 'approved'],
        ],
      )
      const grant = await s.t.request({
        method: 'GET',
        url: `/api/v1/grants/${r.grantId}`,
        headers: s.consumer,
      })
      assert.equal(grant.statusCode, 200, grant.body)
      const g = grant.json<{ status: string; fields: string[]; deliveryMode: string; appId: string }>()
      assert.deepEqual([g.status, g.fields, g.deliveryMode, g.appId], ['active', ['xm'], 'batch', s.appId])
    })

    test('creation refusals: share type none, own resource, unpublished, wrong app, bad fields, period, row scope, role', async () => {
      const none = await s.resource('none')
      const res = await s.submit(s.body(none))
      assert.deepEqual([res.statusCode, code(res)], [422, 'sharing.resource_not_shareable'])

      const own = await s.submit(s.body(conditional), s.provider)
      assert.deepEqual([own.statusCode, code(own)], [422, 'share_request.own_resource'])

      const retired = await s.resource('conditional')
      await s.t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${retired}/retire`,
        headers: s.admin,
      })
      const r1 = await s.submit(s.body(retired))
      assert.deepEqual([r1.statusCode, code(r1)], [409, 'sharing.resource_unavailable'])

      const draft = await s.t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: s.provider,
        payload: { ...(await import('../../../../test/support/catalog.ts')).sampleResource('草稿资源') },
      })
      const r2 = await s.submit(s.body(draft.json<{ id: string }>().id))
      assert.deepEqual(
        [r2.statusCode, code(r2)],
        [404, 'catalog.resource_not_found'],
        'another org’s draft is invisible',
      )

      const otherApp = await s.t.request({
        method: 'POST',
        url: '/api/v1/apps',
        headers: s.admin,
        payload: { orgId: s.providerOrgId, name: '公安内部应用' },
      })
      const r3 = await s.submit(
        s.body(conditional, { appId: otherApp.json<{ app: { id: string } }>().app.id }),
      )
      assert.deepEqual([r3.statusCode, code(r3)], [422, 'share_request.app_invalid'])
      const spare = await s.t.request({
        method: 'POST',
        url: '/api/v1/apps',
        headers: s.admin,
        payload: { orgId: s.consumerOrgId, name: '已停用应用' },
      })
      const spareId = spare.json<{ app: { id: string } }>().app.id
      await s.t.request({ method: 'POST', url: `/api/v1/apps/${spareId}/disable`, headers: s.admin })
      const r4 = await s.submit(s.body(conditional, { appId: spareId }))
      assert.deepEqual([r4.statusCode, code(r4)], [422, 'share_request.app_invalid'], 'a disabled app')

      const today = shanghaiDate(new Date())
      const invalid: [Record<string, unknown>, string][] = [
        [{ fields: ['xm', 'nosuch'] }, 'body.fields'],
        [{ fields: ['xm', 'xm'] }, 'body.fields'],
        [{ purpose: '   ' }, 'body.purpose'],
        [{ periodStart: addDays(today, -1) }, 'body.periodStart'],
        [{ periodStart: '2026-02-30' }, 'body.periodStart'],
        [{ periodEnd: addDays(today, -1) }, 'body.periodEnd'],
        [{ periodEnd: addDays(today, 4 * 365) }, 'body.periodEnd'],
        [{ rowScope: { field: 'nosuch', regionCode: '430300' } }, 'body.rowScope.field'],
        [{ rowScope: { field: 'qhdm', regionCode: '430100' } }, 'body.rowScope.regionCode'],
        [{ rowScope: { field: 'qhdm', regionCode: '439999' } }, 'body.rowScope.regionCode'],
      ]
      for (const [overrides, field] of invalid) {
        const bad = await s.submit(s.body(conditional, overrides))
        assert.equal(bad.statusCode, 400, `${JSON.stringify(overrides)}: ${bad.body}`)
        assert.equal(code(bad), 'share_request.invalid')
        const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)
        assert.ok(fields.includes(field), `${JSON.stringify(overrides)} → ${fields}`)
      }
      const schemaBad = await s.submit(s.body(conditional, { fields: [] }))
      assert.equal(schemaBad.statusCode, 400)

      for (const who of [s.reviewer, s.admin]) {
        const denied = await s.submit(s.body(conditional), who)
        assert.deepEqual([denied.statusCode, code(denied)], [403, 'share_request.forbidden'])
      }
    })

    test('approve: fewer fields, a shorter period and limits become the grant; refusals by side and state', async () => {
      const r = (await s.submit(s.body(conditional, { fields: ['xm', 'sfzh', 'hjdz'] }))).json<RequestView>()
      const today = shanghaiDate(new Date())
      const tooMany = await s.act(r.id, 'approve', s.provider, { fields: ['xm', 'qhdm'] })
      assert.deepEqual([tooMany.statusCode, code(tooMany)], [400, 'share_request.invalid'])
      const tooLong = await s.act(r.id, 'approve', s.provider, { periodEnd: addDays(today, 400) })
      assert.deepEqual([tooLong.statusCode, code(tooLong)], [400, 'share_request.invalid'])
      const byConsumer = await s.act(r.id, 'approve', s.consumer, {})
      assert.deepEqual([byConsumer.statusCode, code(byConsumer)], [403, 'share_request.forbidden'])
      const byReviewer = await s.act(r.id, 'approve', s.reviewer, {})
      assert.deepEqual([byReviewer.statusCode, code(byReviewer)], [403, 'share_request.forbidden'])
      const byOutsider = await s.act(r.id, 'approve', s.outsider, {})
      assert.deepEqual([byOutsider.statusCode, code(byOutsider)], [404, 'share_request.not_found'])
      const early = await s.act(r.id, 'arbitrate', s.reviewer, { decision: 'approve', reason: '提前裁决' })
      assert.deepEqual([early.statusCode, code(early)], [409, 'share_request.transition_invalid'])

      const end = addDays(today, 90)
      const ok = await s.act(r.id, 'approve', s.provider, {
        fields: ['sfzh'],
        periodEnd: end,
        quotaPerDay: 5000,
        ratePerSecond: 20,
        note: '仅同意身份号码核验',
      })
      assert.equal(ok.statusCode, 200, ok.body)
      const done = ok.json<RequestView>()
      assert.equal(done.status, 'approved')
      assert.deepEqual(done.approvedFields, ['sfzh'])
      assert.ok(done.deliveryDue && done.grantId)
      const g = (
        await s.t.request({ method: 'GET', url: `/api/v1/grants/${done.grantId}`, headers: s.provider })
      ).json<{ fields: string[]; quotaPerDay: number; ratePerSecond: number; validUntil: string }>()
      assert.deepEqual([g.fields, g.quotaPerDay, g.ratePerSecond], [['sfzh'], 5000, 20])
      assert.equal(g.validUntil, new Date(`${addDays(end, 1)}T00:00:00+08:00`).toISOString())

      for (const [step, as, payload] of [
        ['approve', s.provider, {}],
        ['reject', s.provider, { reason: '重复' }],
        ['withdraw', s.consumer, {}],
        ['dispute', s.consumer, { reason: '不服' }],
      ] as const) {
        const again = await s.act(r.id, step, as, payload)
        assert.deepEqual([again.statusCode, code(again)], [409, 'share_request.transition_invalid'], step)
      }
    })

    test('reject needs a reason; dispute goes to the bureau; arbitration is final', async () => {
      const a = (await s.submit(s.body(conditional))).json<RequestView>()
      const blank = await s.act(a.id, 'reject', s.provider, { reason: '   ' })
      assert.deepEqual([blank.statusCode, code(blank)], [400, 'share_request.invalid'])
      const none = await s.act(a.id, 'reject', s.provider, {})
      assert.equal(none.statusCode, 400)
      const rejected = await s.act(a.id, 'reject', s.provider, { reason: '用途与共享条件不符' })
      assert.equal(rejected.json<RequestView>().status, 'rejected')
      assert.deepEqual(rejected.json<RequestView>().actions, [], 'the provider has nothing more to do')
      const byProvider = await s.act(a.id, 'dispute', s.provider, { reason: '申诉' })
      assert.deepEqual([byProvider.statusCode, code(byProvider)], [403, 'share_request.forbidden'])
      const disputed = await s.act(a.id, 'dispute', s.consumer, { reason: '用途符合共享条件，请数据局裁决' })
      assert.equal(disputed.json<RequestView>().status, 'disputed')

      const box = await s.t.request({
        method: 'GET',
        url: '/api/v1/share-requests?box=arbitration',
        headers: s.reviewer,
      })
      assert.ok(box.json<{ items: { id: string }[] }>().items.some((i) => i.id === a.id))
      const far = await s.act(a.id, 'arbitrate', s.otherReviewer, { decision: 'approve', reason: '同意' })
      assert.deepEqual([far.statusCode, code(far)], [404, 'share_request.not_found'], 'another city’s bureau')
      const byConsumer = await s.act(a.id, 'arbitrate', s.consumer, { decision: 'approve', reason: '同意' })
      assert.deepEqual([byConsumer.statusCode, code(byConsumer)], [403, 'share_request.forbidden'])
      const badDecision = await s.act(a.id, 'arbitrate', s.reviewer, { decision: 'maybe', reason: '同意' })
      assert.equal(badDecision.statusCode, 400)
      const upheld = await s.act(a.id, 'arbitrate', s.reviewer, {
        decision: 'reject',
        reason: '维持提供方意见',
      })
      assert.equal(upheld.statusCode, 200, upheld.body)
      assert.equal(upheld.json<RequestView>().status, 'rejected')
      const again = await s.act(a.id, 'dispute', s.consumer, { reason: '再次申诉' })
      assert.deepEqual([again.statusCode, code(again)], [409, 'share_request.already_arbitrated'])

      const b = (await s.submit(s.body(conditional))).json<RequestView>()
      await s.act(b.id, 'reject', s.provider, { reason: '暂不同意' })
      await s.act(b.id, 'dispute', s.consumer, { reason: '请裁决' })
      const granted = await s.act(b.id, 'arbitrate', s.reviewer, {
        decision: 'approve',
        reason: '依据充分，予以共享',
      })
      const gb = granted.json<RequestView>()
      assert.deepEqual([gb.status, gb.approvedFields], ['approved', ['xm', 'sfzh']])
      assert.ok(gb.grantId)
      assert.deepEqual(
        gb.history.map((h) => h.action),
        ['create', 'reject', 'dispute', 'arbitrate'],
      )
    })

    test('withdraw only while pending and only by the consumer', async () => {
      const r = (await s.submit(s.body(conditional))).json<RequestView>()
      const byProvider = await s.act(r.id, 'withdraw', s.provider)
      assert.deepEqual([byProvider.statusCode, code(byProvider)], [403, 'share_request.forbidden'])
      assert.equal((await s.act(r.id, 'withdraw', s.consumer)).statusCode, 200)
      const again = await s.act(r.id, 'withdraw', s.consumer)
      assert.deepEqual([again.statusCode, code(again)], [409, 'share_request.transition_invalid'])
      const approve = await s.act(r.id, 'approve', s.provider, {})
      assert.deepEqual([approve.statusCode, code(approve)], [409, 'share_request.transition_invalid'])
      const missing = await s.act('01a202ca-0000-7000-8000-000000000000', 'withdraw', s.consumer)
      assert.deepEqual([missing.statusCode, code(missing)], [404, 'share_request.not_found'])
    })

    test('lists: my requests, the provider inbox, filters, search and pagination', async () => {
      const get = async (query: string, headers: Record<string, string>) => {
        const res = await s.t.request({ method: 'GET', url: `/api/v1/share-requests?${query}`, headers })
        assert.equal(res.statusCode, 200, res.body)
        return res.json<{ items: RequestView[]; total: number }>()
      }
      const mine = await get('box=mine&pageSize=200', s.consumer)
      const inbox = await get('box=inbox&pageSize=200', s.provider)
      assert.ok(mine.total >= 5)
      assert.equal(inbox.total, mine.total, 'every request here goes from the consumer to the provider')
      assert.equal((await get('box=mine', s.provider)).total, 0)
      assert.equal((await get('box=inbox', s.outsider)).total, 0)
      assert.equal((await get('box=region', s.reviewer)).total, mine.total)
      assert.equal((await get('box=region', s.otherReviewer)).total, 0)
      const withdrawn = await get('box=mine&status=withdrawn', s.consumer)
      assert.ok(withdrawn.total >= 2 && withdrawn.items.every((i) => i.status === 'withdrawn'))
      const paged = await get('box=mine&pageSize=2&page=2&sort=updated', s.consumer)
      assert.equal(paged.items.length, 2)
      assert.equal(paged.total, mine.total)
      assert.equal((await get('box=mine&q=企业开办', s.consumer)).total, mine.total)
      assert.equal((await get('box=mine&q=不存在的场景', s.consumer)).total, 0)
      assert.equal((await get('box=inbox&overdue=true', s.provider)).total, 0)
    })
  })
}
