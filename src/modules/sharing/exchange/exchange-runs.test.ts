/**
 * Runs to file targets: full and incremental delivery, the row scope of 回流 / 直达基层, masking, progress, grants
 * revoked mid-run, downloads by the consumer and its app, and scheduled runs.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { testEngines } from '../../../../test/support/db.ts'
import { maskValue } from '../../catalog/index.ts'
import { t as st } from '../store.ts'
import { executeRun } from './execute.ts'
import { fireDueJobs } from './schedule.ts'
import { type ExchangeFixture, openExchangeFixture, type Person, person } from './test-fixtures.ts'

const ROWS = 240
const inCity = (p: Person) => p.xzqh.startsWith('4303')
const people = (from: number, to: number, updated?: string) =>
  Array.from({ length: to - from + 1 }, (_, k) => person(from + k, updated))

async function registerApp(f: ExchangeFixture, name: string) {
  const reg = await f.t.request({
    method: 'POST',
    url: '/api/v1/apps',
    headers: f.admin,
    payload: { orgId: f.consumerOrgId, name },
  })
  assert.equal(reg.statusCode, 201, reg.body)
  const { app, clientSecret } = reg.json<{ app: { id: string; clientId: string }; clientSecret: string }>()
  const tok = await f.t.request({
    method: 'POST',
    url: '/api/v1/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: clientSecret },
  })
  assert.equal(tok.statusCode, 200, tok.body)
  return {
    appId: app.id,
    bearer: { authorization: `Bearer ${tok.json<{ access_token: string }>().access_token}` },
  }
}

for (const engine of testEngines()) {
  describe(`exchange runs to files on ${engine}`, () => {
    let f: ExchangeFixture
    const scope = { field: 'xzqh', regionCode: '430300' }
    const job = async (body: Record<string, unknown>, headers = f.consumer) => {
      const res = await f.createJob(
        { name: '户籍人口回流', targetKind: 'file', chunkSize: 100, ...body },
        headers,
      )
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string }>().id
    }

    before(async () => {
      f = await openExchangeFixture(engine, ROWS)
    })
    after(() => f.close())

    test('a full run delivers exactly the rows of the city (回流), in CSV chunks, with progress', async () => {
      const grantId = await f.grant({ rowScope: scope })
      const id = await job({ grantId, mode: 'full', fileFormat: 'csv' })
      const run = await f.run(id)
      const expected = people(1, ROWS).filter(inCity)
      assert.equal(run.status, 'succeeded', run.errorCode ?? '')
      assert.equal(run.rowsTotal, expected.length)
      assert.equal(run.rowsDone, expected.length)
      assert.equal(run.percent, 100)
      assert.equal(run.chunksDone, 2)
      assert.equal(run.fileCount, 2)
      assert.ok((run.rowsPerSecond ?? 0) > 0)
      const rows = await f.fileRows(run.id)
      // Reviewed grant (approved request on a conditional resource): ungraded personal fields are clear.
      const bySfzh = new Map(rows.map((r) => [r.sfzh, r]))
      assert.equal(bySfzh.size, rows.length, 'no duplicates')
      assert.deepEqual([...bySfzh.keys()].sort(), expected.map((p) => p.sfzh).sort())
      for (const p of expected) {
        const got = bySfzh.get(p.sfzh)
        assert.deepEqual(got, { ...p }, `row of ${p.sfzh}`)
      }
      const audit = await f.t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=exchange.file_download',
        headers: f.admin,
      })
      assert.equal(audit.json<{ total: number }>().total, 2)
    })

    test('an incremental run delivers only rows above the last watermark (new and changed)', async () => {
      const grantId = await f.grant({ rowScope: scope })
      const id = await job({ grantId, mode: 'incremental', watermarkField: 'gxsj', fileFormat: 'jsonl' })
      const first = await f.run(id)
      assert.equal(first.rowsDone, people(1, ROWS).filter(inCity).length)
      const later = '2025-06-01T00:00:00.000Z'
      const changed = [3, 4, 5].map((i) => ({ ...person(i, later), nl: '99' }))
      const added = people(ROWS + 1, ROWS + 30, later)
      const bySfzh = new Map(changed.map((c) => [c.sfzh, c]))
      await f.load([...people(1, ROWS).map((p) => bySfzh.get(p.sfzh) ?? p), ...added])
      const second = await f.run(id)
      assert.equal(second.status, 'succeeded', second.errorCode ?? '')
      const rows = await f.fileRows(second.id)
      const expected = [...changed, ...added].filter(inCity)
      assert.equal(rows.length, expected.length)
      assert.deepEqual(rows.map((r) => r.sfzh).sort(), expected.map((p) => p.sfzh).sort())
      const sample = rows.find((r) => r.sfzh === expected[0]?.sfzh)
      assert.equal(typeof sample?.nl, 'number', 'JSON Lines keep integers as numbers')
      assert.equal(sample?.gxsj, later)
      const third = await f.run(id)
      assert.equal(third.status, 'succeeded')
      assert.equal(third.rowsDone, 0)
      assert.equal(third.fileCount, 0)
      await f.load(people(1, ROWS))
    })

    test('直达基层: a county grant, or a city job narrowed to the county, gets only the county’s rows', async () => {
      const county = await f.grant({
        consumerOrgId: f.countyOrgId,
        consumerRegionCode: '430321',
        rowScope: { field: 'xzqh', regionCode: '430321' },
      })
      const countyJob = await job({ grantId: county, mode: 'full' }, f.county)
      const countyRun = await f.run(countyJob, f.county)
      const expected = people(1, ROWS).filter((p) => p.xzqh === '430321')
      assert.equal(countyRun.rowsDone, expected.length)
      const rows = await f.fileRows(countyRun.id, f.county)
      assert.ok(rows.every((r) => r.xzqh === '430321'))
      const narrowed = await job({
        grantId: await f.grant({ rowScope: scope }),
        mode: 'full',
        regionCode: '430321',
      })
      assert.equal((await f.run(narrowed)).rowsDone, expected.length)
      const unscoped = await job({
        grantId: await f.grant(),
        mode: 'full',
        regionCode: '430102',
        regionField: 'xzqh',
      })
      assert.equal(
        (await f.run(unscoped)).rowsDone,
        people(1, ROWS).filter((p) => p.xzqh === '430102').length,
      )
    })

    test('without a reviewed request personal fields arrive masked like the gateway masks them', async () => {
      const id = await job({ grantId: await f.grant({ rowScope: scope, requestId: null }), mode: 'full' })
      const run = await f.run(id)
      const rows = await f.fileRows(run.id)
      const p = person(3)
      const got = rows.find((r) => r.bz === p.bz)
      assert.equal(got?.sfzh, maskValue('id_number', p.sfzh))
      assert.equal(got?.xm, maskValue('person_name', p.xm))
      assert.equal(got?.sjhm, maskValue('phone', p.sjhm))
      assert.equal(got?.nl, p.nl)
      assert.equal(
        new Set(rows.map((r) => r.bz)).size,
        run.rowsDone,
        'masked keys still deliver every row once',
      )
    })

    test('a grant revoked mid-run stops it after the chunk under way; reinstated, the run resumes', async () => {
      const grantId = await f.grant()
      const id = await job({ grantId, mode: 'full' })
      const start = await f.t.request({
        method: 'POST',
        url: `/api/v1/exchange/jobs/${id}/run`,
        headers: f.consumer,
      })
      const runId = start.json<{ id: string }>().id
      const revoke = async (status: 'revoked' | 'active') => {
        await st(f.t.db).updateTable('grants').set({ status }).where('id', '=', grantId).execute()
      }
      const stopped = await executeRun(f.t.db, f.t.config, runId, {
        onChunkWritten: (chunks) => (chunks === 1 ? revoke('revoked') : undefined),
      })
      assert.deepEqual(stopped, { status: 'failed', code: 'exchange.grant_inactive', retryable: false })
      const failed = await f.t.request({
        method: 'GET',
        url: `/api/v1/exchange/runs/${runId}`,
        headers: f.consumer,
      })
      assert.equal(failed.json<{ rowsDone: number }>().rowsDone, 200, 'stopped after the chunk under way')
      const refused = await f.t.request({
        method: 'GET',
        url: `/api/v1/exchange/runs/${runId}/files/part-000001.csv.gz`,
        headers: f.consumer,
      })
      assert.equal(refused.json<{ code: string }>().code, 'exchange.grant_inactive')
      const again = await f.t.request({
        method: 'POST',
        url: `/api/v1/exchange/jobs/${id}/run`,
        headers: f.consumer,
      })
      assert.equal(again.json<{ code: string }>().code, 'exchange.grant_inactive')
      await revoke('active')
      const resumed = await f.run(id)
      assert.equal(resumed.id, runId, 'the failed run resumes')
      assert.equal(resumed.status, 'succeeded')
      const rows = await f.fileRows(runId)
      assert.equal(rows.length, ROWS)
      assert.equal(new Set(rows.map((r) => r.sfzh)).size, ROWS)
    })

    test('the grant’s app downloads the files; the provider sees progress but not the data', async () => {
      const app = await registerApp(f, '交换文件接收')
      const otherApp = await registerApp(f, '其他应用')
      const id = await job({ grantId: await f.grant({ rowScope: scope, appId: app.appId }), mode: 'full' })
      const run = await f.run(id)
      assert.equal((await f.fileRows(run.id, app.bearer)).length, run.rowsDone)
      const url = `/api/v1/exchange/runs/${run.id}`
      assert.equal((await f.t.request({ method: 'GET', url, headers: otherApp.bearer })).statusCode, 404)
      assert.equal((await f.t.request({ method: 'GET', url, headers: f.provider })).statusCode, 200)
      const download = await f.t.request({
        method: 'GET',
        url: `${url}/files/part-000001.csv.gz`,
        headers: f.provider,
      })
      assert.equal(download.json<{ code: string }>().code, 'exchange.forbidden')
      const missing = await f.t.request({
        method: 'GET',
        url: `${url}/files/part-000009.csv.gz`,
        headers: f.consumer,
      })
      assert.equal(missing.json<{ code: string }>().code, 'exchange.file_not_found')
      assert.equal(
        (await f.t.request({ method: 'GET', url: `${url}/files/..%2Fx`, headers: f.consumer })).statusCode,
        400,
      )
    })

    test('a scheduled job fires once per slot, through the job runner', async () => {
      const id = await job({ grantId: await f.grant({ rowScope: scope }), mode: 'full', schedule: 'hourly' })
      await st(f.t.db)
        .updateTable('exchangeJobs')
        .set({ nextRunAt: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute()
      assert.equal(await fireDueJobs(f.t.db), 1)
      assert.equal(await fireDueJobs(f.t.db), 0, 'the slot moved on')
      while ((await f.runner.runDue()) > 0) {}
      const runs = await f.t.request({
        method: 'GET',
        url: `/api/v1/exchange/jobs/${id}/runs`,
        headers: f.consumer,
      })
      const items = runs.json<{ items: { trigger: string; status: string; rowsDone: number }[] }>().items
      assert.deepEqual(
        items.map((r) => [r.trigger, r.status, r.rowsDone]),
        [['schedule', 'succeeded', people(1, ROWS).filter(inCity).length]],
      )
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from exchange_jobs
        where id = ${id} and next_run_at > now()`.execute(f.t.db)
      assert.equal(rows[0]?.n, 1)
    })
  })
}
