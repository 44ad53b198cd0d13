/**
 * Open-data mirrors (开放数据镜像): open resources mounted to an external PostgreSQL table are served from the
 * portal's own copy. The external source is a schema in the PostgreSQL of TEST_DATABASE_URL (on either engine of
 * the platform); without it only the cases that need no external database run (HTTP mounts, refusals).
 */
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import pg from 'pg'
import { testEngines } from '../../../../test/support/db.ts'
import { addCalendarDays, shanghaiDate } from '../../../platform/calendar/index.ts'
import { systemContext } from '../../../platform/context.ts'
import { JobRunner } from '../../../platform/jobs/index.ts'
import { externalSnapshotDigest } from '../../catalog/index.ts'
import { registerPortalJobs } from '../index.ts'
import {
  openPortalContext,
  type PortalContext,
  type PublishedResource,
  parkingLot,
} from '../test-fixtures.ts'
import { scheduleMirrors } from './mirror-schedule.ts'

const enc = encodeURIComponent
const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const EXTERNAL = process.env.TEST_DATABASE_URL
const MAX_ROWS = 40

interface MirrorJson {
  status: string
  rows: number | null
  sourceRows: number | null
  rowsCopied: number
  progress: number | null
  refreshedAt: string | null
  sourceDigest: string | null
  error: string | null
  queued?: boolean
}

/** The CSV line the public gets for parking lot i (phone, address and the core note masked). */
function maskedLine(i: number): string {
  const p = parkingLot(i)
  return `${p.mc},${p.qx},${p.cws},139****${p.lxdh.slice(-4)},湖南省湘潭市${p.qx}****,******`
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k)

for (const engine of testEngines()) {
  describe(`open-data mirrors on ${engine}`, () => {
    let p: PortalContext
    let runner: JobRunner
    let ext: pg.Client | null = null
    const schema = `portal_mirror_${engine}_${Date.now().toString(36)}`

    before(async () => {
      p = await openPortalContext(engine, { PORTAL_MIRROR_MAX_ROWS: String(MAX_ROWS) })
      runner = new JobRunner(p.t.db)
      await registerPortalJobs(runner, { db: p.t.db, config: p.t.config })
      if (!EXTERNAL) return
      ext = new pg.Client({ connectionString: EXTERNAL })
      await ext.connect()
      await ext.query(`create schema ${schema}`)
      for (const [table, rows] of [
        ['parking', 30],
        ['parking_all', MAX_ROWS + 5],
      ] as const) {
        await ext.query(
          `create table ${schema}.${table} (mc text, qx text, cws int, lxdh text, dz text, bz text)`,
        )
        for (const i of range(1, rows)) {
          const r = parkingLot(i)
          await ext.query(`insert into ${schema}.${table} values ($1, $2, $3, $4, $5, $6)`, [
            r.mc,
            r.qx,
            r.cws,
            r.lxdh,
            r.dz,
            r.bz,
          ])
        }
      }
    })
    after(async () => {
      if (ext) {
        await ext.query(`drop schema if exists ${schema} cascade`)
        await ext.end()
      }
      await p.close()
    })

    /** A published resource of the given open type mounted to an external table (or an HTTP API). */
    async function mounted(
      openType: 'open' | 'conditional',
      mount: { kind: 'postgres'; table: string } | { kind: 'http' },
    ): Promise<PublishedResource> {
      const r = await p.resource(openType, { rows: 0, publish: false })
      const payload =
        mount.kind === 'http'
          ? { kind: 'http', url: 'https://api.example.gov.cn/parking' }
          : { kind: 'postgres', url: EXTERNAL, schema, table: mount.table }
      const res = await p.t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${r.id}/mount`,
        headers: p.steward,
        payload,
      })
      assert.equal(res.statusCode, 200, res.body)
      await p.publish(r.id)
      return r
    }

    const get = (url: string) => p.t.request({ method: 'GET', url })
    const mirrorOf = async (id: string) => {
      const res = await p.t.request({
        method: 'GET',
        url: `/api/v1/portal/mirrors/${id}`,
        headers: p.steward,
      })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<MirrorJson>()
    }
    const refresh = (id: string, headers = p.steward) =>
      p.t.request({ method: 'POST', url: `/api/v1/portal/mirrors/${id}/refresh`, headers })
    const csvLines = async (r: PublishedResource) => {
      const res = await get(`/api/v1/public/resources/${enc(r.code)}/download?format=csv`)
      assert.equal(res.statusCode, 200, res.body)
      return res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
    }

    test('an HTTP mount has no rows to copy: still 409 portal.data_unavailable, and no mirror', async () => {
      const r = await mounted('open', { kind: 'http' })
      const download = await get(`/api/v1/public/resources/${enc(r.code)}/download?format=csv`)
      assert.equal(download.statusCode, 409)
      assert.equal(code(download), 'portal.data_unavailable')
      const page = await get(`/api/v1/public/resources/${enc(r.code)}`)
      const body = page.json<{ dataAvailable: boolean; unavailableReason: string | null; mirror: unknown }>()
      assert.equal(body.dataAvailable, false)
      assert.equal(body.unavailableReason, 'portal.data_unavailable')
      assert.equal(body.mirror, null)
      const res = await refresh(r.id)
      assert.equal(res.statusCode, 409)
      assert.equal(code(res), 'portal.mirror_unsupported')
      const hosted = await p.resource('open', { rows: 3 })
      assert.equal(code(await refresh(hosted.id)), 'portal.mirror_unsupported', 'hosted data needs no mirror')
    })

    test('the refresh route: unknown → 404, another org → 404, auditor → 403, anonymous → 401', async () => {
      const r = await p.resource('open', { rows: 3 })
      const missing = await refresh('01a202ca-0000-7000-8000-000000000000')
      assert.equal(missing.statusCode, 404)
      assert.equal(code(missing), 'portal.mirror_not_found')
      const other = await p.t.createUser(
        'mirror.other',
        '湘潭市市场监督管理局',
        ['data_steward'],
        'Mirror1234',
      )
      assert.equal((await refresh(r.id, other)).statusCode, 404)
      const auditor = await p.t.createUser('mirror.auditor', '湘潭市公安局', ['auditor'], 'Mirror1234')
      const seen = await refresh(r.id, auditor)
      assert.equal(seen.statusCode, 403)
      assert.equal(code(seen), 'portal.mirror_forbidden')
      assert.equal((await refresh(r.id, {})).statusCode, 401)
      const dev = await p.developer()
      assert.equal((await refresh(r.id, dev)).statusCode, 401, 'a developer session is not a staff login')
    })

    // Only with an external PostgreSQL to mount (TEST_DATABASE_URL); nothing here is skipped silently otherwise.
    if (EXTERNAL)
      describe('from an external PostgreSQL table', () => {
        let open: PublishedResource

        test('the first public read queues the first copy (409 portal.mirror_not_ready); the job makes it', async () => {
          open = await mounted('open', { kind: 'postgres', table: 'parking' })
          const first = await get(`/api/v1/public/resources/${enc(open.code)}/download?format=csv`)
          assert.equal(first.statusCode, 409, first.body)
          assert.equal(code(first), 'portal.mirror_not_ready')
          assert.match(first.json<{ detail: string }>().detail, /排队|生成/)
          const page = await get(`/api/v1/public/resources/${enc(open.code)}`)
          const waiting = page.json<{ dataAvailable: boolean; mirror: { status: string } | null }>()
          assert.equal(waiting.dataAvailable, false)
          assert.equal(waiting.mirror?.status, 'pending')
          assert.equal((await mirrorOf(open.id)).status, 'pending')
          await runner.runDue()
          const m = await mirrorOf(open.id)
          assert.equal(m.status, 'ready', m.error ?? '')
          assert.equal(m.rows, 30)
          assert.equal(m.sourceRows, 30)
          assert.ok(m.refreshedAt)
          const digest = await externalSnapshotDigest(
            { url: EXTERNAL ?? '', schema, table: 'parking', columns: {} },
            ['mc', 'qx', 'cws', 'lxdh', 'dz', 'bz'].map((c) => ({
              code: c,
              dataType: c === 'cws' ? 'integer' : 'string',
            })),
          )
          assert.equal(m.sourceDigest, digest.digest)
        })

        test('downloads in CSV, JSON and XLSX, the preview and the open API are served from the copy, masked', async () => {
          const lines = await csvLines(open)
          assert.equal(lines[0], '停车场名称,所在区县,车位数,联系电话,地址,备注')
          assert.deepEqual(lines.slice(1).sort(), range(1, 30).map(maskedLine).sort())
          const json = await get(`/api/v1/public/resources/${enc(open.code)}/download?format=json`)
          const rows = json.json<Record<string, unknown>[]>()
          assert.equal(rows.length, 30)
          assert.deepEqual(
            rows.find((r) => r.mc === '第30停车场'),
            {
              mc: '第30停车场',
              qx: '雨湖区',
              cws: 80,
              lxdh: '139****0030',
              dz: '湖南省湘潭市雨湖区****',
              bz: '******',
            },
          )
          assert.ok(!json.body.includes('13907310001') && !json.body.includes('内部备注'))
          const xlsx = await get(`/api/v1/public/resources/${enc(open.code)}/download?format=xlsx`)
          assert.equal(xlsx.statusCode, 200)
          const book = new ExcelJS.Workbook()
          await book.xlsx.read(Readable.from([xlsx.rawPayload]))
          const sheet = book.worksheets[0]
          assert.ok(sheet)
          assert.equal(sheet.rowCount, 31)
          const phones = range(2, 31).map((n) => String(sheet.getRow(n).getCell(4).value))
          assert.deepEqual(
            phones.sort(),
            range(1, 30)
              .map((i) => `139****${String(i).padStart(4, '0')}`)
              .sort(),
          )

          const page = await get(`/api/v1/public/resources/${enc(open.code)}`)
          const body = page.json<{
            downloadable: boolean
            dataUpdatedAt: string | null
            mirror: { status: string; rows: number } | null
            preview: { rows: Record<string, unknown>[] }
            chart: { field: string } | null
          }>()
          assert.equal(body.downloadable, true)
          assert.equal(body.mirror?.status, 'ready')
          assert.equal(body.dataUpdatedAt, (await mirrorOf(open.id)).refreshedAt)
          assert.equal(body.preview.rows.length, 20)
          assert.ok(body.preview.rows.every((r) => String(r.lxdh).includes('****') && r.bz === '******'))
          assert.equal(body.chart?.field, 'qx')

          const key = await p.apiKey(await p.developer())
          const api = await p.t.request({
            method: 'GET',
            url: `/gw/open/v1/${enc(open.code)}?page=2&pageSize=20`,
            headers: { 'x-api-key': key },
          })
          assert.equal(api.statusCode, 200, api.body)
          const apiPage = api.json<{ items: Record<string, unknown>[]; total: number; masked: string[] }>()
          assert.equal(apiPage.total, 30)
          assert.equal(apiPage.items.length, 10)
          assert.deepEqual(apiPage.masked.sort(), ['bz', 'dz', 'lxdh'])
        })

        test('a refresh on demand answers 202 with progress, copies the new rows and swaps the copy in', async () => {
          const r = parkingLot(31)
          await ext?.query(`insert into ${schema}.parking values ($1, $2, $3, $4, $5, $6)`, [
            r.mc,
            r.qx,
            r.cws,
            r.lxdh,
            r.dz,
            r.bz,
          ])
          const res = await refresh(open.id)
          assert.equal(res.statusCode, 202, res.body)
          const queued = res.json<MirrorJson>()
          assert.equal(queued.queued, true)
          assert.equal(queued.status, 'pending')
          const again = await refresh(open.id)
          assert.equal(again.json<MirrorJson>().queued, false, 'a refresh in flight is not queued twice')
          assert.equal((await csvLines(open)).length, 31, 'the old copy is served until the new one is in')
          await runner.runDue()
          const m = await mirrorOf(open.id)
          assert.equal(m.status, 'ready')
          assert.equal(m.rows, 31)
          assert.equal(m.progress, null)
          assert.deepEqual((await csvLines(open)).slice(1).sort(), range(1, 31).map(maskedLine).sort())
          const audit = await sql<{ action: string }>`select action from audit_events
          where target_id = ${open.id} and action like 'portal.mirror%'`.execute(p.t.db)
          assert.ok(audit.rows.some((a) => a.action === 'portal.mirror_refresh_request'))
          assert.ok(audit.rows.some((a) => a.action === 'portal.mirror_refresh'))
        })

        test('a failed refresh keeps the previous copy and records why, without the connection string', async () => {
          await ext?.query(`alter table ${schema}.parking rename to parking_gone`)
          try {
            assert.equal((await refresh(open.id)).statusCode, 202)
            await runner.runDue()
            const m = await mirrorOf(open.id)
            assert.equal(m.status, 'failed')
            assert.match(m.error ?? '', /外部数据表不存在/)
            assert.ok(!(m.error ?? '').includes('postgres') && !(m.error ?? '').includes('127.0.0.1'))
            assert.equal(m.rows, 31, 'the served copy is unchanged')
            assert.equal((await csvLines(open)).length, 32)
            const page = await get(`/api/v1/public/resources/${enc(open.code)}`)
            assert.equal(page.json<{ downloadable: boolean }>().downloadable, true)
          } finally {
            await ext?.query(`alter table ${schema}.parking_gone rename to parking`)
          }
        })

        test('a source above PORTAL_MIRROR_MAX_ROWS is refused as too_large and never served', async () => {
          const big = await mounted('open', { kind: 'postgres', table: 'parking_all' })
          assert.equal((await refresh(big.id)).statusCode, 202)
          await runner.runDue()
          const m = await mirrorOf(big.id)
          assert.equal(m.status, 'too_large')
          assert.equal(m.sourceRows, MAX_ROWS + 5)
          assert.equal(m.rows, null)
          assert.match(m.error ?? '', /超过开放平台镜像上限/)
          const res = await get(`/api/v1/public/resources/${enc(big.code)}/download?format=json`)
          assert.equal(res.statusCode, 409)
          assert.equal(code(res), 'portal.mirror_not_ready')
          assert.equal(res.json<{ mirrorStatus: string }>().mirrorStatus, 'too_large')
        })

        test('the daily job retries failed mirrors and refreshes those whose update period has passed (monthly: 30 days)', async () => {
          const ctx = systemContext('test')
          // The last refresh failed (previous test): the daily job tries it again the same day.
          assert.ok((await scheduleMirrors(p.t.db, p.t.config, ctx)).queued.includes(open.id))
          await runner.runDue()
          assert.equal((await mirrorOf(open.id)).status, 'ready')
          const today = await scheduleMirrors(p.t.db, p.t.config, ctx)
          assert.ok(!today.queued.includes(open.id), 'refreshed today: not due')
          const before = (await mirrorOf(open.id)).refreshedAt
          const soon = new Date(`${addCalendarDays(shanghaiDate(new Date()), 29)}T12:00:00+08:00`)
          assert.ok(!(await scheduleMirrors(p.t.db, p.t.config, ctx, soon)).queued.includes(open.id))
          const later = new Date(`${addCalendarDays(shanghaiDate(new Date()), 30)}T12:00:00+08:00`)
          const due = await scheduleMirrors(p.t.db, p.t.config, ctx, later)
          assert.ok(due.queued.includes(open.id))
          await runner.runDue()
          const m = await mirrorOf(open.id)
          assert.equal(m.status, 'ready')
          assert.ok(m.refreshedAt && before && m.refreshedAt > before)
        })

        test('a conditionally open resource is delivered from its copy by a restricted download', async () => {
          const cond = await mounted('conditional', { kind: 'postgres', table: 'parking' })
          assert.equal((await refresh(cond.id)).statusCode, 202)
          await runner.runDue()
          const dev = await p.developer()
          const applied = await p.t.request({
            method: 'POST',
            url: '/api/v1/public/portal/applications',
            headers: dev,
            payload: {
              resourceCode: cond.code,
              purpose: '交通研究',
              scenario: '停车供需分析',
              delivery: 'download',
            },
          })
          assert.equal(applied.statusCode, 201, applied.body)
          const id = applied.json<{ id: string }>().id
          const approved = await p.t.request({
            method: 'POST',
            url: `/api/v1/portal/applications/${id}/approve`,
            headers: p.steward,
            payload: {
              agreementTerms: '仅用于交通研究，不得再分发。',
              agreementUntil: addCalendarDays(shanghaiDate(new Date()), 90),
            },
          })
          assert.equal(approved.statusCode, 200, approved.body)
          await p.t.request({
            method: 'POST',
            url: `/api/v1/public/portal/applications/${id}/accept`,
            headers: dev,
          })
          const res = await p.t.request({
            method: 'GET',
            url: `/api/v1/public/portal/applications/${id}/download?format=csv`,
            headers: dev,
          })
          assert.equal(res.statusCode, 200, res.body)
          const lines = res.body
            .replace(/^\uFEFF/, '')
            .trim()
            .split('\r\n')
          assert.deepEqual(lines.slice(1).sort(), range(1, 31).map(maskedLine).sort())
          const publicDownload = await get(`/api/v1/public/resources/${enc(cond.code)}/download`)
          assert.equal(publicDownload.statusCode, 403)
        })

        test('the console lists the provider’s mirrors with their state', async () => {
          const res = await p.t.request({
            method: 'GET',
            url: '/api/v1/portal/mirrors?pageSize=50',
            headers: p.steward,
          })
          assert.equal(res.statusCode, 200, res.body)
          const items = res.json<{ items: (MirrorJson & { resourceId: string; canRefresh: boolean })[] }>()
            .items
          const mine = items.find((i) => i.resourceId === open.id)
          assert.equal(mine?.status, 'ready')
          assert.equal(mine?.canRefresh, true)
          const tooLarge = await p.t.request({
            method: 'GET',
            url: '/api/v1/portal/mirrors?status=too_large',
            headers: p.steward,
          })
          assert.equal(tooLarge.json<{ total: number }>().total, 1)
        })
      })
  })
}
