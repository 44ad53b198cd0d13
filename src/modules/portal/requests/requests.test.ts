/**
 * Conditional open (有条件开放) end to end: an application on a working-day deadline, review by the provider org
 * (or the bureau after escalation), the agreement, delivery through the sandbox or a restricted download, and the
 * applicant's outcome report; every refusal on the way.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { addCalendarDays as addDays, shanghaiDate } from '../../../platform/calendar/index.ts'
import { type RequestContext, systemContext } from '../../../platform/context.ts'
import {
  type Headers,
  openPortalContext,
  type PortalContext,
  type PublishedResource,
} from '../test-fixtures.ts'
import { escalateOverdueRequests } from './escalation.ts'
import { getForConsole } from './listing.ts'
import { applicantStep, createOpenRequest, decideOpenRequest } from './service.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const BASE = '/api/v1/public/portal/applications'
const anonymousCtx: RequestContext = {
  actor: { kind: 'anonymous' },
  requestId: 'test',
  ip: null,
  lang: 'zh-CN',
}

interface View {
  id: string
  status: string
  replyDue: string
  workingDaysLeft: number | null
  escalated: boolean
  sandboxScopeId: string | null
  decidedOnTime: boolean | null
  actions?: string[]
}

for (const engine of testEngines()) {
  describe(`open requests on ${engine}`, () => {
    let p: PortalContext
    let conditional: PublishedResource
    let open: PublishedResource
    let closed: PublishedResource
    let dev: Headers
    let outsider: Headers
    let reviewer: Headers
    let otherReviewer: Headers
    const agreement = () => ({
      agreementTerms: '仅用于交通研究，不得再分发；成果须反馈。',
      agreementUntil: addDays(shanghaiDate(new Date()), 90),
    })
    before(async () => {
      p = await openPortalContext(engine)
      conditional = await p.resource('conditional', { name: '停车场运营明细' })
      open = await p.resource('open')
      closed = await p.resource('closed')
      dev = await p.developer()
      outsider = await p.t.createUser(
        'portal.outsider',
        '湘潭市市场监督管理局',
        ['data_steward'],
        'Portal1234',
      )
      reviewer = await p.t.createUser('portal.reviewer', '湘潭市数据局', ['reviewer'], 'Portal1234')
      otherReviewer = await p.t.createUser('portal.cs.reviewer', '长沙市数据局', ['reviewer'], 'Portal1234')
    })
    after(() => p.close())

    const apply = (resourceCode: string, headers: Headers = dev, delivery = 'sandbox') =>
      p.t.request({
        method: 'POST',
        url: BASE,
        headers,
        payload: { resourceCode, purpose: '研究停车难问题', scenario: '城市交通规划研究', delivery },
      })

    test('only conditionally open resources are applied for, once at a time, by a signed-in developer', async () => {
      const anon = await p.t.request({
        method: 'POST',
        url: BASE,
        payload: {
          resourceCode: conditional.code,
          purpose: '研究停车难问题',
          scenario: '交通规划',
          delivery: 'sandbox',
        },
      })
      assert.equal(anon.statusCode, 401)
      assert.equal(code(await apply(open.code)), 'open_request.not_conditional')
      assert.equal((await apply(closed.code)).statusCode, 404)
      const made = await apply(conditional.code)
      assert.equal(made.statusCode, 201, made.body)
      const v = made.json<View>()
      assert.equal(v.status, 'pending')
      assert.equal(v.workingDaysLeft, 10, 'the default reply limit is 10 working days')
      const dup = await apply(conditional.code)
      assert.equal(dup.statusCode, 409)
      assert.equal(code(dup), 'open_request.duplicate')
      const withdrawn = await p.t.request({ method: 'POST', url: `${BASE}/${v.id}/withdraw`, headers: dev })
      assert.equal(withdrawn.json<View>().status, 'withdrawn')
      const again = await p.t.request({ method: 'POST', url: `${BASE}/${v.id}/withdraw`, headers: dev })
      assert.equal(again.statusCode, 409)
    })

    test('the provider approves with an agreement; the applicant accepts and queries aggregates in the sandbox', async () => {
      const id = (await apply(conditional.code)).json<View>().id
      const inbox = await p.t.request({
        method: 'GET',
        url: '/api/v1/portal/applications?status=pending',
        headers: p.steward,
      })
      const listed = inbox.json<{ items: View[] }>().items.find((i) => i.id === id)
      assert.deepEqual(listed?.actions, ['approve', 'reject'])
      const hidden = await p.t.request({
        method: 'GET',
        url: `/api/v1/portal/applications/${id}`,
        headers: outsider,
      })
      assert.equal(hidden.statusCode, 404)
      const foreign = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/applications/${id}/approve`,
        headers: outsider,
        payload: agreement(),
      })
      assert.equal(foreign.statusCode, 404)
      const early = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/applications/${id}/approve`,
        headers: reviewer,
        payload: agreement(),
      })
      assert.equal(early.statusCode, 403, 'the bureau decides only escalated requests')
      const badDate = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/applications/${id}/approve`,
        headers: p.steward,
        payload: { ...agreement(), agreementUntil: addDays(shanghaiDate(new Date()), 400) },
      })
      assert.equal(badDate.statusCode, 400)
      const ok = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/applications/${id}/approve`,
        headers: p.steward,
        payload: agreement(),
      })
      assert.equal(ok.statusCode, 200, ok.body)
      assert.equal(ok.json<View>().status, 'approved')
      const early2 = await p.t.request({
        method: 'POST',
        url: `${BASE}/${id}/sandbox/queries`,
        headers: dev,
        payload: { sql: 'select 1' },
      })
      assert.equal(early2.statusCode, 409, 'no delivery before the agreement is accepted')
      const other = await p.developer()
      const notMine = await p.t.request({ method: 'POST', url: `${BASE}/${id}/accept`, headers: other })
      assert.equal(notMine.statusCode, 404)
      const accepted = await p.t.request({ method: 'POST', url: `${BASE}/${id}/accept`, headers: dev })
      assert.equal(accepted.statusCode, 200, accepted.body)
      assert.equal(accepted.json<View>().status, 'active')
      assert.ok(accepted.json<View>().sandboxScopeId)
      const sql = `SELECT qx, COUNT(*) AS n FROM "${conditional.code}" GROUP BY qx`
      const q = await p.t.request({
        method: 'POST',
        url: `${BASE}/${id}/sandbox/queries`,
        headers: dev,
        payload: { sql },
      })
      assert.equal(q.statusCode, 200, q.body)
      const result = q.json<{ rows: unknown[][]; columns: string[] }>()
      assert.equal(result.rows.length, 3)
      assert.ok(result.rows.every((r) => r[1] === 10))
      const star = await p.t.request({
        method: 'POST',
        url: `${BASE}/${id}/sandbox/queries`,
        headers: dev,
        payload: { sql: `SELECT * FROM "${conditional.code}"` },
      })
      assert.ok(star.statusCode >= 400 && star.statusCode < 500, star.body)
      const stranger = await p.t.request({
        method: 'POST',
        url: `${BASE}/${id}/sandbox/queries`,
        headers: other,
        payload: { sql },
      })
      assert.equal(stranger.statusCode, 404)
      const download = await p.t.request({ method: 'GET', url: `${BASE}/${id}/download`, headers: dev })
      assert.equal(download.statusCode, 409)
      assert.equal(code(download), 'open_request.delivery_mismatch')
      const report = await p.t.request({
        method: 'POST',
        url: `${BASE}/${id}/outcome`,
        headers: dev,
        payload: { outcome: '形成《湘潭市停车供需分析报告》一份' },
      })
      assert.equal(report.json<View>().status, 'completed')
      const after = await p.t.request({
        method: 'POST',
        url: `${BASE}/${id}/sandbox/queries`,
        headers: dev,
        payload: { sql },
      })
      assert.equal(after.statusCode, 409)
    })

    test('a restricted download delivers the approved data, masked, to the applicant only', async () => {
      const second = await p.resource('conditional', { name: '停车场收费明细' })
      const id = (await apply(second.code, dev, 'download')).json<View>().id
      await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/applications/${id}/approve`,
        headers: p.steward,
        payload: agreement(),
      })
      await p.t.request({ method: 'POST', url: `${BASE}/${id}/accept`, headers: dev })
      const res = await p.t.request({ method: 'GET', url: `${BASE}/${id}/download?format=csv`, headers: dev })
      assert.equal(res.statusCode, 200, res.body)
      const lines = res.body.trim().split('\r\n')
      assert.equal(lines.length, 31)
      assert.ok(!res.body.includes('13907310001'))
      const anon = await p.t.request({ method: 'GET', url: `${BASE}/${id}/download` })
      assert.equal(anon.statusCode, 401)
      const publicDownload = await p.t.request({
        method: 'GET',
        url: `/api/v1/public/resources/${encodeURIComponent(second.code)}/download`,
      })
      assert.equal(publicDownload.statusCode, 403)
    })

    test('reply deadlines count working days on the official calendar; overdue requests escalate to the bureau', async () => {
      const third = await p.resource('conditional', { name: '停车场泊位实时' })
      const developer = await p.developerOf(dev)
      // Tuesday 29 September 2026: 30 September, then the National Day holiday (1–7 October), then 8, 9, the
      // 调休 Saturday 10 October, and 12–19 October make ten working days.
      const made = new Date('2026-09-29T02:00:00Z')
      const id = await createOpenRequest(
        p.t.db,
        p.t.config,
        anonymousCtx,
        developer,
        {
          resourceCode: third.code,
          purpose: '研究停车难问题',
          scenario: '城市交通规划研究',
          delivery: 'sandbox',
        },
        made,
      )
      const steward = await p.ctxOf(p.steward)
      const bureau = await p.ctxOf(reviewer)
      const changsha = await p.ctxOf(otherReviewer)
      assert.equal((await getForConsole(p.t.db, steward.actor, id)).replyDue, '2026-10-19')
      assert.equal(await escalateOverdueRequests(p.t.db, new Date('2026-10-19T15:00:00Z')), 0)
      await assert.rejects(
        decideOpenRequest(p.t.db, bureau, id, { reject: '不符合开放条件' }, new Date('2026-10-19T03:00:00Z')),
        /open_request.forbidden/,
      )
      assert.equal(await escalateOverdueRequests(p.t.db, new Date('2026-10-20T01:00:00Z')), 1)
      assert.equal(
        await escalateOverdueRequests(p.t.db, new Date('2026-10-21T01:00:00Z')),
        0,
        'escalated once',
      )
      const v = await getForConsole(p.t.db, bureau.actor, id)
      assert.equal(v.escalated, true)
      assert.deepEqual(v.actions, ['approve', 'reject'])
      await assert.rejects(
        decideOpenRequest(
          p.t.db,
          changsha,
          id,
          { reject: '不符合开放条件' },
          new Date('2026-10-20T03:00:00Z'),
        ),
        /open_request.not_found/,
      )
      await assert.rejects(
        decideOpenRequest(p.t.db, bureau, id, { reject: ' ' }, new Date('2026-10-20T03:00:00Z')),
        /portal.invalid/,
      )
      await decideOpenRequest(
        p.t.db,
        bureau,
        id,
        { reject: '涉及经营数据，暂不开放' },
        new Date('2026-10-20T03:00:00Z'),
      )
      const decided = await getForConsole(p.t.db, steward.actor, id)
      assert.equal(decided.status, 'rejected')
      assert.equal(decided.decidedOnTime, false)
      assert.deepEqual(
        decided.history.map((h) => h.action),
        ['create', 'escalate', 'reject'],
      )
      await assert.rejects(
        applicantStep(p.t.db, p.t.config, systemContext('test'), developer, id, { accept: true }),
        /open_request.transition_invalid/,
      )
    })
  })
}
