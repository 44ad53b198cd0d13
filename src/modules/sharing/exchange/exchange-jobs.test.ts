/**
 * Exchange jobs: who may create, see, change, run and delete them, and the refusal of bad settings, each with its
 * own problem code (never a 5xx, never the connection string in an answer).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { type ExchangeFixture, openExchangeFixture } from './test-fixtures.ts'

interface JobJson {
  id: string
  fields: string[]
  maskedFields: string[]
  rowScope: { field: string; regionCode: string } | null
  schedule: string
  cron: string | null
  nextRunAt: string | null
  canManage: boolean
  canRun: boolean
  lastWatermark: string | null
  target: unknown
}

const ALLOWED = '127.0.0.1,localhost,*.example.gov'

/** PostgreSQL timestamptz text (offset in the session's time zone) as an ISO instant. */
const instant = (text: string | null) =>
  text ? new Date(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString() : null

for (const engine of testEngines()) {
  describe(`exchange jobs on ${engine}`, () => {
    let f: ExchangeFixture
    let grantId: string
    let jobId: string
    let reviewer: Record<string, string>
    let consumerAuditor: Record<string, string>

    before(async () => {
      f = await openExchangeFixture(engine, 12, { MOUNT_ALLOWED_HOSTS: ALLOWED })
      grantId = await f.grant({ rowScope: { field: 'xzqh', regionCode: '430300' }, requestId: null })
      reviewer = await f.t.createUser('ex.reviewer', '湘潭市数据局', ['reviewer'], 'Exchange123')
      consumerAuditor = await f.t.createUser('ex.auditor', '湘潭市公安局', ['auditor'], 'Exchange123')
    })
    after(() => f.close())

    const base = () => ({ grantId, name: '户籍人口回流', targetKind: 'file', mode: 'full' })
    const refused = async (body: Record<string, unknown>, status: number, code: string) => {
      const res = await f.createJob(body)
      assert.equal(res.statusCode, status, res.body)
      assert.equal(res.json<{ code: string }>().code, code, res.body)
      return res
    }

    test('a consumer steward creates a file job on its batch grant; personal fields are masked', async () => {
      const res = await f.createJob({ ...base(), fileFormat: 'jsonl', schedule: 'daily' })
      assert.equal(res.statusCode, 201, res.body)
      const job = res.json<JobJson>()
      jobId = job.id
      assert.deepEqual(job.fields, ['sfzh', 'xm', 'sjhm', 'xzqh', 'nl', 'bz', 'gxsj'])
      // Without a reviewed request (unconditional grant), the gateway's rule masks personal data.
      assert.deepEqual(job.maskedFields, ['sfzh', 'xm', 'sjhm'])
      assert.deepEqual(job.rowScope, { field: 'xzqh', regionCode: '430300' })
      assert.equal(job.cron, '0 1 * * *')
      assert.ok(job.nextRunAt && Date.parse(job.nextRunAt) > Date.now())
      assert.ok(job.canManage && job.canRun)
    })

    test('bad settings are refused with their own codes', async () => {
      await refused({ ...base(), schedule: 'cron', cron: '61 * * * *' }, 400, 'exchange.schedule_invalid')
      await refused({ ...base(), schedule: 'cron', cron: '* * * * * *' }, 400, 'exchange.schedule_invalid')
      await refused({ ...base(), schedule: 'cron' }, 400, 'exchange.schedule_invalid')
      await refused({ ...base(), mode: 'incremental' }, 400, 'exchange.watermark_invalid')
      await refused(
        { ...base(), mode: 'incremental', watermarkField: 'nope' },
        400,
        'exchange.watermark_invalid',
      )
      const narrow = await f.grant({ fields: ['sfzh', 'xm', 'gxsj'] })
      await refused(
        { ...base(), grantId: narrow, mode: 'incremental', watermarkField: 'nl' },
        400,
        'exchange.watermark_invalid',
      )
      const outside = await refused(
        { ...base(), grantId: narrow, fields: ['sfzh', 'sjhm'] },
        400,
        'exchange.fields_invalid',
      )
      assert.deepEqual(outside.json<{ notGranted: string[] }>().notGranted, ['sjhm'])
      await refused({ ...base(), regionCode: '430100' }, 400, 'exchange.row_scope_invalid')
      await refused({ ...base(), regionCode: '430321', regionField: 'nl' }, 400, 'exchange.row_scope_invalid')
      await refused(
        { ...base(), grantId: narrow, regionCode: '430321', regionField: 'nl' },
        400,
        'exchange.row_scope_invalid',
      )
      await refused({ ...base(), targetKind: 'postgres', targetTable: 'rk' }, 400, 'exchange.target_invalid')
      await refused(
        { ...base(), targetKind: 'postgres', targetUrl: 'mysql://u:p@127.0.0.1/x', targetTable: 'rk' },
        400,
        'exchange.target_invalid',
      )
      await refused(
        {
          ...base(),
          targetKind: 'postgres',
          targetUrl: 'postgres://u:p@127.0.0.1/x',
          targetTable: '_shuhui_exchange_checkpoints',
        },
        400,
        'exchange.target_invalid',
      )
      await refused({ ...base(), targetKind: 'ftp' }, 400, 'request.invalid')
      await refused({ ...base(), chunkSize: 5 }, 400, 'request.invalid')
      await refused({ ...base(), extra: 1 }, 400, 'request.invalid')
    })

    test('a target outside the allowlist or out of reach is refused before anything is stored', async () => {
      const target = (url: string) => ({
        ...base(),
        targetKind: 'postgres',
        targetUrl: url,
        targetTable: 'rk',
      })
      const denied = await refused(
        target('postgres://u:s3cretPw@evil.example.com/x'),
        422,
        'exchange.target_host_not_allowed',
      )
      assert.ok(!denied.body.includes('s3cretPw'))
      const down = await refused(
        target('postgres://u:s3cretPw@127.0.0.1:1/x'),
        422,
        'exchange.target_unreachable',
      )
      assert.equal(down.json<{ reason: string }>().reason, 'refused')
      assert.ok(!down.body.includes('s3cretPw'))
      const list = await f.t.request({ method: 'GET', url: '/api/v1/exchange/jobs', headers: f.consumer })
      assert.equal(list.json<{ total: number }>().total, 1)
    })

    test('only an active batch or file grant of the consumer org can carry a job', async () => {
      await refused(
        { ...base(), grantId: await f.grant({ deliveryMode: 'api' }) },
        409,
        'exchange.grant_not_batch',
      )
      await refused(
        { ...base(), grantId: await f.grant({ status: 'revoked' }) },
        409,
        'exchange.grant_inactive',
      )
      await refused(
        { ...base(), grantId: await f.grant({ status: 'suspended' }) },
        409,
        'exchange.grant_inactive',
      )
      const expired = await f.grant({
        validFrom: new Date(Date.now() - 86_400_000 * 2),
        validUntil: new Date(Date.now() - 86_400_000),
      })
      await refused({ ...base(), grantId: expired }, 409, 'exchange.grant_inactive')
      const fileOnly = await f.grant({ deliveryMode: 'file' })
      await refused(
        {
          ...base(),
          grantId: fileOnly,
          targetKind: 'postgres',
          targetUrl: 'postgres://u:p@127.0.0.1:1/x',
          targetTable: 'rk',
        },
        400,
        'exchange.target_invalid',
      )
      await refused(
        { ...base(), grantId: '01a202ca-0000-7000-8000-000000000000' },
        404,
        'exchange.grant_not_found',
      )
      for (const headers of [f.provider, f.other, f.county, f.admin]) {
        const res = await f.createJob(base(), headers)
        assert.equal(res.statusCode, 404, res.body)
        assert.equal(res.json<{ code: string }>().code, 'exchange.grant_not_found')
      }
      const auditor = await f.createJob(base(), consumerAuditor)
      assert.equal(auditor.json<{ code: string }>().code, 'exchange.forbidden')
    })

    test('the consumer manages; provider and the bureau over the provider see; others get 404', async () => {
      const get = (headers: Record<string, string>) =>
        f.t.request({ method: 'GET', url: `/api/v1/exchange/jobs/${jobId}`, headers })
      for (const [headers, manage] of [
        [f.consumer, true],
        [f.provider, false],
        [f.admin, false],
      ] as const) {
        const res = await get(headers)
        assert.equal(res.statusCode, 200, res.body)
        assert.equal(res.json<JobJson>().canManage, manage)
      }
      assert.equal((await get(f.admin)).json<JobJson>().canRun, true, 'the province bureau admin may re-run')
      assert.equal((await get(f.provider)).json<JobJson>().canRun, false)
      for (const headers of [f.other, f.county, reviewer, consumerAuditor]) {
        const res = await get(headers)
        assert.equal(res.statusCode, 404, res.body)
        assert.equal(res.json<{ code: string }>().code, 'exchange.job_not_found')
      }
      const list = async (headers: Record<string, string>, role = 'all') =>
        (await f.t.request({ method: 'GET', url: `/api/v1/exchange/jobs?role=${role}`, headers })).json<{
          total: number
        }>().total
      assert.equal(await list(f.consumer), 1)
      assert.equal(await list(f.consumer, 'provider'), 0)
      assert.equal(await list(f.provider, 'provider'), 1)
      assert.equal(await list(f.admin), 1)
      assert.equal(await list(f.other), 0)
      assert.equal(await list(consumerAuditor), 0)
      const patch = (headers: Record<string, string>) =>
        f.t.request({
          method: 'PATCH',
          url: `/api/v1/exchange/jobs/${jobId}`,
          headers,
          payload: { name: '改名' },
        })
      assert.equal((await patch(f.provider)).json<{ code: string }>().code, 'exchange.forbidden')
      assert.equal((await patch(f.other)).statusCode, 404)
      const run = (headers: Record<string, string>) =>
        f.t.request({ method: 'POST', url: `/api/v1/exchange/jobs/${jobId}/run`, headers })
      assert.equal((await run(f.provider)).statusCode, 403)
      assert.equal((await run(f.other)).statusCode, 404)
      const del = await f.t.request({
        method: 'DELETE',
        url: `/api/v1/exchange/jobs/${jobId}`,
        headers: f.provider,
      })
      assert.equal(del.statusCode, 403)
    })

    test('changing the schedule keeps the watermark; changing the delivery resets it; delete hides the job', async () => {
      const created = await f.createJob({ ...base(), mode: 'incremental', watermarkField: 'gxsj' })
      assert.equal(created.statusCode, 201, created.body)
      const id = created.json<JobJson>().id
      const run = await f.run(id)
      assert.equal(run.status, 'succeeded')
      const url = `/api/v1/exchange/jobs/${id}`
      const cron = await f.t.request({
        method: 'PATCH',
        url,
        headers: f.consumer,
        payload: { schedule: 'cron', cron: '30 2 * * 1-5' },
      })
      assert.equal(cron.statusCode, 200, cron.body)
      const afterCron = cron.json<JobJson>()
      assert.equal(afterCron.cron, '30 2 * * 1-5')
      assert.equal(instant(afterCron.lastWatermark), '2025-03-01T08:00:00.000Z')
      const bad = await f.t.request({ method: 'PATCH', url, headers: f.consumer, payload: { cron: 'nope' } })
      assert.equal(bad.json<{ code: string }>().code, 'exchange.schedule_invalid')
      const narrowed = await f.t.request({
        method: 'PATCH',
        url,
        headers: f.consumer,
        payload: { fields: ['sfzh', 'xzqh', 'gxsj'], regionCode: '430321' },
      })
      assert.equal(narrowed.statusCode, 200, narrowed.body)
      const job = narrowed.json<JobJson>()
      assert.equal(job.lastWatermark, null)
      assert.deepEqual(job.rowScope, { field: 'xzqh', regionCode: '430321' })
      const del = await f.t.request({ method: 'DELETE', url, headers: f.consumer })
      assert.equal(del.statusCode, 204)
      assert.equal((await f.t.request({ method: 'GET', url, headers: f.consumer })).statusCode, 404)
      const events = await f.t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=exchange.job_delete',
        headers: f.admin,
      })
      assert.equal(events.json<{ total: number }>().total, 1)
    })

    test('the grant picker lists the consumer org’s batch and file grants in force, with masked fields', async () => {
      const res = await f.t.request({ method: 'GET', url: '/api/v1/exchange/grants', headers: f.consumer })
      assert.equal(res.statusCode, 200, res.body)
      const items = res.json<{
        items: { id: string; deliveryMode: string; fields: { code: string; masked: boolean }[] }[]
      }>().items
      assert.ok(items.some((g) => g.id === grantId))
      assert.ok(items.every((g) => g.deliveryMode === 'batch' || g.deliveryMode === 'file'))
      const mine = items.find((g) => g.id === grantId)
      assert.deepEqual(
        mine?.fields.filter((x) => x.masked).map((x) => x.code),
        ['sfzh', 'xm', 'sjhm'],
      )
      const other = await f.t.request({ method: 'GET', url: '/api/v1/exchange/grants', headers: f.other })
      assert.equal(other.json<{ items: unknown[] }>().items.length, 0)
    })
  })
}
