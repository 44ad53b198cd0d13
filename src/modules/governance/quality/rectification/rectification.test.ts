import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../../test/support/db.ts'
import type { RequestContext } from '../../../../platform/context.ts'
import { auditNewLoads, nightlyAudits } from '../jobs.ts'
import { type FieldDef, openQualityContext, type QualityContext } from '../test-context.ts'
import { escalateOverdueTickets } from './escalation.ts'
import { reportError } from './service.ts'

const FIELDS: FieldDef[] = [
  { code: 'sfzh', name: '公民身份号码' },
  { code: 'sjhm', name: '手机号码' },
]
const DIRTY = [
  ['430302199001150012', '13812345678'],
  ['430302199001150020', '1381234'],
  ['430302199001150039', '12345678901'],
]
const CLEAN = [
  ['430302199001150012', '13812345678'],
  ['430302199001150020', '13912345678'],
]

interface TicketView {
  id: string
  status: string
  resolution: string | null
  dueDate: string
  reopenCount: number
  workingDaysLeft: number | null
  escalatedAt: string | null
  ruleId: string | null
  actions: string[]
  events: { action: string; fromStatus: string | null; toStatus: string }[]
}

for (const engine of testEngines()) {
  describe(`rectification tickets on ${engine}`, () => {
    let c: QualityContext
    let resourceId: string

    const get = (id: string, as = c.provider) =>
      c.t.request({ method: 'GET', url: `/api/v1/rectifications/${id}`, headers: as })
    const act = (
      id: string,
      step: string,
      as: Record<string, string>,
      payload: Record<string, unknown> = {},
    ) => c.t.request({ method: 'POST', url: `/api/v1/rectifications/${id}/${step}`, headers: as, payload })
    const report = (as: Record<string, string>, payload: Record<string, unknown> = {}) =>
      c.t.request({
        method: 'POST',
        url: '/api/v1/rectifications',
        headers: as,
        payload: {
          resourceId,
          recordKey: '430302199001150020',
          fieldCode: 'sjhm',
          description: '手机号码位数不对',
          ...payload,
        },
      })
    async function ctxOf(headers: Record<string, string>): Promise<RequestContext> {
      const me = await c.t.request({ method: 'GET', url: '/api/v1/auth/me', headers })
      const u = me.json<{
        user: {
          id: string
          username: string
          displayName: string
          orgId: string
          roles: string[]
          scopeRegionCode: string | null
        }
      }>().user
      return {
        actor: {
          kind: 'user',
          userId: u.id,
          username: u.username,
          displayName: u.displayName,
          orgId: u.orgId,
          regionCode: '430300',
          roles: u.roles,
          scopeRegionCode: u.scopeRegionCode,
          sessionId: 'test',
          via: 'bearer',
        },
        requestId: 'test',
        ip: null,
        lang: 'zh-CN',
      }
    }

    before(async () => {
      c = await openQualityContext(engine)
      resourceId = await c.resource('人口联系方式', FIELDS)
      await c.load(resourceId, FIELDS, DIRTY)
      for (const payload of [
        { type: 'mobile', fields: ['sjhm'] },
        { type: 'not_null', fields: ['sfzh'] },
      ]) {
        const r = await c.t.request({
          method: 'POST',
          url: `/api/v1/quality/resources/${resourceId}/rules`,
          headers: c.provider,
          payload,
        })
        assert.equal(r.statusCode, 201, r.body)
      }
    })
    after(() => c.close())

    test('an audit breach opens a ticket; "fixed" re-checks: still failing reopens it, clean data closes it', async () => {
      const run = await c.t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${resourceId}/runs`,
        headers: c.provider,
      })
      assert.equal(run.statusCode, 201, run.body)
      const list = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications?source=audit',
        headers: c.provider,
      })
      const [ticket] = list.json<{ items: TicketView[]; total: number }>().items
      assert.ok(ticket)
      assert.equal(list.json<{ total: number }>().total, 1, 'only the failing rule has a ticket')
      assert.equal(ticket.status, 'open')
      assert.equal(ticket.workingDaysLeft, 5)

      const early = await act(ticket.id, 'answer', c.provider, { outcome: 'fixed', note: '已修正' })
      assert.equal(early.statusCode, 200, early.body)
      const reopened = early.json<TicketView>()
      assert.equal(reopened.status, 'open', 'the re-check still fails')
      assert.equal(reopened.reopenCount, 1)
      assert.deepEqual(
        reopened.events.map((e) => e.action),
        ['open', 'answer_fixed', 'recheck_failed'],
      )

      await c.load(resourceId, FIELDS, CLEAN)
      const fixed = await act(ticket.id, 'answer', c.provider, {
        outcome: 'fixed',
        note: '已按公安人口库修正',
      })
      const closed = fixed.json<TicketView>()
      assert.equal(closed.status, 'closed')
      assert.equal(closed.resolution, 'fixed')
      assert.equal(
        (await act(ticket.id, 'answer', c.provider, { outcome: 'fixed', note: '再次' })).statusCode,
        409,
      )
    })

    test('deadlines count working days on the official calendar and overdue tickets escalate to the bureau once', async () => {
      const ctx = await ctxOf(c.consumer)
      // Tue 2026-09-29: Sep 30, then the National Day holiday (Oct 1–7), Oct 8, 9, the 调休 Saturday Oct 10, Mon Oct 12.
      const id = await reportError(
        c.t.db,
        c.t.config,
        ctx,
        { resourceId, description: '节前纠错' },
        new Date('2026-09-29T02:00:00Z'),
      )
      const view = (await get(id)).json<TicketView>()
      assert.equal(view.dueDate, '2026-10-12')
      await escalateOverdueTickets(c.t.db, new Date('2026-10-12T15:00:00Z'))
      assert.equal(
        (await get(id)).json<TicketView>().escalatedAt,
        null,
        'not overdue on its due day (Beijing)',
      )
      assert.ok((await escalateOverdueTickets(c.t.db, new Date('2026-10-12T16:30:00Z'))) >= 1)
      assert.equal(
        await escalateOverdueTickets(c.t.db, new Date('2026-10-13T16:30:00Z')),
        0,
        'escalated once',
      )
      const escalated = (await get(id)).json<TicketView>()
      assert.ok(escalated.escalatedAt)
      assert.ok(escalated.events.some((e) => e.action === 'escalate'))
      const box = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications?box=escalated',
        headers: c.reviewer,
      })
      assert.ok(box.json<{ items: TicketView[] }>().items.some((t) => t.id === id))
      const other = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications?box=escalated',
        headers: c.otherReviewer,
      })
      assert.equal(other.json<{ total: number }>().total, 0)
    })

    test('a consumer error report: provider fixes, reporter reopens or confirms; each side only its own steps', async () => {
      const res = await report(c.consumer)
      assert.equal(res.statusCode, 201, res.body)
      const t = res.json<TicketView>()
      assert.equal(t.status, 'open')
      assert.deepEqual(t.actions, [])
      assert.deepEqual((await get(t.id)).json<TicketView>().actions, ['answer'])
      assert.equal((await act(t.id, 'confirm', c.consumer)).statusCode, 409, 'nothing to confirm yet')
      assert.equal((await act(t.id, 'answer', c.consumer, { outcome: 'fixed', note: 'x1' })).statusCode, 403)
      assert.equal(
        (await act(t.id, 'answer', c.providerAuditor, { outcome: 'fixed', note: 'x1' })).statusCode,
        403,
      )
      assert.equal(
        (await act(t.id, 'answer', c.otherReviewer, { outcome: 'fixed', note: 'x1' })).statusCode,
        404,
      )
      assert.equal(
        (await act(t.id, 'answer', c.provider, { outcome: 'fixed', note: '已更正' })).json<TicketView>()
          .status,
        'rechecking',
      )
      assert.equal((await act(t.id, 'confirm', c.provider)).statusCode, 403)
      const again = (await act(t.id, 'reopen', c.consumer, { note: '仍未更正' })).json<TicketView>()
      assert.equal(again.status, 'open')
      assert.equal(again.reopenCount, 1)
      await act(t.id, 'answer', c.provider, { outcome: 'fixed', note: '已再次更正' })
      const done = (await act(t.id, 'confirm', c.consumer, { note: '确认' })).json<TicketView>()
      assert.deepEqual([done.status, done.resolution], ['closed', 'fixed'])
      const mine = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications?box=reporter',
        headers: c.consumer,
      })
      assert.ok(mine.json<{ items: TicketView[] }>().items.some((x) => x.id === t.id))
    })

    test('explained closes; disputed goes to the bureau, which upholds (fresh deadline) or dismisses', async () => {
      const a = (await report(c.consumer)).json<TicketView>()
      const explained = (
        await act(a.id, 'answer', c.provider, { outcome: 'explained', note: '该号码为单位总机' })
      ).json<TicketView>()
      assert.deepEqual([explained.status, explained.resolution], ['closed', 'explained'])

      const b = (await report(c.consumer)).json<TicketView>()
      assert.equal(
        (await act(b.id, 'answer', c.provider, { outcome: 'disputed', note: '数据无误' })).json<TicketView>()
          .status,
        'disputed',
      )
      assert.equal(
        (await act(b.id, 'arbitrate', c.provider, { decision: 'dismiss', note: '自裁' })).statusCode,
        403,
      )
      assert.equal(
        (await act(b.id, 'arbitrate', c.otherReviewer, { decision: 'dismiss', note: '越权' })).statusCode,
        404,
      )
      const upheld = (
        await act(b.id, 'arbitrate', c.reviewer, { decision: 'uphold', note: '请按权威库更正' })
      ).json<TicketView>()
      assert.deepEqual([upheld.status, upheld.reopenCount], ['open', 1])
      await act(b.id, 'answer', c.provider, { outcome: 'disputed', note: '仍有异议' })
      const dismissed = (
        await act(b.id, 'arbitrate', c.reviewer, { decision: 'dismiss', note: '异议成立' })
      ).json<TicketView>()
      assert.deepEqual([dismissed.status, dismissed.resolution], ['closed', 'dismissed'])
    })

    test('bad reports are refused: own resource, unknown field, no role, bad body', async () => {
      assert.equal((await report(c.provider)).json<{ code: string }>().code, 'rectification.own_resource')
      assert.equal((await report(c.consumer, { fieldCode: 'nope' })).statusCode, 422)
      assert.equal((await report(c.reviewer)).statusCode, 403)
      assert.equal((await report(c.consumer, { description: '' })).statusCode, 400)
      assert.equal(
        (await report(c.consumer, { resourceId: '00000000-0000-7000-8000-000000000000' })).statusCode,
        422,
      )
      assert.equal((await get('00000000-0000-7000-8000-000000000000')).statusCode, 404)
    })

    test('statistics per provider org; org users see their own org only', async () => {
      const stats = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications/stats',
        headers: c.reviewer,
      })
      const row = stats
        .json<{ items: { orgId: string; total: number; closed: number; escalated: number }[] }>()
        .items.find((x) => x.orgId === c.providerOrgId)
      assert.ok(row && row.total >= 5 && row.closed >= 4 && row.escalated >= 1)
      const consumer = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications/stats',
        headers: c.consumer,
      })
      assert.ok(
        consumer.json<{ items: { orgId: string }[] }>().items.every((x) => x.orgId === c.consumerOrgId),
      )
    })

    test('the nightly job audits every resource with enabled rules', async () => {
      assert.ok((await nightlyAudits(c.t.db, c.t.config)) >= 1)
      const runs = await c.t.request({
        method: 'GET',
        url: `/api/v1/quality/resources/${resourceId}/runs`,
        headers: c.provider,
      })
      assert.equal(runs.json<{ items: { trigger: string }[] }>().items[0]?.trigger, 'schedule')
    })

    test('new data triggers an audit through the load poll', async () => {
      assert.equal(
        await auditNewLoads(c.t.db, c.t.config, new Date(Date.now() - 1000)),
        0,
        'first poll sets the cursor',
      )
      await c.load(resourceId, FIELDS, DIRTY)
      assert.equal(await auditNewLoads(c.t.db, c.t.config), 1)
      assert.equal(await auditNewLoads(c.t.db, c.t.config), 0, 'the same load is audited once')
      const runs = await c.t.request({
        method: 'GET',
        url: `/api/v1/quality/resources/${resourceId}/runs`,
        headers: c.provider,
      })
      const [latest] = runs.json<{ items: { trigger: string }[] }>().items
      assert.equal(latest?.trigger, 'load')
    })
  })
}
