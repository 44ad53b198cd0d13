/**
 * Test set-up of the exchange tests (not itself a test): a provincial population resource of 湖南省公安厅 mounted in
 * the datastore with people of Xiangtan city, Xiangtan county and Changsha; stewards of the provider, of a city
 * consumer (湘潭市公安局) and of a county consumer (湘潭县数据中心); grants inserted directly (the grant service
 * belongs to the requests part); a job runner with the exchange handlers.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import type { Engine } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { JobRunner } from '../../../platform/jobs/index.ts'
import type { RowScope } from '../grants-table.ts'
import { t as st } from '../store.ts'
import { registerExchangeJobs } from './jobs.ts'

export const PROVIDER = '湖南省公安厅'
export const CONSUMER = '湘潭市公安局'
export const COUNTY = '湘潭县数据中心'
export const OTHER = '湘潭市市场监督管理局'

export const exchangeResource = (name: string) => ({
  name,
  summary: '全省人口基本信息，供库表交换测试。',
  category: 'base',
  classCode: '101001',
  className: '基础信息资源/人口/户籍',
  format: 'database',
  shareType: 'conditional',
  shareCondition: '用于政务服务身份核验',
  shareMethod: '共享平台',
  openType: 'closed',
  updateFrequency: 'daily',
  fields: [
    { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    { name: '手机号码', code: 'sjhm', dataType: 'string', length: 11 },
    { name: '行政区划', code: 'xzqh', dataType: 'string', length: 12 },
    { name: '年龄', code: 'nl', dataType: 'integer' },
    { name: '备注', code: 'bz', dataType: 'string', length: 200 },
    { name: '更新时间', code: 'gxsj', dataType: 'datetime' },
  ],
})

export const FIELDS = ['sfzh', 'xm', 'sjhm', 'xzqh', 'nl', 'bz', 'gxsj'] as const
export type Person = Record<(typeof FIELDS)[number], string>

const REGIONS = ['430302', '430321', '430102'] as const

/** Person i: regions cycle Xiangtan city (Yuhu), Xiangtan county, Changsha; some notes need CSV quoting. */
export function person(i: number, updated = '2025-03-01T08:00:00.000Z'): Person {
  const region = REGIONS[i % 3] as string
  return {
    sfzh: `${region}1990${String((i % 12) + 1).padStart(2, '0')}01${String(i).padStart(4, '0')}`.slice(0, 18),
    xm: `测试${String.fromCharCode(0x4e00 + (i % 500))}${i}`,
    sjhm: `139${String(i).padStart(8, '0')}`,
    xzqh: region,
    nl: String(20 + (i % 60)),
    bz: i % 7 === 0 ? `备注"${i}", 含逗号` : `备注${i}`,
    gxsj: updated,
  }
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

export function csvOf(people: readonly Person[]): string {
  const lines = [FIELDS.join(','), ...people.map((p) => FIELDS.map((f) => csvCell(p[f])).join(','))]
  return `${lines.join('\r\n')}\r\n`
}

export function multipart(fileName: string, content: string) {
  const boundary = `----shuhui${randomBytes(8).toString('hex')}`
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }
}

export interface GrantValues {
  appId: string
  consumerOrgId: string
  consumerRegionCode: string
  fields: string[]
  deliveryMode: 'api' | 'batch' | 'file'
  validFrom: Date
  validUntil: Date
  status: 'active' | 'suspended' | 'revoked'
  rowScope: RowScope | null
  requestId: string | null
}

export interface ExchangeFixture {
  t: TestApp
  admin: Record<string, string>
  provider: Record<string, string>
  consumer: Record<string, string>
  county: Record<string, string>
  other: Record<string, string>
  providerOrgId: string
  consumerOrgId: string
  countyOrgId: string
  resourceId: string
  resourceCode: string
  dataDir: string
  runner: JobRunner
  /** Replaces the resource's data with these people (a file upload through the catalog). */
  load(people: readonly Person[]): Promise<void>
  grant(values?: Partial<GrantValues>): Promise<string>
  createJob(body: Record<string, unknown>, headers?: Record<string, string>): ReturnType<TestApp['request']>
  /** POST …/run, then lets the job runner work until the queue is empty; returns the run as the API shows it. */
  run(jobId: string, headers?: Record<string, string>): Promise<RunJson>
  /** Rows of every file of a file run, parsed (CSV as string cells, JSON Lines as objects). */
  fileRows(runId: string, headers?: Record<string, string>): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

export interface RunJson {
  id: string
  status: string
  rowsTotal: number | null
  rowsDone: number
  chunksDone: number
  percent: number | null
  rowsPerSecond: number | null
  errorCode: string | null
  fileCount: number
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else if (c !== '\r') cell += c
  }
  return rows
}

async function databaseUrlOf(t: TestApp): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.db)
  const url = new URL(process.env.TEST_DATABASE_URL ?? '')
  url.pathname = `/${rows[0]?.name ?? ''}`
  return url.toString()
}

export async function openExchangeFixture(
  engine: Engine,
  rows = 60,
  env: Record<string, string> = {},
): Promise<ExchangeFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'shuhui-exchange-'))
  const t = await createTestApp(engine, { DATA_DIR: dataDir, ...env })
  const admin = await t.login('admin')
  const provider = await t.createUser('ex.provider', PROVIDER, ['data_steward'], 'Exchange123')
  const consumer = await t.createUser('ex.consumer', CONSUMER, ['data_steward'], 'Exchange123')
  const county = await t.createUser('ex.county', COUNTY, ['data_steward'], 'Exchange123')
  const other = await t.createUser('ex.other', OTHER, ['data_steward'], 'Exchange123')
  const providerOrgId = await t.orgId(PROVIDER)
  const consumerOrgId = await t.orgId(CONSUMER)
  const countyOrgId = await t.orgId(COUNTY)
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/catalog/resources',
    headers: provider,
    payload: exchangeResource(`交换测试人口库-${randomBytes(3).toString('hex')}`),
  })
  assert.equal(created.statusCode, 201, created.body)
  const { id: resourceId, code: resourceCode } = created.json<{ id: string; code: string }>()
  const runner = new JobRunner(t.db, { pollMs: 50 })
  // On PostgreSQL the runner knows the database's URL, as a deployment does: hosted tables are read as COPY text.
  const config = engine === 'postgres' ? { ...t.config, databaseUrl: await databaseUrlOf(t) } : t.config
  await registerExchangeJobs(runner, { db: t.db, config })
  const load = async (people: readonly Person[]) => {
    const body = multipart('people.csv', csvOf(people))
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/resources/${resourceId}/mount/upload`,
      headers: { ...provider, ...body.headers },
      payload: body.payload,
    })
    assert.equal(up.statusCode, 200, up.body)
  }
  await load(Array.from({ length: rows }, (_, i) => person(i + 1)))
  const fixture: ExchangeFixture = {
    t,
    admin,
    provider,
    consumer,
    county,
    other,
    providerOrgId,
    consumerOrgId,
    countyOrgId,
    resourceId,
    resourceCode,
    dataDir,
    runner,
    load,
    async grant(v = {}) {
      const id = newId()
      await st(t.db)
        .insertInto('grants')
        .values({
          id,
          requestId: v.requestId === undefined ? newId() : v.requestId,
          appId: v.appId ?? newId(),
          consumerOrgId: v.consumerOrgId ?? consumerOrgId,
          consumerRegionCode: v.consumerRegionCode ?? '430300',
          resourceId,
          resourceCode,
          providerOrgId,
          providerRegionCode: '430000',
          fields: v.fields ?? [...FIELDS],
          purpose: '高效办成一件事·新生儿出生',
          scenario: null,
          deliveryMode: v.deliveryMode ?? 'batch',
          validFrom: v.validFrom ?? new Date(Date.now() - 3_600_000),
          validUntil: v.validUntil ?? new Date(Date.now() + 30 * 86_400_000),
          rowScope: v.rowScope ? JSON.stringify(v.rowScope) : null,
          quotaPerDay: null,
          ratePerSecond: null,
          status: v.status ?? 'active',
        })
        .execute()
      return id
    },
    createJob: (body, headers = consumer) =>
      t.request({ method: 'POST', url: '/api/v1/exchange/jobs', headers, payload: body }),
    async run(jobId, headers = consumer) {
      const res = await t.request({ method: 'POST', url: `/api/v1/exchange/jobs/${jobId}/run`, headers })
      assert.equal(res.statusCode, 202, res.body)
      const runId = res.json<{ id: string }>().id
      while ((await runner.runDue()) > 0) {}
      const view = await t.request({ method: 'GET', url: `/api/v1/exchange/runs/${runId}`, headers })
      assert.equal(view.statusCode, 200, view.body)
      return view.json<RunJson>()
    },
    async fileRows(runId, headers = consumer) {
      const list = await t.request({ method: 'GET', url: `/api/v1/exchange/runs/${runId}/files`, headers })
      assert.equal(list.statusCode, 200, list.body)
      const out: Record<string, unknown>[] = []
      for (const f of list.json<{ items: { name: string }[] }>().items) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/exchange/runs/${runId}/files/${f.name}`,
          headers,
        })
        assert.equal(res.statusCode, 200, res.body)
        const text = gunzipSync(res.rawPayload).toString('utf8')
        if (f.name.includes('.jsonl')) {
          for (const line of text.split('\n').filter(Boolean)) out.push(JSON.parse(line))
        } else {
          const [header, ...cells] = parseCsv(text)
          for (const r of cells) out.push(Object.fromEntries((header ?? []).map((h, i) => [h, r[i]])))
        }
      }
      return out
    },
    async close() {
      await runner.stop()
      await t.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  return fixture
}
