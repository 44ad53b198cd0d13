import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { JobRunner } from '../../../platform/jobs/index.ts'
import { registerCatalogJobs } from './jobs.ts'
import { provideMountColumns } from './mount-columns.ts'
import { type Fixture, fixture, type Headers, resourceBody } from './test-fixtures.ts'
import { resourceScore } from './vocabulary.ts'

interface Finding {
  resourceId: string
  resourceCode: string
  orgId: string
  regionCode: string
  check: string
  checkLabel: string
  severity: string
  messageZh: string
}
interface PageOf<T> {
  items: T[]
  total: number
}
interface Score {
  orgId: string
  orgName: string
  resourceCount: number
  errorCount: number
  warningCount: number
  score: number
}

for (const engine of testEngines()) {
  describe(`catalog checks on ${engine}`, () => {
    let t: TestApp
    let f: Fixture
    let steward: Headers
    let hrSteward: Headers
    let reviewer: Headers
    let farReviewer: Headers
    let auditor: Headers
    const ids = new Map<string, string>()
    const id = (name: string): string => {
      const value = ids.get(name)
      assert.ok(value, name)
      return value
    }

    /** Puts a resource into a state validation no longer allows or only the mount module sets. */
    const legacy = (rid: string, set: string) =>
      sql.raw(`update resources set ${set} where id = '${rid}'`).execute(t.db)
    const mounted = (rid: string, daysAgo: number) =>
      legacy(rid, `mount_status = 'mounted', last_data_update_at = now() - interval '${daysAgo} days'`)

    const run = async (headers: Headers, payload: object = {}) =>
      t.request({ method: 'POST', url: '/api/v1/catalog/checks/run', headers, payload })
    const findings = async (headers: Headers, query = '') => {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/catalog/checks?pageSize=200${query}`,
        headers,
      })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<PageOf<Finding>>()
    }
    const checksOf = (all: Finding[], id: string | undefined) =>
      all
        .filter((x) => x.resourceId === id)
        .map((x) => x.check)
        .sort()

    before(async () => {
      t = await createTestApp(engine)
      f = await fixture(t)
      steward = await f.user('k.steward', '湘潭市公安局', ['data_steward'])
      hrSteward = await f.user('k.hr', '湘潭市人力资源和社会保障局', ['data_steward'])
      reviewer = await f.user('k.reviewer', '湘潭市数据局', ['reviewer'])
      farReviewer = await f.user('k.far', '长沙市数据局', ['reviewer'])
      auditor = await f.user('k.auditor', '湘潭市数据局', ['auditor'])

      const make = async (
        key: string,
        who: Headers,
        extra: Record<string, unknown> = {},
        publish = false,
      ) => {
        const r = await f.create(who, resourceBody(key, extra))
        ids.set(key, r.id)
        if (publish) await f.publish(r.id, who, reviewer)
        return r
      }
      // Clean: published, mounted, fresh data, every field typed and sized.
      await make('干净资源', steward, {}, true)
      await mounted(id('干净资源'), 0)
      await make('缺元数据', steward, { summary: '', shareMethod: '', className: '' })
      await make('条件缺失', steward)
      await legacy(id('条件缺失'), `share_condition = '  '`)
      await make('开放条件占位', steward, { openType: 'conditional', openCondition: '无' })
      await make('重名资源', steward)
      await make('重名 资源', steward)
      await make('代码甲', steward, { code: '101001/000777' })
      await make('代码乙', steward, { code: '101001/777' })
      const element = (authoritative: boolean) => ({
        fields: [
          {
            name: '统一社会信用代码',
            code: 'tyshxydm',
            dataType: 'string',
            length: 18,
            elementCode: 'DE09999',
            authoritative,
          },
        ],
      })
      await make('权威来源甲', steward, element(true))
      await make('权威来源乙', hrSteward, element(true))
      await make('非权威引用', hrSteward, element(false))
      await make('缺长度', steward, {
        fields: [
          { name: '名称', code: 'mc', dataType: 'string' },
          { name: '金额', code: 'je', dataType: 'decimal' },
          { name: '日期', code: 'rq', dataType: 'date' },
        ],
      })
      await make('未挂接', steward, {}, true)
      await make('过期数据', steward, { updateFrequency: 'daily' }, true)
      await mounted(id('过期数据'), 10)
      await make('不定期数据', steward, { updateFrequency: 'irregular' }, true)
      await mounted(id('不定期数据'), 400)
      await make('列不一致', steward, {}, true)
      await mounted(id('列不一致'), 0)
      await make('已下线重名', steward, {}, true)
      await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id('已下线重名')}/retire`,
        headers: reviewer,
      })
      // Scores: one clean resource and one with an error and a warning in the HR bureau.
      await make('人社干净', hrSteward, {}, true)
      await mounted(id('人社干净'), 0)
    })
    after(async () => {
      provideMountColumns(null)
      await t.close()
    })

    test('each check fires on its crafted resource and not on the clean one', async () => {
      provideMountColumns(async (_db, resourceIds) => {
        const out = new Map<string, string[]>()
        const odd = id('列不一致')
        for (const rid of resourceIds) out.set(rid, rid === odd ? ['xm', 'extra_col'] : ['xm', 'csrq'])
        return out
      })
      const res = await run(reviewer)
      assert.equal(res.statusCode, 201, res.body)
      const summary = res.json<{
        resourceCount: number
        issueCount: number
        byCheck: Record<string, number>
        regionPrefix: string
      }>()
      assert.equal(summary.regionPrefix, '4303')
      assert.ok(summary.issueCount > 0)
      const all = (await findings(reviewer)).items
      assert.deepEqual(checksOf(all, id('干净资源')), [])
      assert.deepEqual(checksOf(all, id('人社干净')), [])
      assert.deepEqual(checksOf(all, id('缺元数据')), ['missing_metadata'])
      const missing = all.find((x) => x.resourceId === id('缺元数据'))
      assert.match(missing?.messageZh ?? '', /信息资源摘要.*分类名称.*共享方式/)
      assert.equal(missing?.checkLabel, '核心元数据缺失')
      assert.deepEqual(checksOf(all, id('条件缺失')), ['condition_missing'])
      assert.deepEqual(checksOf(all, id('开放条件占位')), ['condition_missing'])
      assert.deepEqual(checksOf(all, id('重名资源')), ['duplicate_name'])
      assert.deepEqual(checksOf(all, id('重名 资源')), ['duplicate_name'])
      assert.deepEqual(checksOf(all, id('代码甲')), ['duplicate_code'])
      assert.deepEqual(checksOf(all, id('代码乙')), ['duplicate_code'])
      assert.deepEqual(checksOf(all, id('权威来源甲')), ['element_multi_source'])
      assert.deepEqual(checksOf(all, id('权威来源乙')), ['element_multi_source'])
      assert.deepEqual(checksOf(all, id('非权威引用')), [])
      assert.deepEqual(checksOf(all, id('缺长度')), ['field_type_incomplete'])
      assert.match(all.find((x) => x.resourceId === id('缺长度'))?.messageZh ?? '', /mc、je$/)
      assert.deepEqual(checksOf(all, id('未挂接')), ['published_unmounted'])
      assert.deepEqual(checksOf(all, id('过期数据')), ['stale'])
      assert.deepEqual(checksOf(all, id('不定期数据')), [], 'irregular updates are never stale')
      assert.deepEqual(checksOf(all, id('列不一致')), ['mount_columns_mismatch'])
      assert.match(all.find((x) => x.resourceId === id('列不一致'))?.messageZh ?? '', /csrq.*extra_col/)
      assert.deepEqual(checksOf(all, id('已下线重名')), [], 'retired resources are not checked')
      assert.equal(summary.issueCount, all.length)
      const byCode = await findings(reviewer, '&check=duplicate_code')
      assert.equal(byCode.total, 2)
      const errors = await findings(reviewer, '&severity=error')
      assert.ok(errors.items.every((x) => x.severity === 'error'))
    })

    test('without the mount module the column check is left out', async () => {
      provideMountColumns(null)
      await run(reviewer)
      const all = (await findings(reviewer)).items
      assert.deepEqual(checksOf(all, id('列不一致')), [])
    })

    test('scores per org: the average of 100 − weighted findings per resource', async () => {
      // The HR bureau: 人社干净 (100), 权威来源乙 (one error: 75), 非权威引用 (100) → 91.7.
      const hrOrg = await f.orgId('湘潭市人力资源和社会保障局')
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/catalog/checks/scores?orgId=${hrOrg}`,
        headers: reviewer,
      })
      assert.equal(res.statusCode, 200, res.body)
      const [hr] = res.json<PageOf<Score>>().items
      assert.equal(hr?.resourceCount, 3)
      assert.equal(hr?.errorCount, 1)
      assert.equal(hr?.score, Math.round(((100 + resourceScore(['error']) + 100) / 3) * 10) / 10)
      assert.equal(hr?.score, 91.7)
      assert.equal(hr?.orgName, '湘潭市人力资源和社会保障局')
      const all = await t.request({ method: 'GET', url: '/api/v1/catalog/checks/scores', headers: reviewer })
      const scores = all.json<PageOf<Score>>().items.map((s) => s.score)
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => a - b),
        'worst first',
      )
    })

    test('scoping: stewards see and run their org, reviewers their region, others nothing', async () => {
      const policeOrg = await f.orgId('湘潭市公安局')
      const hrOrg = await f.orgId('湘潭市人力资源和社会保障局')
      const mine = (await findings(hrSteward)).items
      assert.ok(mine.length > 0 && mine.every((x) => x.orgId === hrOrg))
      assert.equal((await findings(farReviewer)).total, 0, 'another region sees none of these')
      assert.equal((await findings(hrSteward, `&orgId=${policeOrg}`)).total, 0)
      const forbidden = await t.request({ method: 'GET', url: '/api/v1/catalog/checks', headers: auditor })
      assert.equal(forbidden.statusCode, 403)
      assert.equal(forbidden.json<{ code: string }>().code, 'catalog.checks_forbidden')
      assert.equal((await run(auditor)).statusCode, 403)
      assert.equal((await run(hrSteward, { orgId: policeOrg })).statusCode, 403)
      assert.equal((await run(farReviewer, { regionCode: '430300' })).statusCode, 403)
      assert.equal((await run(farReviewer, { orgId: policeOrg })).statusCode, 403)
      const unknown = await run(reviewer, { orgId: '01a202ca-0000-7000-8000-000000000000' })
      assert.equal(unknown.json<{ code: string }>().code, 'catalog.checks_scope_invalid')
      // A steward's run replaces its own org's findings only.
      const before = (await findings(reviewer)).total
      const own = await run(hrSteward)
      assert.equal(own.statusCode, 201, own.body)
      assert.equal(own.json<{ orgId: string }>().orgId, hrOrg)
      assert.equal((await findings(reviewer)).total, before)
      const byOrg = await run(reviewer, { orgId: hrOrg })
      assert.equal(byOrg.statusCode, 201)
      // A far reviewer's own region run leaves Xiangtan's findings alone.
      assert.equal((await run(farReviewer)).statusCode, 201)
      assert.equal((await findings(reviewer)).total, before)
    })

    test('the nightly job is registered and runs the whole province through the runner', async () => {
      const runner = new JobRunner(t.db)
      await registerCatalogJobs(runner, t.db)
      const schedule = await t.db
        .selectFrom('jobSchedules')
        .select(['cron', 'queue'])
        .where('name', '=', 'catalog.checks.nightly')
        .executeTakeFirstOrThrow()
      assert.deepEqual(schedule, { cron: '30 2 * * *', queue: 'catalog.checks' })
      await t.db
        .updateTable('jobSchedules')
        // A JS date: millisecond precision, like the slot the runner compares and sets.
        .set({ nextRunAt: new Date(Date.now() - 60_000) })
        .where('name', '=', 'catalog.checks.nightly')
        .execute()
      await legacy(id('干净资源'), `summary = ''`)
      assert.equal(await runner.runDue(), 1)
      const job = await t.db
        .selectFrom('jobs')
        .select(['status', 'lastError'])
        .where('queue', '=', 'catalog.checks')
        .executeTakeFirstOrThrow()
      assert.equal(job.status, 'done', job.lastError ?? '')
      const runs = await sql<{ trigger: string; regionPrefix: string }>`
        select trigger, region_prefix from catalog_check_runs order by started_at desc limit 1`.execute(t.db)
      assert.deepEqual(runs.rows[0], { trigger: 'nightly', regionPrefix: '' })
      assert.deepEqual(checksOf((await findings(reviewer)).items, id('干净资源')), ['missing_metadata'])
      const audit = await t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=catalog.checks_run&pageSize=50',
        headers: f.admin,
      })
      assert.ok(audit.json<PageOf<{ action: string }>>().items.some((e) => e.action === 'catalog.checks_run'))
    })
  })
}
