/**
 * Public data demands: anyone files one (rate-limited per address, contact kept only as a hash), the named org or
 * the province bureau replies publicly within the working-day deadline, overdue ones are flagged, statistics.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { openPortalContext, type PortalContext } from '../test-fixtures.ts'
import { flagOverdueDemands } from './overdue.ts'
import { DEMANDS_PER_HOUR } from './service.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code

interface Demand {
  id: string
  orgName: string
  status: string
  replyDue: string
  overdue: boolean
  reply: string | null
  canReply?: boolean
}

for (const engine of testEngines()) {
  describe(`data demands on ${engine}`, () => {
    let p: PortalContext
    let address = 0
    before(async () => {
      p = await openPortalContext(engine)
    })
    after(() => p.close())

    const file = (payload: Record<string, unknown>, ip = `10.0.0.${++address}`) =>
      p.t.request({
        method: 'POST',
        url: '/api/v1/public/demands',
        remoteAddress: ip,
        payload: {
          title: '开放公共停车场实时空余泊位',
          description: '希望开放全市公共停车场的实时空余泊位数据，便于开发停车导航小程序。',
          askerName: '热心市民',
          contact: '13800001234',
          ...payload,
        },
      })

    test('anyone files a demand to a named org; it is public without the contact, with a reply deadline', async () => {
      const res = await file({ orgId: p.providerOrgId })
      assert.equal(res.statusCode, 201, res.body)
      const d = res.json<Demand>()
      assert.equal(d.orgName, '湘潭市公安局')
      assert.equal(d.status, 'pending')
      assert.ok(d.replyDue > new Date().toISOString().slice(0, 10))
      const list = await p.t.request({ method: 'GET', url: '/api/v1/public/demands' })
      assert.equal(list.statusCode, 200)
      assert.ok(list.json<{ items: Demand[] }>().items.some((i) => i.id === d.id))
      assert.ok(
        !list.body.includes('13800001234') &&
          !list.body.includes('contactHash') &&
          !list.body.includes('ipHash'),
      )
      const bad = await file({ title: 'x', description: '短' })
      assert.equal(bad.statusCode, 400)
      const unknownOrg = await file({ orgId: '01a202ca-0000-7000-8000-000000000000' })
      assert.equal(code(unknownOrg), 'data_demand.org_invalid')
      const toBureau = await file({})
      assert.equal(toBureau.json<Demand>().orgName, '湖南省数据局')
    })

    test('the named org replies once, publicly; other orgs may not', async () => {
      const id = (await file({ orgId: p.providerOrgId })).json<Demand>().id
      const outsider = await p.t.createUser(
        'demand.outsider',
        '湘潭市市场监督管理局',
        ['data_steward'],
        'Portal1234',
      )
      const inbox = await p.t.request({
        method: 'GET',
        url: '/api/v1/portal/demands?status=pending',
        headers: p.steward,
      })
      assert.equal(inbox.statusCode, 200, inbox.body)
      assert.equal(inbox.json<{ items: Demand[] }>().items.find((i) => i.id === id)?.canReply, true)
      const other = await p.t.request({ method: 'GET', url: '/api/v1/portal/demands', headers: outsider })
      assert.ok(!other.json<{ items: Demand[] }>().items.some((i) => i.id === id))
      const refused = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/demands/${id}/reply`,
        headers: outsider,
        payload: { reply: '不归我们管' },
      })
      assert.equal(refused.statusCode, 403)
      const reply = '已纳入下一批开放计划，预计下季度上线。'
      const ok = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/demands/${id}/reply`,
        headers: p.steward,
        payload: { reply },
      })
      assert.equal(ok.statusCode, 204, ok.body)
      const twice = await p.t.request({
        method: 'POST',
        url: `/api/v1/portal/demands/${id}/reply`,
        headers: p.steward,
        payload: { reply },
      })
      assert.equal(code(twice), 'data_demand.already_replied')
      const shown = await p.t.request({ method: 'GET', url: '/api/v1/public/demands?status=replied' })
      assert.equal(shown.json<{ items: Demand[] }>().items.find((i) => i.id === id)?.reply, reply)
      const anon = await p.t.request({ method: 'GET', url: '/api/v1/portal/demands' })
      assert.equal(anon.statusCode, 401)
    })

    test('unanswered demands are flagged overdue after the deadline and counted in the statistics', async () => {
      const before = (await p.t.request({ method: 'GET', url: '/api/v1/public/demands/stats' })).json<{
        overdue: number
      }>()
      assert.equal(before.overdue, 0)
      const later = new Date(Date.now() + 40 * 86_400_000)
      const flagged = await flagOverdueDemands(p.t.db, later)
      assert.ok(flagged >= 2)
      assert.equal(await flagOverdueDemands(p.t.db, later), 0, 'flagged once')
      const stats = (await p.t.request({ method: 'GET', url: '/api/v1/public/demands/stats' })).json<{
        total: number
        replied: number
        onTimeRate: number | null
        byOrg: { orgName: string; total: number }[]
      }>()
      assert.equal(stats.total, 3)
      assert.equal(stats.replied, 1)
      assert.equal(stats.onTimeRate, 1)
      assert.ok(stats.byOrg.some((o) => o.orgName === '湘潭市公安局'))
    })

    test('one address may file only a few demands an hour', async () => {
      const ip = '10.9.9.9'
      for (let i = 0; i < DEMANDS_PER_HOUR; i++) assert.equal((await file({}, ip)).statusCode, 201)
      const over = await file({}, ip)
      assert.equal(over.statusCode, 429)
      assert.equal(code(over), 'data_demand.rate_limited')
      assert.equal((await file({}, '10.9.9.10')).statusCode, 201)
    })
  })
}
