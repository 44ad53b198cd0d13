/**
 * Each alert rule is proven by replaying a crafted access pattern into the gateway call log next to a control
 * pattern that must stay quiet; then the incident actions (suspend the app, revoke a grant) through the inbox,
 * with their audit events and the notifications to the org admins.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../../test/support/db.ts'
import { newId } from '../../../../platform/ids.ts'
import { type ReplayedCall, replayCalls } from '../../../sharing/index.ts'
import { openProtection, type ProtectionContext } from '../test-context.ts'
import { evaluateAlerts } from './evaluate.ts'

const HOUR = 3_600_000
/** Tuesday 2026-11-17, 10:00 Beijing time (02:00 UTC): office hours. */
const DAY = Date.parse('2026-11-17T02:00:00Z')
const at = (ms: number) => new Date(ms)

function spread(n: number, from: number, span: number, call: Omit<ReplayedCall, 'calledAt'>): ReplayedCall[] {
  return Array.from({ length: n }, (_, i) => ({ ...call, calledAt: at(from + Math.floor((i * span) / n)) }))
}

interface AlertJson {
  id: string
  rule: string
  severity: string
  status: string
  appId: string | null
  grantId: string | null
  actions: string[]
  canAct: boolean
}

for (const engine of testEngines()) {
  describe(`risk alerts replayed over the access log on ${engine}`, () => {
    let c: ProtectionContext
    let parties: Omit<ReplayedCall, 'calledAt' | 'status'>
    const quietApp = newId()

    before(async () => {
      c = await openProtection(engine)
      parties = {
        appId: c.appId,
        consumerOrgId: c.consumerOrgId,
        consumerRegionCode: '430300',
        providerOrgId: c.providerOrgId,
        providerRegionCode: '430000',
        resourceId: c.resourceId,
        resourceCode: c.resourceCode,
        rowsReturned: 1,
      }
    })
    after(() => c.close())

    const evaluate = (from: number, to: number) => evaluateAlerts(c.t.db, { from: at(from), to: at(to) })

    test('volume spike: against each app’s own 7-day baseline', async () => {
      const hour = DAY
      // The app calls about twice an hour all week; the quiet app about 25 times an hour.
      await replayCalls(c.t.db, spread(336, hour - 7 * 24 * HOUR, 7 * 24 * HOUR, { ...parties, status: 200 }))
      await replayCalls(
        c.t.db,
        spread(4200, hour - 7 * 24 * HOUR, 7 * 24 * HOUR, { ...parties, appId: quietApp, status: 200 }),
      )
      // Both make 120 calls in the hour: 60× the first app's habit, under 5× the second's.
      await replayCalls(c.t.db, spread(120, hour, HOUR, { ...parties, status: 200 }))
      await replayCalls(c.t.db, spread(120, hour, HOUR, { ...parties, appId: quietApp, status: 200 }))
      const raised = (await evaluate(hour, hour + HOUR)).filter((a) => a.rule === 'volume_spike')
      assert.deepEqual(
        raised.map((a) => a.appId),
        [c.appId],
      )
      assert.equal(raised[0]?.consumerOrgId, c.consumerOrgId)
      assert.equal((await evaluate(hour, hour + HOUR)).length, 0, 'the same window raises nothing twice')
    })

    test('off-hours bulk reads: many rows between 22:00 and 06:00 Beijing time only', async () => {
      const night = DAY + 24 * HOUR + 13.5 * HOUR // 23:30 Beijing
      const noon = DAY + 48 * HOUR + 2 * HOUR // 12:00 Beijing
      await replayCalls(
        c.t.db,
        spread(12, night, 10 * 60_000, { ...parties, rowsReturned: 100, status: 200 }),
      )
      await replayCalls(c.t.db, spread(12, noon, 10 * 60_000, { ...parties, rowsReturned: 100, status: 200 }))
      const nightAlerts = (await evaluate(night, night + HOUR)).filter((a) => a.rule === 'off_hours_bulk')
      assert.equal(nightAlerts.length, 1)
      const noonAlerts = (await evaluate(noon, noon + HOUR)).filter((a) => a.rule === 'off_hours_bulk')
      assert.equal(noonAlerts.length, 0)
    })

    test('enumeration: many distinct record keys in ten minutes', async () => {
      const t0 = DAY + 72 * HOUR
      const keys = (i: number) => [`k${i.toString(16).padStart(31, '0')}`]
      await replayCalls(
        c.t.db,
        Array.from({ length: 250 }, (_, i) => ({
          ...parties,
          status: 200,
          keyHashes: keys(i),
          calledAt: at(t0 + i * 1000),
        })),
      )
      await replayCalls(
        c.t.db,
        Array.from({ length: 250 }, (_, i) => ({
          ...parties,
          appId: quietApp,
          status: 200,
          keyHashes: keys(1),
          calledAt: at(t0 + i * 1000),
        })),
      )
      const raised = (await evaluate(t0, t0 + 600_000)).filter((a) => a.rule === 'enumeration')
      assert.deepEqual(
        raised.map((a) => [a.appId, a.severity]),
        [[c.appId, 'high']],
      )
    })

    test('bursts of denied calls, by app or by unknown client id', async () => {
      const t0 = DAY + 96 * HOUR
      await replayCalls(
        c.t.db,
        spread(25, t0, 120_000, {
          clientId: 'probe-unknown',
          status: 401,
          errorCode: 'gateway.credentials_invalid',
        }),
      )
      await replayCalls(
        c.t.db,
        spread(10, t0, 120_000, { ...parties, status: 403, errorCode: 'gateway.fields_not_granted' }),
      )
      const raised = (await evaluate(t0, t0 + 300_000)).filter((a) => a.rule === 'denied_burst')
      assert.equal(raised.length, 1)
      assert.equal(raised[0]?.appId, null)
      // Forged credentials name no party: the alert belongs to the province level.
      const seen = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/alerts/${raised[0]?.id}`,
        headers: c.admin,
      })
      assert.equal(seen.statusCode, 200, seen.body)
      assert.equal(seen.json<AlertJson>().canAct, true)
      const city = await c.t.createUser('prot.city', '湘潭市数据局', ['bureau_admin'], 'Protect123')
      const hidden = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/alerts/${raised[0]?.id}`,
        headers: city,
      })
      assert.equal(hidden.statusCode, 404)
    })

    test('attempts after revocation, suspension or expiry, per grant', async () => {
      const t0 = DAY + 120 * HOUR
      const grantId = await c.grant({ status: 'revoked' })
      const expired = await c.grant({ validFrom: at(t0 - 48 * HOUR), validUntil: at(t0 - HOUR) })
      await replayCalls(
        c.t.db,
        spread(3, t0, 60_000, { ...parties, grantId, status: 403, errorCode: 'gateway.grant_revoked' }),
      )
      await replayCalls(
        c.t.db,
        spread(2, t0, 60_000, {
          ...parties,
          grantId: expired,
          status: 403,
          errorCode: 'gateway.grant_expired',
        }),
      )
      const raised = (await evaluate(t0, t0 + HOUR)).filter((a) => a.rule === 'after_revocation')
      assert.deepEqual(
        raised.map((a) => [a.grantId, a.severity]).sort(),
        [
          [grantId, 'high'],
          [expired, 'low'],
        ].sort(),
      )
    })

    test('inbox and actions: the bureau suspends the app and revokes a grant; both are audited and notified', async () => {
      const list = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/alerts?rule=volume_spike&status=open',
        headers: c.admin,
      })
      assert.equal(list.statusCode, 200, list.body)
      const spike = list.json<{ items: AlertJson[] }>().items[0]
      assert.ok(spike?.canAct)
      // The consumer's org admin sees the alert and its notification but may not act.
      const seen = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/alerts/${spike.id}`,
        headers: c.consumerAdmin,
      })
      assert.equal(seen.statusCode, 200, seen.body)
      const refused = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/alerts/${spike.id}/actions`,
        headers: c.consumerAdmin,
        payload: { action: 'suspend_app' },
      })
      assert.equal(refused.statusCode, 403, refused.body)
      const hidden = await c.t.request({
        method: 'GET',
        url: `/api/v1/governance/alerts/${spike.id}`,
        headers: c.outsider,
      })
      assert.equal(hidden.statusCode, 404)

      const live = await c.grant()
      const revoke = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/alerts/${spike.id}/actions`,
        headers: c.admin,
        payload: { action: 'revoke_grant', grantId: live, note: '调用量异常，先撤销授权' },
      })
      assert.equal(revoke.statusCode, 200, revoke.body)
      const grant = await c.t.request({ method: 'GET', url: `/api/v1/grants/${live}`, headers: c.admin })
      assert.equal(grant.json<{ status: string }>().status, 'revoked')
      const again = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/alerts/${spike.id}/actions`,
        headers: c.admin,
        payload: { action: 'suspend_app' },
      })
      assert.equal(again.statusCode, 409, 'a resolved alert takes no more actions')

      const enumeration = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/alerts?rule=enumeration',
        headers: c.admin,
      })
      const enumAlert = enumeration.json<{ items: AlertJson[] }>().items[0]
      assert.ok(enumAlert)
      const suspend = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/alerts/${enumAlert.id}/actions`,
        headers: c.admin,
        payload: { action: 'suspend_app' },
      })
      assert.equal(suspend.statusCode, 200, suspend.body)
      assert.deepEqual(suspend.json<AlertJson>().actions, ['suspend_app'])
      const app = await c.t.request({ method: 'GET', url: `/api/v1/apps/${c.appId}`, headers: c.admin })
      assert.equal(app.json<{ status: string }>().status, 'disabled')
      const gw = await c.t.request({
        method: 'GET',
        url: `/gw/v1/${encodeURIComponent(c.resourceCode)}`,
        headers: c.appBearer,
      })
      assert.equal(gw.statusCode, 401, 'the suspended app’s token no longer works')

      const audit = await c.t.request({
        method: 'GET',
        url: '/api/v1/audit/events?pageSize=200',
        headers: c.admin,
      })
      const actions = audit.json<{ items: { action: string }[] }>().items.map((e) => e.action)
      for (const a of [
        'governance.alert_revoke_grant',
        'sharing.grant_revoke',
        'governance.alert_suspend_app',
        'app.disable',
      ])
        assert.ok(actions.includes(a), `audited: ${a}`)

      const inbox = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/notifications',
        headers: c.consumerAdmin,
      })
      assert.equal(inbox.statusCode, 200, inbox.body)
      const titles = inbox.json<{ items: { id: string; title: string }[] }>().items.map((n) => n.title)
      assert.ok(titles.some((x) => x.startsWith('安全预警')))
      assert.ok(titles.includes('应急处置：已停用相关应用'))
      assert.ok(titles.includes('应急处置：已撤销相关共享授权'))
      const first = inbox.json<{ items: { id: string }[] }>().items[0]
      const read = await c.t.request({
        method: 'POST',
        url: `/api/v1/governance/notifications/${first?.id}/read`,
        headers: c.consumerAdmin,
      })
      assert.equal(read.statusCode, 204)
      const unread = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/notifications?unread=true',
        headers: c.consumerAdmin,
      })
      assert.equal(unread.json<{ total: number }>().total, titles.length - 1)
    })
  })
}
