/** Fulfilment statistics: exact figures per org, region and month, date filters and the caller's scope. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { createShareRequest } from './create.ts'
import { actOnRequest, type Step } from './decide.ts'
import { escalateOverdue } from './escalation.ts'
import type { ShareRequestCreate } from './schemas.ts'
import { openSharingContext, type SharingContext } from './test-context.ts'

const at = (date: string) => new Date(`${date}T10:00:00+08:00`)

interface Metrics {
  requests: number
  pending: number
  overdue: number
  escalated: number
  approved: number
  rejected: number
  withdrawn: number
  decided: number
  fulfilmentRate: number | null
  reviewed: number
  onTime: number
  onTimeRate: number | null
  avgDecisionWorkingDays: number | null
}
interface Stats {
  regionCode: string | null
  orgId: string | null
  groups: (Metrics & { key: string; label: string })[]
  total: Metrics
}

for (const engine of testEngines()) {
  describe(`sharing statistics on ${engine}`, () => {
    let s: SharingContext
    let county: Record<string, string>
    const stats = async (query: string, headers: Record<string, string>) => {
      const res = await s.t.request({ method: 'GET', url: `/api/v1/sharing/stats?${query}`, headers })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<Stats>()
    }

    before(async () => {
      s = await openSharingContext(engine)
      county = await s.t.createUser('sr.county', '湘潭县数据中心', ['data_steward'], 'Share12345')
      const consumer = await s.ctxOf(s.consumer)
      const provider = await s.ctxOf(s.provider)
      const countyCtx = await s.ctxOf(county)
      const request = async (
        date: string,
        shareType: 'conditional' | 'unconditional' = 'conditional',
        as = s.provider,
      ) => {
        const resourceId = await s.resource(shareType, undefined, as)
        const body: ShareRequestCreate = {
          resourceId,
          appId: s.appId,
          fields: ['xm'],
          purpose: '企业开办身份核验',
          scenario: '高效办成一件事·企业开办',
          legalBasis: '《优化营商环境条例》',
          deliveryMode: 'api',
          periodStart: date,
          periodEnd: '2027-06-30',
        }
        return createShareRequest(s.t.db, s.t.config, consumer, body, at(date))
      }
      const act = (ctx: RequestContext, id: string, step: Step, date: string) =>
        actOnRequest(s.t.db, s.t.config, ctx, id, step, at(date))
      // 湘潭市公安局: approved in 2 working days, rejected late (13), one overdue and escalated, one
      // unconditional (auto-granted), one withdrawn.
      await act(provider, await request('2026-09-01'), { action: 'approve', body: {} }, '2026-09-03')
      await act(
        provider,
        await request('2026-09-01'),
        { action: 'reject', reason: '不符合条件' },
        '2026-09-18',
      )
      await request('2026-10-09')
      await request('2026-10-12', 'unconditional')
      await act(consumer, await request('2026-10-12'), { action: 'withdraw' }, '2026-10-13')
      // 湘潭县数据中心 (430321): approved the next working day.
      await act(
        countyCtx,
        await request('2026-10-12', 'conditional', county),
        { action: 'approve', body: {} },
        '2026-10-13',
      )
      await escalateOverdue(s.t.db, at('2026-11-01'))
    })
    after(() => s.close())

    test('per provider org: fulfilment, on-time rate, average working days, pending, overdue, escalated', async () => {
      const r = await stats('by=org', s.reviewer)
      assert.equal(r.regionCode, '430300')
      const police = r.groups.find((g) => g.label === '湘潭市公安局')
      assert.deepEqual(
        police && [
          police.requests,
          police.pending,
          police.overdue,
          police.escalated,
          police.approved,
          police.rejected,
          police.withdrawn,
          police.decided,
        ],
        [5, 1, 1, 1, 2, 1, 1, 3],
      )
      assert.deepEqual(
        police && [
          police.fulfilmentRate,
          police.reviewed,
          police.onTime,
          police.onTimeRate,
          police.avgDecisionWorkingDays,
        ],
        [66.7, 2, 1, 50, 7.5],
      )
      const centre = r.groups.find((g) => g.label === '湘潭县数据中心')
      assert.deepEqual(
        centre && [centre.requests, centre.fulfilmentRate, centre.onTimeRate, centre.avgDecisionWorkingDays],
        [1, 100, 100, 1],
      )
      assert.deepEqual(
        [
          r.total.requests,
          r.total.decided,
          r.total.fulfilmentRate,
          r.total.onTimeRate,
          r.total.avgDecisionWorkingDays,
        ],
        [6, 4, 75, 66.7, 5.3],
      )
    })

    test('per region rolls up below the scope; per month follows the request day; from/to filter', async () => {
      const city = await stats('by=region', s.reviewer)
      assert.deepEqual(city.groups.map((g) => [g.key, g.requests]).sort(), [
        ['430300', 5],
        ['430321', 1],
      ])
      assert.equal(city.groups.find((g) => g.key === '430321')?.label, '湘潭县')
      const province = await stats('by=region', s.admin)
      assert.deepEqual(
        province.groups.map((g) => [g.key, g.label, g.requests]),
        [['430300', '湘潭市', 6]],
      )
      const months = await stats('by=month', s.reviewer)
      assert.deepEqual(
        months.groups.map((g) => [g.key, g.requests]),
        [
          ['2026-09', 2],
          ['2026-10', 4],
        ],
      )
      assert.equal((await stats('from=2026-10-01&to=2026-10-31', s.reviewer)).total.requests, 4)
      assert.equal((await stats('regionCode=430321', s.reviewer)).total.requests, 1)
    })

    test('scope: a provider sees its own org, other bureaus nothing of Xiangtan, no region beyond one’s scope', async () => {
      const own = await stats('', s.provider)
      assert.deepEqual([own.orgId !== null, own.regionCode, own.total.requests], [true, null, 5])
      assert.equal(
        (await stats('', s.consumer)).total.requests,
        0,
        'requests made are not the consumer’s KPI',
      )
      assert.equal((await stats('', s.otherReviewer)).total.requests, 0)
      for (const [query, who] of [
        ['regionCode=430300', s.provider],
        ['regionCode=430300', s.otherReviewer],
        ['regionCode=430000', s.reviewer],
      ] as const) {
        const res = await s.t.request({ method: 'GET', url: `/api/v1/sharing/stats?${query}`, headers: who })
        assert.equal(res.statusCode, 403, `${query}: ${res.body}`)
        assert.equal(res.json<{ code: string }>().code, 'sharing.stats_forbidden')
      }
    })
  })
}
