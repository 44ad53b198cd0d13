import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { testEngines } from '../../../../test/support/db.ts'
import { buildApp } from '../../../app.ts'
import { verifyAuditChain } from '../../../platform/audit/index.ts'
import { t } from '../store.ts'
import { batchHash, callLine } from './call-window.ts'
import { CONSUMER, type GatewayFixture, openGatewayFixture, PROVIDER, person } from './fixtures.ts'

interface CallView {
  id: string
  appId: string | null
  status: number
  rowsReturned: number
  errorCode: string | null
  purpose: string | null
  consumerOrgName: string | null
}
interface Page<T> {
  items: T[]
  total: number
}

for (const engine of testEngines()) {
  describe(`gateway call log, usage and 溯源 on ${engine}`, () => {
    let f: GatewayFixture
    const target = person(11)

    before(async () => {
      f = await openGatewayFixture(engine)
      await f.grant()
    })
    after(() => f.close())

    test('a graceful close writes every buffered call, chained into the audit trail by batch hash', async () => {
      // A replica that would not flush on its own for a minute: only close() can write its calls.
      const config = { ...f.t.config, gatewayLogFlushMs: 60_000 }
      const replica = await buildApp({ config, database: f.t.handle, logger: false, webDist: null })
      await replica.ready()
      const before = await t(f.t.db)
        .selectFrom('gatewayCalls')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
      const calls = 25
      const results = await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          replica.inject({
            method: 'GET',
            url: f.url(i === 0 ? 'sfzh=430000000000000000&fields=nope' : `sfzh=${target.sfzh}`),
            headers: f.app.bearer,
          }),
        ),
      )
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [...Array(calls - 1).fill(200), 400])
      await replica.close()
      const rows = await t(f.t.db)
        .selectFrom('gatewayCalls')
        .selectAll()
        .where(
          'requestId',
          'in',
          results.map((r) => String(r.headers['x-request-id'])),
        )
        .orderBy('id')
        .execute()
      assert.equal(rows.length, calls, `all ${calls} calls written (before: ${before.n})`)
      const ok = rows.find((r) => r.status === 200)
      assert.ok(ok)
      assert.equal(ok.appId, f.app.appId)
      assert.equal(ok.providerOrgId, f.providerOrgId)
      assert.equal(ok.purpose, '高效办成一件事·新生儿出生')
      assert.equal(ok.rowsReturned, 1)
      assert.deepEqual(ok.filterFields, ['sfzh'])
      assert.ok(!JSON.stringify(rows).includes(target.sfzh), 'no ID number in clear in the log')
      const refused = rows.find((r) => r.status === 400)
      assert.equal(refused?.errorCode, 'gateway.field_unknown')

      // Every row points at an audit event whose batch hash covers exactly its rows.
      const auditIds = [...new Set(rows.map((r) => r.auditEventId))]
      for (const auditId of auditIds) {
        assert.ok(auditId)
        const event = await f.t.db
          .selectFrom('auditEvents')
          .select(['action', 'orgId', 'details'])
          .where('id', '=', auditId)
          .executeTakeFirstOrThrow()
        assert.equal(event.action, 'gateway.calls')
        assert.equal(event.orgId, f.providerOrgId)
        const batch = await t(f.t.db)
          .selectFrom('gatewayCalls')
          .selectAll()
          .where('auditEventId', '=', auditId)
          .orderBy('id')
          .execute()
        assert.equal(event.details.batchHash, batchHash(batch.map(callLine)))
        assert.equal(event.details.calls, batch.length)
      }
      assert.equal((await verifyAuditChain(f.t.db)).ok, true)
    })

    test('calls are flushed in the background every GATEWAY_LOG_FLUSH_MS', async () => {
      const res = await f.get(f.url(`sfzh=${person(12).sfzh}`))
      assert.equal(res.statusCode, 200)
      await sleep(f.t.config.gatewayLogFlushMs * 3)
      const row = await t(f.t.db)
        .selectFrom('gatewayCalls')
        .select(['status', 'latencyMs'])
        .where('requestId', '=', String(res.headers['x-request-id']))
        .executeTakeFirst()
      assert.equal(row?.status, 200)
      assert.ok((row?.latencyMs ?? -1) >= 0)
    })

    test('溯源: an auditor finds the calls that asked for or returned an ID number; the search is audited', async () => {
      await f.get(f.url('limit=100&fields=sfzh')) // a listing that returns the record without asking for it
      await f.get(f.url(`sfzh=${target.sfzh.toLowerCase()}`)) // same person, lower-case check letter
      await sleep(f.t.config.gatewayLogFlushMs * 3)
      const auditor = await f.t.createUser('gw.auditor', '湘潭市数据局', ['auditor'], 'Auditor123')
      const res = await f.t.request({
        method: 'GET',
        url: `/api/v1/sharing/trace?value=${target.sfzh}&pageSize=200`,
        headers: auditor,
      })
      assert.equal(res.statusCode, 200, res.body)
      const found = res.json<Page<CallView>>()
      // 24 lookups on the closing replica, the listing and the lower-case lookup (the refused call asked for
      // another number).
      assert.equal(found.total, 26)
      assert.ok(found.items.every((c) => c.appId === f.app.appId))
      assert.ok(
        found.items.some((c) => c.rowsReturned === 30),
        'the listing is found',
      )
      const narrowed = await f.t.request({
        method: 'GET',
        url: `/api/v1/sharing/trace?value=${target.sfzh}&keyField=sfzh&pageSize=5`,
        headers: auditor,
      })
      assert.equal(narrowed.json<Page<CallView>>().total, 26)
      const audit = await f.t.db
        .selectFrom('auditEvents')
        .select(['details', 'actorName'])
        .where('action', '=', 'gateway.trace')
        .execute()
      assert.equal(audit.length, 2)
      assert.equal(audit[0]?.actorName, 'gw.auditor')
      assert.ok(!JSON.stringify(audit).includes(target.sfzh), 'the traced number is not in the audit trail')

      const faraway = await f.t.createUser('gw.auditor.cs', '长沙市数据局', ['auditor'], 'Auditor123')
      const none = await f.t.request({
        method: 'GET',
        url: `/api/v1/sharing/trace?value=${target.sfzh}`,
        headers: faraway,
      })
      assert.equal(none.json<Page<CallView>>().total, 0, 'outside the auditor region')
      const steward = await f.t.login('gw.provider', 'Gateway123')
      const refused = await f.t.request({
        method: 'GET',
        url: `/api/v1/sharing/trace?value=x`,
        headers: steward,
      })
      assert.equal(refused.statusCode, 403)
      assert.equal(refused.json<{ code: string }>().code, 'gateway.trace_forbidden')
    })

    test('usage: the provider sees who used its data, the consumer its own use, others nothing', async () => {
      await sleep(f.t.config.gatewayLogFlushMs * 3)
      const provider = await f.t.login('gw.provider', 'Gateway123')
      const consumer = await f.t.createUser('gw.consumer', CONSUMER, ['data_steward'], 'Consumer123')
      const bystander = await f.t.createUser(
        'gw.other',
        '湘潭市人力资源和社会保障局',
        ['data_steward'],
        'Other12345',
      )
      const staff = await f.t.createUser('gw.staff', PROVIDER, ['operator_staff'], 'Staff12345')
      const usage = (headers: Record<string, string>, query = '') =>
        f.t.request({ method: 'GET', url: `/api/v1/sharing/usage${query}`, headers })

      const mine = await usage(provider, '?side=provider')
      assert.equal(mine.statusCode, 200, mine.body)
      const summary = mine.json<{
        totals: { calls: number; denied: number }
        daily: { day: string; calls: number }[]
        byApp: { appName: string; orgName: string; calls: number }[]
        byResource: { resourceCode: string; calls: number }[]
        byStatus: { status: number; calls: number }[]
      }>()
      assert.ok(summary.totals.calls >= 28)
      assert.equal(summary.totals.denied, 1)
      assert.equal(summary.daily.length, 1)
      assert.equal(summary.byApp[0]?.appName, '网关测试应用')
      assert.equal(summary.byApp[0]?.orgName, CONSUMER)
      assert.equal(summary.byResource[0]?.resourceCode, f.resourceCode)
      assert.deepEqual(
        summary.byStatus.map((s) => s.status),
        [200, 400],
      )

      const theirs = await usage(consumer, '?side=consumer')
      assert.equal(theirs.json<{ totals: { calls: number } }>().totals.calls, summary.totals.calls)
      const asProviderSide = await usage(consumer, '?side=provider')
      assert.equal(asProviderSide.json<{ totals: { calls: number } }>().totals.calls, 0)
      assert.equal((await usage(bystander)).json<{ totals: { calls: number } }>().totals.calls, 0)
      assert.equal((await usage(staff)).statusCode, 403)
      assert.equal((await usage(provider, '?from=2026-02-30')).statusCode, 400)

      const calls = await f.t.request({
        method: 'GET',
        url: '/api/v1/sharing/usage/calls?status=400&pageSize=5',
        headers: provider,
      })
      assert.equal(calls.statusCode, 200, calls.body)
      const page = calls.json<Page<CallView>>()
      assert.equal(page.total, 1)
      assert.equal(page.items[0]?.errorCode, 'gateway.field_unknown')
      assert.equal(page.items[0]?.consumerOrgName, CONSUMER)
    })
  })
}
