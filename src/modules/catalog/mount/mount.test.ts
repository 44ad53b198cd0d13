import assert from 'node:assert/strict'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import pg from 'pg'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { openSecret } from '../../../platform/crypto/index.ts'
import { csvRow, HEADER, mountedResource, multipartUpload } from './fixtures.ts'

interface MountView {
  status: string
  kind: string | null
  config: Record<string, unknown> | null
  rowCount: number | null
  lastDataUpdateAt: string | null
  lastLoad: {
    status: string
    rowsRead: number
    rowsLoaded: number
    rowsRejected: number
    problems: { row: number; column: string | null; message: string }[]
  } | null
}
interface Preview {
  kind: string
  columns: { code: string; name: string; dataType: string }[]
  rows: Record<string, string | number | boolean | null>[]
  masked: string[]
}
interface Problem {
  code: string
  status: number
  detail?: string
  problems?: { row: number; column: string | null; message: string }[]
  missing?: string[]
  extraColumns?: string[]
}

const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`

for (const engine of testEngines()) {
  describe(`catalog mounting on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let steward: Record<string, string>
    let otherSteward: Record<string, string>
    let reviewer: Record<string, string>
    let dir: string

    const orgId = (name: string) => t.orgId(name)

    const user = (username: string, org: string, roles: string[]) =>
      t.createUser(username, org, roles, 'Mount12345')

    async function resource(name: string): Promise<string> {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: mountedResource(name),
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string }>().id
    }

    function upload(
      id: string,
      fileName: string,
      content: Parameters<typeof multipartUpload>[1],
      query = '',
    ) {
      const body = multipartUpload(fileName, content)
      return t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload${query}`,
        headers: { ...steward, ...body.headers },
        payload: body.payload,
      })
    }

    const preview = (id: string, headers = steward) =>
      t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}/preview`, headers })
    const mountOf = async (id: string, headers = steward) =>
      (
        await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}/mount`, headers })
      ).json<MountView>()

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      steward = await user('m.steward', '湘潭市公安局', ['data_steward'])
      otherSteward = await user('m.other', '湘潭市市场监督管理局', ['data_steward'])
      reviewer = await user('m.reviewer', '湘潭市数据局', ['reviewer'])
      dir = await mkdtemp(join(tmpdir(), 'shuhui-mount-'))
    })
    after(async () => {
      await t.close()
      await rm(dir, { recursive: true, force: true })
    })

    test('a CSV loads into a typed table; the resource shows mounted and its last data update', async () => {
      const id = await resource('挂接-CSV')
      const before = (
        await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}`, headers: steward })
      ).json<{ mountStatus: string; lastDataUpdateAt: string | null }>()
      assert.equal(before.mountStatus, 'unmounted')
      assert.equal(before.lastDataUpdateAt, null)
      const res = await upload(id, 'people.csv', csv(csvRow(1), csvRow(2), csvRow(3)))
      assert.equal(res.statusCode, 200, res.body)
      const m = res.json<MountView>()
      assert.equal(m.status, 'mounted')
      assert.equal(m.kind, 'datastore')
      assert.equal(m.rowCount, 3)
      assert.equal(m.lastLoad?.status, 'succeeded')
      assert.equal(m.lastLoad?.rowsLoaded, 3)
      const detail = (
        await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}`, headers: steward })
      ).json<{ mountStatus: string; lastDataUpdateAt: string | null }>()
      assert.equal(detail.mountStatus, 'mounted')
      assert.ok(detail.lastDataUpdateAt && Date.now() - Date.parse(detail.lastDataUpdateAt) < 60_000)

      const p = await preview(id)
      assert.equal(p.statusCode, 200, p.body)
      const body = p.json<Preview>()
      assert.equal(body.kind, 'datastore')
      assert.equal(body.rows.length, 3)
      assert.deepEqual(body.columns[1], { code: 'sfzh', name: '公民身份号码', dataType: 'string' })
      assert.deepEqual(body.masked.sort(), ['hjdz', 'sfzh', 'sjhm', 'xm'])
      const row = body.rows.find((r) => r.nl === 21)
      assert.ok(row, JSON.stringify(body.rows))
      assert.equal(row.xm, '张*')
      assert.equal(row.sfzh, '430302********001X')
      assert.equal(row.sjhm, '138****0001')
      assert.equal(row.hjdz, '湖南省湘潭市雨湖区****')
      assert.equal(row.sg, '172.5')
      assert.equal(row.csrq, '1990-01-15')
      assert.equal(row.djsj, '2025-03-01T00:30:00.000Z')
      assert.equal(row.sfyx, true)
      assert.ok(!p.body.includes('430302199001'), 'no clear ID number in the preview')
    })

    test('a bad value is reported with row and column; by default nothing is loaded and old data stays', async () => {
      const id = await resource('挂接-坏行')
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1), csvRow(2)))).statusCode, 200)
      const res = await upload(
        id,
        'b.csv',
        csv(csvRow(11), csvRow(12, { nl: 'abc' }), csvRow(13, { csrq: '2025-02-30' }), csvRow(14)),
      )
      assert.equal(res.statusCode, 400, res.body)
      const p = res.json<Problem>()
      assert.equal(p.code, 'catalog.mount_file_invalid')
      assert.deepEqual(
        p.problems?.map((x) => [x.row, x.column]),
        [
          [3, 'nl'],
          [4, 'csrq'],
        ],
      )
      const m = await mountOf(id)
      assert.equal(m.rowCount, 2, 'the earlier load is intact')
      assert.equal(m.lastLoad?.status, 'failed')
      assert.equal(m.lastLoad?.rowsRejected, 2)
      assert.equal(m.lastLoad?.problems.length, 2)
      assert.equal((await preview(id)).json<Preview>().rows.length, 2)

      // mode=skip: bad rows are left out and counted.
      const skip = await upload(
        id,
        'b.csv',
        csv(csvRow(11), csvRow(12, { nl: 'abc' }), csvRow(14)),
        '?mode=skip',
      )
      assert.equal(skip.statusCode, 200, skip.body)
      const s = skip.json<MountView>()
      assert.equal(s.rowCount, 2)
      assert.equal(s.lastLoad?.rowsRejected, 1)
      assert.deepEqual(
        s.lastLoad?.problems.map((x) => [x.row, x.column]),
        [[3, 'nl']],
      )
    })

    test('header, format and file problems are clean 4xx answers', async () => {
      const id = await resource('挂接-表头')
      const wrong = await upload(id, 'h.csv', 'xm,sfzh,unknown_col\r\n张三,430302199001011234,x\r\n')
      assert.equal(wrong.statusCode, 422, wrong.body)
      const w = wrong.json<Problem>()
      assert.equal(w.code, 'catalog.mount_columns_mismatch')
      assert.ok(w.missing?.includes('nl'))
      assert.deepEqual(w.extraColumns, ['unknown_col'])

      const cases: [string, string | Buffer, string, number, string][] = [
        ['quote.csv', `${HEADER}\r\n"unterminated,1\r\n`, '', 400, 'catalog.mount_file_invalid'],
        ['empty.csv', '', '', 400, 'catalog.mount_file_invalid'],
        ['header-only.csv', `${HEADER}\r\n`, '', 400, 'catalog.mount_file_invalid'],
        [
          'broken.xlsx',
          Buffer.from('PK\u0003\u0004 not really a zip'),
          '',
          400,
          'catalog.mount_file_invalid',
        ],
        ['data.bin', 'x', '', 400, 'catalog.mount_invalid'],
        ['bad.jsonl', '{"xm": "张三", "sfzh": "1"}\nnot json\n[1]\n', '', 400, 'catalog.mount_file_invalid'],
        [
          'latin.csv',
          Buffer.from([0x78, 0x6d, 0x0a, 0xff, 0xfe, 0x0a]),
          '',
          400,
          'catalog.mount_file_invalid',
        ],
      ]
      for (const [name, content, query, status, code] of cases) {
        const res = await upload(id, name, content, query)
        assert.equal(res.statusCode, status, `${name}: ${res.body}`)
        assert.equal(res.json<Problem>().code, code, name)
      }
      const json = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload`,
        headers: steward,
        payload: { file: 'x' },
      })
      assert.equal(json.statusCode, 415, json.body)
      assert.equal((await mountOf(id)).status, 'unmounted')
    })

    test('JSON Lines and XLSX files load too; GBK text is read when asked', async () => {
      const jsonl = await resource('挂接-JSONL')
      const lines = [
        {
          xm: '李四',
          sfzh: '43030219900101123X',
          sjhm: '13912345678',
          nl: 33,
          sfyx: true,
          djsj: '2025-03-01T08:00:00Z',
        },
        { 姓名: '王五', 公民身份号码: '430302199001011234', 身高: 180.25, 出生日期: '1990/1/2' },
      ]
      const res = await upload(jsonl, 'p.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json<MountView>().rowCount, 2)
      const rows = (await preview(jsonl)).json<Preview>().rows
      assert.deepEqual(
        rows.map((r) => [r.xm, r.nl, r.sg, r.csrq]),
        [
          ['李*', 33, null, null],
          ['王*', null, '180.25', '1990-01-02'],
        ],
      )
      const badJson = await upload(jsonl, 'p.jsonl', `${JSON.stringify({ sfzh: '1', nl: 'x', other: 1 })}\n`)
      assert.equal(badJson.statusCode, 400)
      assert.deepEqual(
        badJson.json<Problem>().problems?.map((p) => p.column),
        ['nl', null],
        'unknown field and type',
      )

      const xlsx = await resource('挂接-XLSX')
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('数据')
      ws.addRow([
        '姓名',
        '公民身份号码',
        '手机号码',
        '户籍地址',
        '年龄',
        '身高',
        '出生日期',
        '登记时间',
        '是否有效',
      ])
      ws.addRow([
        '赵六',
        '430302199001011234',
        '13800001111',
        '湖南省湘潭县易俗河镇',
        40,
        165.5,
        new Date(Date.UTC(1985, 4, 6)),
        new Date('2025-01-02T03:04:05Z'),
        true,
      ])
      ws.addRow(['钱七', '430302199001015678', null, null, 41, null, '1984-07-08', null, '否'])
      const bytes = Buffer.from(await wb.xlsx.writeBuffer())
      const x = await upload(xlsx, 'data.xlsx', bytes)
      assert.equal(x.statusCode, 200, x.body)
      assert.equal(x.json<MountView>().rowCount, 2)
      const xr = (await preview(xlsx)).json<Preview>().rows
      assert.deepEqual(
        xr.map((r) => [r.xm, r.hjdz, r.nl, r.csrq, r.djsj, r.sfyx]),
        [
          ['赵*', '湖南省湘潭县****', 40, '1985-05-06', '2025-01-01T19:04:05.000Z', true],
          ['钱*', null, 41, '1984-07-08', null, false],
        ],
      )

      const gbk = await resource('挂接-GBK')
      // "xm,sfzh\n张三,…" in GBK: 张 = D5C5, 三 = C8FD; other fields are optional.
      const head = Buffer.from('xm,sfzh,sjhm,hjdz,nl,sg,csrq,djsj,sfyx\n')
      const row = Buffer.concat([
        Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
        Buffer.from(',430302199001011234,,,,,,,\n'),
      ])
      const g = await upload(gbk, 'gbk.csv', Buffer.concat([head, row]), '?encoding=gbk')
      assert.equal(g.statusCode, 200, g.body)
      assert.equal((await preview(gbk)).json<Preview>().rows[0]?.xm, '张*')
    })

    test('a reload replaces the data as a whole', async () => {
      const id = await resource('挂接-重载')
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1), csvRow(2), csvRow(3)))).statusCode, 200)
      const again = await upload(id, 'b.csv', csv(csvRow(7, { nl: '77' })))
      assert.equal(again.statusCode, 200, again.body)
      const rows = (await preview(id)).json<Preview>().rows
      assert.deepEqual(
        rows.map((r) => r.nl),
        [77],
      )
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_schema = 'datastore' and table_name like ${`%${id.replace(/-/g, '')}%`}`.execute(t.db)
      assert.equal(tables.rows[0]?.n, 1, 'no staging table is left behind')
    })

    test('a 200,000-row CSV streams in batches with progress readable while it runs', async () => {
      const id = await resource('挂接-大文件')
      const path = join(dir, 'big.csv')
      const out = createWriteStream(path)
      out.write(`${HEADER}\n`)
      for (let i = 0; i < 200_000; i++) out.write(`${csvRow(i)}\n`)
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      )
      const size = (await stat(path)).size
      const baseline = process.memoryUsage().heapUsed
      let peak = baseline
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed)
      }, 25)
      const started = Date.now()
      let done = false
      const running = upload(id, 'big.csv', createReadStream(path, { highWaterMark: 64 * 1024 })).finally(
        () => {
          done = true
        },
      )
      const seen: number[] = []
      while (!done) {
        await new Promise((r) => setTimeout(r, 250))
        const m = await mountOf(id)
        if (m.lastLoad?.status === 'running') seen.push(m.lastLoad.rowsLoaded)
      }
      const res = await running
      const seconds = (Date.now() - started) / 1000
      clearInterval(sampler)
      assert.equal(res.statusCode, 200, res.body)
      const m = res.json<MountView>()
      assert.equal(m.rowCount, 200_000)
      assert.equal(m.lastLoad?.rowsRead, 200_000)
      assert.ok(
        seen.some((n) => n > 0 && n < 200_000),
        `progress seen while running: ${seen.join(',')}`,
      )
      const grew = (peak - baseline) / 1024 / 1024
      console.log(
        `# ${engine}: 200,000 rows (${(size / 1024 / 1024).toFixed(1)} MB) in ${seconds.toFixed(1)} s = ${Math.round(200_000 / seconds)} rows/s; heap grew ≤ ${grew.toFixed(0)} MB`,
      )
      assert.ok(
        grew < 200,
        `heap grew ${grew.toFixed(0)} MB while loading a ${(size / 1e6).toFixed(0)} MB file`,
      )
    })

    test('an external PostgreSQL table: connection string sealed, never returned; columns checked', async () => {
      const id = await resource('挂接-外部库')
      const base = process.env.TEST_DATABASE_URL
      // Unreachable: a clean 422 that names neither the URL nor the password.
      const secret = 'S3cret-pw'
      const down = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'postgres', url: `postgres://reader:${secret}@127.0.0.1:1/data`, table: 'people' },
      })
      assert.equal(down.statusCode, 422, down.body)
      assert.equal(down.json<Problem>().code, 'catalog.mount_connection_failed')
      assert.ok(!down.body.includes(secret) && !down.body.includes('reader'), down.body)
      const tried = await sql<{ outcome: string; details: unknown }>`select outcome, details from audit_events
        where target_id = ${id} and action = 'catalog.resource_mount'`.execute(t.db)
      assert.equal(tried.rows[0]?.outcome, 'failure', 'a failed attempt is audited')
      assert.ok(!JSON.stringify(tried.rows).includes(secret))
      const notPg = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'postgres', url: 'mysql://x@127.0.0.1/db', table: 'people' },
      })
      assert.equal(notPg.json<Problem>().code, 'catalog.mount_invalid')
      if (!base) return

      const schema = `mount_ext_${Date.now().toString(36)}`
      const ext = new pg.Client({ connectionString: base })
      await ext.connect()
      try {
        await ext.query(`create schema ${schema}`)
        await ext.query(`create table ${schema}.people (xm text, sfzh text, sjhm text, hjdz text, nl int,
          sg numeric, csrq date, djsj timestamptz, sfyx boolean, remark text)`)
        await ext.query(`create table ${schema}.partial (xm text, sfzh text)`)
        await ext.query(
          `insert into ${schema}.people values ('孙八', '430302199001019999', '13700001234',
            '湖南省湘潭市岳塘区建设路', 30, 170.1, '1995-05-05', '2025-01-01 10:00:00+08', true, 'x')`,
        )
        const put = (table: string) =>
          t.request({
            method: 'PUT',
            url: `/api/v1/catalog/resources/${id}/mount`,
            headers: steward,
            payload: { kind: 'postgres', url: base, schema, table },
          })
        const missing = await put('nothing_here')
        assert.equal(missing.json<Problem>().code, 'catalog.mount_table_not_found')
        const partial = await put('partial')
        assert.equal(partial.statusCode, 422)
        assert.ok(partial.json<Problem>().missing?.includes('nl'))
        const ok = await put('people')
        assert.equal(ok.statusCode, 200, ok.body)
        const m = ok.json<MountView>()
        assert.equal(m.kind, 'postgres')
        assert.deepEqual(m.config?.extraColumns, ['remark'])
        const password = new URL(base).password
        for (const body of [
          ok.body,
          (await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}/mount`, headers: steward }))
            .body,
        ]) {
          assert.ok(!body.includes(base), 'the connection string is never returned')
          if (password) assert.ok(!body.includes(password))
        }
        const stored = await sql<{ secret_sealed: string; config: unknown }>`
          select secret_sealed, config from resource_mounts where resource_id = ${id}`.execute(t.db)
        const sealed = String((stored.rows[0] as { secretSealed?: string }).secretSealed)
        assert.match(sealed, /^sm4v1:/)
        assert.ok(!JSON.stringify(stored.rows[0]).includes(base))
        assert.equal(openSecret(t.config.secretKey, sealed, `mount:${id}`), base)
        const p = (await preview(id)).json<Preview>()
        assert.equal(p.kind, 'postgres')
        assert.deepEqual(
          [
            p.rows[0]?.xm,
            p.rows[0]?.sfzh,
            p.rows[0]?.sjhm,
            p.rows[0]?.hjdz,
            p.rows[0]?.nl,
            p.rows[0]?.djsj,
            p.rows[0]?.sfyx,
          ],
          [
            '孙*',
            '430302********9999',
            '137****1234',
            '湖南省湘潭市岳塘区****',
            30,
            '2025-01-01T02:00:00.000Z',
            true,
          ],
        )
      } finally {
        await ext.query(`drop schema if exists ${schema} cascade`)
        await ext.end()
      }
    })

    test('an HTTP API mount is stored without calling it; preview says 409; unmount clears it', async () => {
      const id = await resource('挂接-接口')
      const bad = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'ftp://127.0.0.1/data' },
      })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json<Problem>().code, 'catalog.mount_invalid')
      const creds = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'https://u:p@api.example.gov.cn/people' },
      })
      assert.equal(creds.statusCode, 400)
      const ok = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'http://127.0.0.1:9/api/people?page=1' },
      })
      assert.equal(ok.statusCode, 200, ok.body)
      assert.equal(ok.json<MountView>().config?.url, 'http://127.0.0.1:9/api/people?page=1')
      const p = await preview(id)
      assert.equal(p.statusCode, 409)
      assert.equal(p.json<Problem>().code, 'catalog.preview_unavailable')
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
      })
      assert.equal(del.statusCode, 204)
      const m = await mountOf(id)
      assert.equal(m.status, 'unmounted')
      assert.equal(m.kind, null)
      const again = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
      })
      assert.equal(again.json<Problem>().code, 'catalog.mount_not_found')
      assert.equal((await preview(id)).statusCode, 409)
    })

    test('switching a datastore mount to another kind drops the hosted copy; unmount drops it too', async () => {
      const id = await resource('挂接-切换')
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      const table = `r_${id.replace(/-/g, '')}`
      const exists = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
            where table_schema = 'datastore' and table_name = ${table}`.execute(t.db)
        ).rows[0]?.n
      assert.equal(await exists(), 1)
      const put = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: steward,
        payload: { kind: 'http', url: 'https://api.example.gov.cn/x' },
      })
      assert.equal(put.statusCode, 200)
      assert.equal(await exists(), 0)
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      assert.equal(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/v1/catalog/resources/${id}/mount`,
            headers: steward,
          })
        ).statusCode,
        204,
      )
      assert.equal(await exists(), 0)
      // Deleting a never-published draft takes its hosted data with it.
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      assert.equal(await exists(), 1)
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}`,
        headers: steward,
      })
      assert.equal(del.statusCode, 204, del.body)
      assert.equal(await exists(), 0)
    })

    test('only the provider mounts; readers preview masked; every mount, load, unmount and preview is audited', async () => {
      const id = await resource('挂接-权限')
      assert.equal((await upload(id, 'a.csv', csv(csvRow(1)))).statusCode, 200)
      // A draft is invisible to another org: 404, as if missing.
      const body = multipartUpload('a.csv', csv(csvRow(1)))
      const hidden = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload`,
        headers: { ...otherSteward, ...body.headers },
        payload: body.payload,
      })
      assert.equal(hidden.statusCode, 404)
      assert.equal((await preview(id, otherSteward)).statusCode, 404)
      // The region's reviewer reads drafts, so previews them (masked) but may not mount.
      const rp = await preview(id, reviewer)
      assert.equal(rp.statusCode, 200)
      assert.equal(rp.json<Preview>().rows[0]?.xm, '张*')
      const rm = await t.request({
        method: 'DELETE',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: reviewer,
      })
      assert.equal(rm.statusCode, 403)
      // Published: everyone signed in reads it and previews masked; only the provider mounts.
      assert.equal(
        (await t.request({ method: 'POST', url: `/api/v1/catalog/resources/${id}/submit`, headers: steward }))
          .statusCode,
        200,
      )
      assert.equal(
        (
          await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${id}/publish`,
            headers: reviewer,
          })
        ).statusCode,
        200,
      )
      const op = await preview(id, otherSteward)
      assert.equal(op.statusCode, 200)
      assert.equal(op.json<Preview>().rows[0]?.sfzh, '430302********001X')
      const mv = await mountOf(id, otherSteward)
      assert.equal(mv.status, 'mounted')
      assert.equal(mv.config, null, 'where the data lives is for the provider and its reviewers')
      const put = await t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: otherSteward,
        payload: { kind: 'http', url: 'https://api.example.gov.cn/x' },
      })
      assert.equal(put.statusCode, 403)
      for (const [method, url] of [
        ['GET', `/api/v1/catalog/resources/${id}/mount`],
        ['PUT', `/api/v1/catalog/resources/${id}/mount`],
        ['DELETE', `/api/v1/catalog/resources/${id}/mount`],
        ['GET', `/api/v1/catalog/resources/${id}/preview`],
        ['POST', `/api/v1/catalog/resources/${id}/mount/upload`],
      ] as const) {
        const res = await t.request({ method, url })
        assert.equal(res.statusCode, 401, `${method} ${url}`)
      }
      assert.equal(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/v1/catalog/resources/${id}/mount`,
            headers: steward,
          })
        ).statusCode,
        204,
      )
      const events = await sql<{ action: string; outcome: string }>`
        select action, outcome from audit_events where target_id = ${id} order by seq`.execute(t.db)
      const actions = events.rows.map((e) => e.action)
      assert.ok(actions.includes('catalog.resource_load'))
      assert.ok(actions.includes('catalog.resource_unmount'))
      assert.equal(actions.filter((a) => a === 'catalog.resource_preview').length, 2)
      const audit = await t.request({ method: 'GET', url: '/api/v1/audit/verify', headers: admin })
      assert.equal(audit.json<{ ok: boolean }>().ok, true)
    })
  })
}
