/**
 * The sandbox (可用不可见) through its HTTP surface and its exported functions: aggregates only, small groups
 * withheld, the exfiltration tricks refused, differencing and budget limits, approval, and the query log.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { testEngines } from '../../../test/support/db.ts'
import { DomainError } from '../../platform/errors.ts'
import { openSandboxFixture, type SandboxFixture } from './fixture.ts'
import { createSandboxScope, runSandboxQuery, type SandboxResult } from './index.ts'

for (const engine of testEngines()) {
  describe(`sandbox on ${engine}`, () => {
    let f: SandboxFixture
    let scopeId: string
    const run = (payload: Record<string, unknown>, headers = f.operator) =>
      f.t.request({
        method: 'POST',
        url: '/api/v1/sandbox/queries',
        headers,
        payload: { scopeId, ...payload },
      })
    const refused = async (text: string, code: string, status = 422) => {
      const res = await run({ sql: text })
      assert.equal(res.statusCode, status, `${text}: ${res.body}`)
      assert.equal(res.json<{ code: string }>().code, code, text)
    }

    before(async () => {
      f = await openSandboxFixture(engine)
      scopeId = (
        await createSandboxScope(f.t.db, {
          kind: 'operation_project',
          refId: f.resource.id,
          resourceIds: [f.resource.id],
          label: '人口分析场景',
          epsilonBudget: 5,
          memberOrgIds: [f.operatorOrgId],
        })
      ).id
    })
    after(() => f.close())

    test('aggregates by district come back exact, and districts of 3 people are withheld (k = 10)', async () => {
      const res = await run({
        sql: `SELECT qh, count(*) AS n, avg(nl), max(sr) FROM "${f.resource.code}" GROUP BY qh`,
      })
      assert.equal(res.statusCode, 200, res.body)
      const r = res.json<SandboxResult>()
      assert.deepEqual(r.columns, ['qh', 'n', 'avg_nl', 'max_sr'])
      assert.equal(r.suppressedGroups, 2)
      assert.equal(r.noisy, false)
      const byDistrict = new Map(r.rows.map((row) => [row[0], row]))
      assert.deepEqual([...byDistrict.keys()].sort(), ['430102', '430302'])
      assert.equal(byDistrict.get('430302')?.[1], 27)
      // People 0..26: ages 20..46, mean 33; incomes 3000.50 + 10 i, max at i = 26.
      assert.equal(Number(byDistrict.get('430302')?.[2]), 33)
      assert.equal(Number(byDistrict.get('430302')?.[3]), 3260.5)
      const raw = JSON.stringify(r)
      assert.ok(!raw.includes('430302199'), 'no ID number leaves the sandbox')
    })

    test('a filter that isolates one person returns nothing but the count of withheld groups', async () => {
      const res = await run({
        sql: `select count(*), sum(sr) from "${f.resource.code}" where sfzh = '430302199001010000X'`,
      })
      assert.equal(res.statusCode, 200, res.body)
      const r = res.json<SandboxResult>()
      assert.deepEqual(r.rows, [])
      assert.equal(r.suppressedGroups, 1)
    })

    test('exfiltration attempts are refused with their own codes', async () => {
      const c = `"${f.resource.code}"`
      await refused(`SELECT * FROM ${c}`, 'sandbox.select_star')
      await refused(`select sum(*) from ${c}`, 'sandbox.select_star')
      await refused(`select xm, sfzh from ${c}`, 'sandbox.not_aggregate')
      await refused(`select sfzh, count(*) from ${c} group by sfzh`, 'sandbox.unique_group')
      // Not declared a key, but unique in fact: caught by distinct count ≈ row count.
      await refused(`select xm, count(*) from ${c} group by xm`, 'sandbox.unique_group')
      await refused(`select qh, nl, count(*) from ${c} group by qh, nl, xb, sr`, 'sandbox.unique_group')
      await refused(`select count(*) from ${c} limit 1`, 'sandbox.limit_refused')
      await refused(`select count(*) from ${c} offset 5`, 'sandbox.limit_refused')
      await refused(`select qh, count(*) from ${c} group by qh order by qh`, 'sandbox.limit_refused')
      await refused(`select count(*) from ${c} a join ${c} b on a.sfzh = b.sfzh`, 'sandbox.join_refused')
      await refused(`select count(*) from ${c}, ${c}`, 'sandbox.join_refused')
      await refused(`select count(*) from (select * from ${c}) x`, 'sandbox.subquery_refused')
      await refused(`select count(*) from ${c} where nl in (select nl from ${c})`, 'sandbox.subquery_refused')
      await refused(`select count(*) from ${c}; drop table x`, 'sandbox.subquery_refused')
      await refused(`select count(*) from ${c} union select count(*) from ${c}`, 'sandbox.subquery_refused')
      await refused(`select count(*) from pg_catalog.pg_user`, 'sandbox.sql_invalid', 400)
      await refused(`select count(*) from "datastore"`, 'sandbox.resource_out_of_scope')
      await refused(`select sum(xm) from ${c}`, 'sandbox.column_unknown')
      await refused(`select count(*) from ${c} where nl = 'abc'`, 'sandbox.sql_invalid', 400)
      await refused(`select count(*) from ${c} where pg_sleep(10) = 1`, 'sandbox.sql_invalid', 400)
      await refused(`select count(*) from ${c} where nl > 1 or 1 = 1`, 'sandbox.sql_invalid', 400)
    })

    test('exact queries whose filters nest are refused as differencing; a rerun is not', async () => {
      const c = `"${f.resource.code}"`
      const a = await run({ sql: `select count(*), sum(sr) from ${c} where xb = '男'` })
      assert.equal(a.statusCode, 200, a.body)
      const again = await run({ sql: `SELECT count(*), sum(sr) FROM ${c} WHERE xb = '男'` })
      assert.equal(again.statusCode, 200, again.body)
      await refused(`select count(*), sum(sr) from ${c} where xb = '男' and nl <> 21`, 'sandbox.differencing')
      await refused(`select count(*), sum(sr) from ${c}`, 'sandbox.differencing')
      await refused(`select avg(nl) as other from ${c} where nl <> 21 and xb = '男'`, 'sandbox.differencing')
      const disjoint = await run({ sql: `select count(*) from ${c} where xb = '女'` })
      assert.equal(disjoint.statusCode, 200, disjoint.body)
    })

    test('noisy queries spend the budget and stop when it is gone', async () => {
      const text = `select qh, count(*) from "${f.resource.code}" group by qh`
      const first = await run({ sql: text, epsilon: 2 })
      assert.equal(first.statusCode, 200, first.body)
      const r = first.json<SandboxResult>()
      assert.equal(r.noisy, true)
      assert.equal(r.epsilonRemaining, 3)
      assert.equal(r.rows.length, 2)
      for (const row of r.rows) assert.ok(Math.abs(Number(row[1]) - 27) <= 15, `noisy count ${row[1]}`)
      assert.equal((await run({ sql: text, epsilon: 2 })).statusCode, 200)
      const third = await run({ sql: text, epsilon: 2 })
      assert.equal(third.statusCode, 409, third.body)
      assert.equal(third.json<{ code: string }>().code, 'sandbox.budget_exhausted')
      const small = await run({ sql: text, epsilon: 1 })
      assert.equal(small.json<SandboxResult>().epsilonRemaining, 0)
      const tooSmall = await run({ sql: text, epsilon: 0.001 })
      assert.equal(tooSmall.statusCode, 400)
    })

    test('only members of the scope may query; every attempt is logged and audited', async () => {
      const res = await run({ sql: `select count(*) from "${f.resource.code}"` }, f.steward)
      assert.equal(res.statusCode, 403)
      const anon = await f.t.request({
        method: 'POST',
        url: '/api/v1/sandbox/queries',
        payload: { scopeId, sql: 'x' },
      })
      assert.equal(anon.statusCode, 401)
      const log = await f.t.request({
        method: 'GET',
        url: `/api/v1/sandbox/queries?scopeId=${scopeId}&pageSize=200`,
        headers: f.operator,
      })
      assert.equal(log.statusCode, 200, log.body)
      const page = log.json<{ items: { status: string; errorCode: string | null }[]; total: number }>()
      assert.ok(page.items.some((q) => q.errorCode === 'sandbox.select_star'))
      assert.ok(page.items.some((q) => q.status === 'done'))
      const events = await sql<{ action: string; n: string }>`
        select action, count(*)::text as n from audit_events where target_id = ${scopeId} group by action`.execute(
        f.t.db,
      )
      const byAction = Object.fromEntries(events.rows.map((e) => [e.action, Number(e.n)]))
      assert.equal(
        (byAction['sandbox.query_done'] ?? 0) + (byAction['sandbox.query_refused'] ?? 0),
        page.total,
      )
      const outsider = await f.t.request({
        method: 'GET',
        url: `/api/v1/sandbox/queries?scopeId=${scopeId}`,
        headers: f.steward,
      })
      assert.equal(outsider.statusCode, 404)
    })

    test('a scope requiring approval queues the query until a reviewer of the approver org approves it', async () => {
      const reviewer = await f.t.createUser('sb.reviewer', '湘潭市数据局', ['reviewer'], 'Sandbox123')
      const gated = await createSandboxScope(f.t.db, {
        kind: 'operation_project',
        refId: f.resource.id,
        resourceIds: [f.resource.id],
        label: '需审批的场景',
        memberOrgIds: [f.operatorOrgId],
        requiresApproval: true,
        approverOrgId: f.bureauOrgId,
      })
      const res = await f.t.request({
        method: 'POST',
        url: '/api/v1/sandbox/queries',
        headers: f.operator,
        payload: { scopeId: gated.id, sql: `select qh, count(*) from "${f.resource.code}" group by qh` },
      })
      assert.equal(res.statusCode, 202, res.body)
      const { queryId } = res.json<SandboxResult>()
      const self = await f.t.request({
        method: 'POST',
        url: `/api/v1/sandbox/queries/${queryId}/approve`,
        headers: f.operator,
      })
      assert.equal(self.statusCode, 404)
      const ok = await f.t.request({
        method: 'POST',
        url: `/api/v1/sandbox/queries/${queryId}/approve`,
        headers: reviewer,
      })
      assert.equal(ok.statusCode, 204, ok.body)
      const twice = await f.t.request({
        method: 'POST',
        url: `/api/v1/sandbox/queries/${queryId}/approve`,
        headers: reviewer,
      })
      assert.equal(twice.statusCode, 409)
      const log = await f.t.request({
        method: 'GET',
        url: `/api/v1/sandbox/queries?scopeId=${gated.id}`,
        headers: f.operator,
      })
      const item = log.json<{ items: { id: string; status: string; result: { rows: unknown[][] } }[] }>()
        .items[0]
      assert.equal(item?.status, 'done')
      assert.equal(item?.result.rows.length, 2)
    })

    test('developers query through the exported function; closed and unknown scopes are refused', async () => {
      const open = await createSandboxScope(f.t.db, {
        kind: 'open_application',
        refId: f.resource.id,
        resourceIds: [f.resource.id],
        label: '有条件开放申请',
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      const actor = { kind: 'developer' as const, id: 'dev-1', name: '开发者甲' }
      const r = await runSandboxQuery(
        { db: f.t.db, config: f.t.config },
        {
          scopeId: open.id,
          sql: `select xb, count(*) from "${f.resource.code}" group by xb`,
          epsilon: 1,
          actor,
        },
      )
      assert.equal(r.status, 'done')
      assert.equal(r.epsilonBudget, f.t.config.sandboxEpsilonBudget)
      const expired = await createSandboxScope(f.t.db, {
        kind: 'open_application',
        refId: f.resource.id,
        resourceIds: [f.resource.id],
        label: '已过期',
        expiresAt: new Date(Date.now() - 1000),
      })
      await assert.rejects(
        runSandboxQuery(
          { db: f.t.db, config: f.t.config },
          { scopeId: expired.id, sql: 'select count(*) from x', actor },
        ),
        (e: unknown) => e instanceof DomainError && e.code === 'sandbox.scope_closed',
      )
      await assert.rejects(
        runSandboxQuery(
          { db: f.t.db, config: f.t.config },
          { scopeId: '00000000-0000-7000-8000-000000000000', sql: 'select count(*) from x', actor },
        ),
        (e: unknown) => e instanceof DomainError && e.status === 404,
      )
      await assert.rejects(
        createSandboxScope(f.t.db, { kind: 'open_application', refId: 'x', resourceIds: [], label: '' }),
        (e: unknown) => e instanceof DomainError && e.code === 'sandbox.scope_invalid',
      )
    })
  })
}
