/**
 * The sandbox on resources mounted to an external PostgreSQL table: the statement runs on that server, read-only,
 * and gives the same aggregates, refusals, budget and log as on hosted data. The external table lives in a
 * scratch database of the PostgreSQL of TEST_DATABASE_URL (on either engine of the platform), its columns named
 * in upper case and its ages stored as text, so the catalog's column mapping and the cast to the declared type are
 * both exercised. Without TEST_DATABASE_URL only the cases that need no external database run (an HTTP mount is
 * refused; the scope listing says which resources are usable).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { testEngines } from '../../../test/support/db.ts'
import { openSandboxFixture, person, populationResource, ROWS, type SandboxFixture } from './fixture.ts'
import { createSandboxScope, type SandboxResult, sandboxScopeFacts } from './index.ts'

const EXTERNAL = process.env.TEST_DATABASE_URL

interface Problem {
  code: string
  detail?: string
}

interface ScopeJson {
  id: string
  resources: { id: string; source: string; usable: boolean; fields: { code: string }[] }[]
}

/** The connection string of another database on the TEST_DATABASE_URL server. */
function databaseUrl(base: string, name: string): string {
  const u = new URL(base)
  u.pathname = `/${name}`
  return u.toString()
}

/** A scratch database with the fixture's 60 people in `people` (upper-case columns, ages as text). */
async function externalPeople(base: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const ext = new pg.Client({ connectionString: databaseUrl(base, name) })
  await ext.connect()
  await ext.query('create schema census')
  await ext.query(
    'create table census.people ("SFZH" text, "XM" text, "QH" text, "XB" text, "NL" text, "SR" numeric(12, 2))',
  )
  for (let i = 0; i < ROWS; i++) {
    const p = person(i)
    await ext.query('insert into census.people values ($1, $2, $3, $4, $5, $6)', [
      p.sfzh,
      p.xm,
      p.qh,
      p.xb,
      String(p.nl),
      p.sr,
    ])
  }
  await ext.end()
}

async function dropDatabase(base: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}

for (const engine of testEngines()) {
  describe(`sandbox on external mounts (${engine})`, () => {
    let f: SandboxFixture
    const scratch: string[] = []
    const query = (scopeId: string, payload: Record<string, unknown>, headers = f.operator) =>
      f.t.request({
        method: 'POST',
        url: '/api/v1/sandbox/queries',
        headers,
        payload: { scopeId, ...payload },
      })
    const scope = async (resourceIds: string[], extra: Record<string, unknown> = {}) =>
      (
        await createSandboxScope(f.t.db, {
          kind: 'operation_project',
          refId: resourceIds[0] ?? '',
          resourceIds,
          label: '外部库人口分析',
          epsilonBudget: 20,
          memberOrgIds: [f.operatorOrgId],
          ...extra,
        })
      ).id
    const mount = async (id: string, payload: Record<string, unknown>) => {
      const res = await f.t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: f.steward,
        payload,
      })
      assert.equal(res.statusCode, 200, res.body)
    }
    const listing = async () => {
      const res = await f.t.request({ method: 'GET', url: '/api/v1/sandbox/scopes', headers: f.operator })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<{ items: ScopeJson[] }>().items
    }

    before(async () => {
      f = await openSandboxFixture(engine)
    })
    after(async () => {
      await f.close()
      for (const name of scratch) if (EXTERNAL) await dropDatabase(EXTERNAL, name)
    })

    test('an HTTP mount is refused with a clear message and is listed as not usable', async () => {
      const api = await populationResource(f.t, f.steward)
      await mount(api.id, { kind: 'http', url: 'https://api.example.gov.cn/people' })
      const scopeId = await scope([f.resource.id, api.id])
      const res = await query(scopeId, { sql: `select count(*) from "${api.code}"` })
      assert.equal(res.statusCode, 409, res.body)
      const problem = res.json<Problem>()
      assert.equal(problem.code, 'sandbox.resource_unavailable')
      assert.match(problem.detail ?? '', /HTTP 接口/)
      const listed = (await listing()).find((s) => s.id === scopeId)
      const byId = new Map(listed?.resources.map((r) => [r.id, r]))
      assert.deepEqual(
        { source: byId.get(api.id)?.source, usable: byId.get(api.id)?.usable },
        { source: 'http', usable: false },
      )
      assert.deepEqual(
        { source: byId.get(f.resource.id)?.source, usable: byId.get(f.resource.id)?.usable },
        { source: 'hosted', usable: true },
      )
    })

    // Only with a PostgreSQL server to mount (TEST_DATABASE_URL); nothing here is skipped silently otherwise.
    if (EXTERNAL)
      describe('from an external PostgreSQL table', () => {
        const base = EXTERNAL
        let ext: { id: string; code: string }
        let scopeId: string
        const run = (payload: Record<string, unknown>) => query(scopeId, payload)
        const refused = async (text: string, code: string, status = 422) => {
          const res = await run({ sql: text })
          assert.equal(res.statusCode, status, `${text}: ${res.body}`)
          assert.equal(res.json<Problem>().code, code, text)
        }

        before(async () => {
          const name = `sandbox_ext_${engine}_${randomBytes(4).toString('hex')}`
          scratch.push(name)
          await externalPeople(base, name)
          ext = await populationResource(f.t, f.steward, { name: '外部人口库' })
          await mount(ext.id, {
            kind: 'postgres',
            url: databaseUrl(base, name),
            schema: 'census',
            table: 'people',
          })
          scopeId = await scope([ext.id])
        })

        test('the scope listing shows the external resource as usable, with its fields', async () => {
          const listed = (await listing()).find((s) => s.id === scopeId)
          const r = listed?.resources[0]
          assert.equal(r?.source, 'external')
          assert.equal(r?.usable, true)
          assert.deepEqual(
            r?.fields.map((x) => x.code),
            ['sfzh', 'xm', 'qh', 'xb', 'nl', 'sr'],
          )
        })

        test('exact aggregates are those of the same data hosted on the platform; groups under k are withheld', async () => {
          const select = 'qh, count(*) AS n, avg(nl), min(nl), max(sr), sum(nl CLAMPED BETWEEN 0 AND 30) AS s'
          const res = await run({
            sql: `SELECT ${select} FROM "${ext.code}" WHERE xb IN ('男', '女') GROUP BY qh`,
          })
          assert.equal(res.statusCode, 200, res.body)
          const r = res.json<SandboxResult>()
          assert.equal(r.suppressedGroups, 2)
          const byDistrict = new Map(r.rows.map((row) => [row[0], row]))
          assert.deepEqual([...byDistrict.keys()].sort(), ['430102', '430302'])
          // People 0..26: 27 people, ages 20..46 (mean 33, min 20), incomes 3000.50 + 10 i; ages over 30 count as 30.
          const first = byDistrict.get('430302')
          assert.equal(first?.[1], 27)
          assert.equal(Number(first?.[2]), 33)
          assert.equal(first?.[3], 20)
          assert.equal(Number(first?.[4]), 3260.5)
          assert.equal(Number(first?.[5]), 20 + 21 + 22 + 23 + 24 + 25 + 26 + 27 + 28 + 29 + 30 * 17)
          assert.ok(!res.body.includes('430302199'), 'no ID number leaves the sandbox')

          const hostedScope = await scope([f.resource.id])
          const hosted = await query(hostedScope, {
            sql: `SELECT ${select} FROM "${f.resource.code}" WHERE xb IN ('男', '女') GROUP BY qh`,
          })
          assert.equal(hosted.statusCode, 200, hosted.body)
          const h = hosted.json<SandboxResult>()
          const sorted = (rows: unknown[][]) =>
            [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
          assert.deepEqual(
            { columns: r.columns, rows: sorted(r.rows), suppressed: r.suppressedGroups },
            { columns: h.columns, rows: sorted(h.rows), suppressed: h.suppressedGroups },
          )
        })

        test('a noisy clamped avg stays within its bounds near the true mean, and the budget is charged', async () => {
          const res = await run({
            sql: `select qh, count(*) as n, avg(nl CLAMPED BETWEEN 0 AND 60) as a from "${ext.code}" group by qh`,
            epsilon: 10,
          })
          assert.equal(res.statusCode, 200, res.body)
          const r = res.json<SandboxResult>()
          assert.equal(r.noisy, true)
          assert.equal(r.suppressedGroups, 0)
          assert.equal(r.epsilonSpent, 10)
          assert.equal(r.epsilonRemaining, 10)
          assert.deepEqual(r.rows.map((row) => row[0]).sort(), ['430102', '430302'])
          for (const [, n, avg] of r.rows) {
            assert.ok(Math.abs(Number(n) - 27) <= 5, `noisy count ${n}`)
            // 430302: ages 20..46, mean 33; 430102: people 27..53, ages 47..59 then 20..33, mean ≈ 39.
            assert.ok(Number(avg) >= 0 && Number(avg) <= 60, `avg ${avg} within the bounds`)
            assert.ok(Math.abs(Number(avg) - 36) <= 12, `avg ${avg} near the true mean`)
          }
          assert.equal((await sandboxScopeFacts(f.t.db, scopeId))?.epsilonSpent, 10)
          const over = await run({ sql: `select count(*) from "${ext.code}"`, epsilon: 11 })
          assert.equal(over.statusCode, 409, over.body)
          assert.equal(over.json<Problem>().code, 'sandbox.budget_exhausted')
        })

        test('exfiltration attempts and unsupported noise are refused exactly as for hosted data', async () => {
          const c = `"${ext.code}"`
          await refused(`SELECT * FROM ${c}`, 'sandbox.select_star')
          await refused(`select xm, sfzh from ${c}`, 'sandbox.not_aggregate')
          await refused(`select sfzh, count(*) from ${c} group by sfzh`, 'sandbox.unique_group')
          // Not declared a key, but unique in fact: the distinct count is read on the external server.
          await refused(`select xm, count(*) from ${c} group by xm`, 'sandbox.unique_group')
          await refused(`select count(*) from ${c} limit 1`, 'sandbox.limit_refused')
          await refused(`select qh, count(*) from ${c} group by qh order by qh`, 'sandbox.limit_refused')
          await refused(`select count(*) from ${c} a join ${c} b on a.sfzh = b.sfzh`, 'sandbox.join_refused')
          await refused(`select count(*) from (select * from ${c}) x`, 'sandbox.subquery_refused')
          await refused(`select count(*) from census.people`, 'sandbox.sql_invalid', 400)
          await refused(`select count(*) from "people"`, 'sandbox.resource_out_of_scope')
          await refused(`select sum(xm) from ${c}`, 'sandbox.column_unknown')
          const noisyMin = await run({ sql: `select min(nl) from ${c}`, epsilon: 1 })
          assert.equal(noisyMin.json<Problem>().code, 'sandbox.dp_unsupported')
          const unbounded = await run({ sql: `select sum(sr) from ${c}`, epsilon: 1 })
          assert.equal(unbounded.json<Problem>().code, 'sandbox.bounds_required')
          // One person alone is a group under k: nothing but the count of withheld groups.
          const one = await run({
            sql: `select count(*), sum(sr) from ${c} where sfzh = '${person(0).sfzh}'`,
          })
          assert.equal(one.statusCode, 200, one.body)
          assert.deepEqual(one.json<SandboxResult>().rows, [])
          assert.equal(one.json<SandboxResult>().suppressedGroups, 1)
          // Refusals spend nothing.
          assert.equal((await sandboxScopeFacts(f.t.db, scopeId))?.epsilonSpent, 10)
        })

        test('exact queries whose filters nest are refused as differencing', async () => {
          const c = `"${ext.code}"`
          const a = await run({ sql: `select count(*), sum(sr) from ${c} where xb = '男'` })
          assert.equal(a.statusCode, 200, a.body)
          await refused(
            `select count(*), sum(sr) from ${c} where xb = '男' and nl <> 21`,
            'sandbox.differencing',
          )
          // Naming the resource by its id instead of its code is the same table to the check.
          await refused(
            `select count(*), sum(sr) from "${ext.id}" where xb = '男' and nl <> 23`,
            'sandbox.differencing',
          )
        })

        test('a scope requiring approval runs the external query when a reviewer approves it', async () => {
          const reviewer = await f.t.createUser('sbx.reviewer', '湘潭市数据局', ['reviewer'], 'Sandbox123')
          const gated = await scope([ext.id], { requiresApproval: true, approverOrgId: f.bureauOrgId })
          const res = await query(gated, { sql: `select xb, count(*) from "${ext.code}" group by xb` })
          assert.equal(res.statusCode, 202, res.body)
          const ok = await f.t.request({
            method: 'POST',
            url: `/api/v1/sandbox/queries/${res.json<SandboxResult>().queryId}/approve`,
            headers: reviewer,
          })
          assert.equal(ok.statusCode, 204, ok.body)
          const log = await f.t.request({
            method: 'GET',
            url: `/api/v1/sandbox/queries?scopeId=${gated}`,
            headers: f.operator,
          })
          const item = log.json<{ items: { status: string; result: { rows: unknown[][] } }[] }>().items[0]
          assert.equal(item?.status, 'done')
          assert.deepEqual(item?.result.rows.sort(), [
            ['女', 30],
            ['男', 30],
          ])
        })

        test('every query is logged and audited, with no connection detail', async () => {
          const log = await f.t.request({
            method: 'GET',
            url: `/api/v1/sandbox/queries?scopeId=${scopeId}&pageSize=200`,
            headers: f.operator,
          })
          assert.equal(log.statusCode, 200, log.body)
          const page = log.json<{ items: { status: string; errorCode: string | null }[]; total: number }>()
          assert.ok(page.items.some((q) => q.status === 'done'))
          assert.ok(page.items.some((q) => q.errorCode === 'sandbox.unique_group'))
          const events = await sql<{ action: string; details: unknown }>`
            select action, details from audit_events where target_id = ${scopeId}`.execute(f.t.db)
          assert.equal(events.rows.length, page.total)
          assert.ok(events.rows.some((e) => e.action === 'sandbox.query_done'))
          assert.ok(!JSON.stringify(events.rows).includes(new URL(base).host))
        })

        test('an unreachable server or a changed table gives a clear problem, never the server or its message', async () => {
          const name = `sandbox_gone_${engine}_${randomBytes(4).toString('hex')}`
          scratch.push(name)
          await externalPeople(base, name)
          const gone = await populationResource(f.t, f.steward, { name: '即将下线的外部库' })
          await mount(gone.id, {
            kind: 'postgres',
            url: databaseUrl(base, name),
            schema: 'census',
            table: 'people',
          })
          const goneScope = await scope([gone.id])
          const text = `select qh, count(*) from "${gone.code}" group by qh`
          assert.equal((await query(goneScope, { sql: text })).statusCode, 200)

          const changed = new pg.Client({ connectionString: databaseUrl(base, name) })
          await changed.connect()
          await changed.query('alter table census.people rename column "QH" to "QHDM"')
          await changed.end()
          const broken = await query(goneScope, { sql: text })
          assert.equal(broken.statusCode, 409, broken.body)
          assert.equal(broken.json<Problem>().code, 'sandbox.resource_unavailable')
          assert.match(broken.json<Problem>().detail ?? '', /外部数据表/)

          await dropDatabase(base, name)
          const down = await query(goneScope, { sql: text, epsilon: 1 })
          assert.equal(down.statusCode, 503, down.body)
          const problem = down.json<Problem>()
          assert.equal(problem.code, 'sandbox.source_unreachable')
          assert.match(problem.detail ?? '', /外部数据库/)
          for (const secret of [new URL(base).host, name, 'postgres://', 'postgresql://', 'does not exist'])
            assert.ok(!down.body.includes(secret), `the problem does not mention ${secret}`)
          assert.equal(
            (await sandboxScopeFacts(f.t.db, goneScope))?.epsilonSpent,
            0,
            'a failure spends nothing',
          )
          const logged = await f.t.request({
            method: 'GET',
            url: `/api/v1/sandbox/queries?scopeId=${goneScope}&status=refused`,
            headers: f.operator,
          })
          const codes = logged.json<{ items: { errorCode: string }[] }>().items.map((q) => q.errorCode)
          assert.deepEqual(codes.sort(), ['sandbox.resource_unavailable', 'sandbox.source_unreachable'])
        })
      })
  })
}
