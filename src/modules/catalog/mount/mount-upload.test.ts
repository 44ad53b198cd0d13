import assert from 'node:assert/strict'
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import type { TestApp } from '../../../../test/support/app.ts'
import { testEngines } from '../../../../test/support/db.ts'
import { csvRow, HEADER } from './fixtures.ts'
import {
  csv,
  type MountContext,
  type MountView,
  openMountContext,
  type Preview,
  type Problem,
} from './test-context.ts'

for (const engine of testEngines()) {
  describe(`catalog mounting: uploads to the datastore on ${engine}`, () => {
    let c: MountContext
    let t: TestApp
    let steward: Record<string, string>
    let dir: string
    const resource = (name: string) => c.resource(name)
    const upload = (...args: Parameters<MountContext['upload']>) => c.upload(...args)
    const preview = (...args: Parameters<MountContext['preview']>) => c.preview(...args)
    const mountOf = (...args: Parameters<MountContext['mountOf']>) => c.mountOf(...args)

    before(async () => {
      c = await openMountContext(engine)
      ;({ t, steward, dir } = c)
    })
    after(() => c.close())

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
      assert.deepEqual(body.masked.sort(), ['csrq', 'hjdz', 'sfzh', 'sjhm', 'xm'])
      const row = body.rows.find((r) => r.nl === 21)
      assert.ok(row, JSON.stringify(body.rows))
      assert.equal(row.xm, '张*')
      assert.equal(row.sfzh, '430302********001X')
      assert.equal(row.sjhm, '138****0001')
      assert.equal(row.hjdz, '湖南省湘潭市雨湖区****')
      assert.equal(row.sg, '172.5')
      // A birth date is personal data (rules.md §5): previews hide it entirely.
      assert.equal(row.csrq, '******')
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
          ['王*', null, '180.25', '******'],
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
          ['赵*', '湖南省湘潭县****', 40, '******', '2025-01-01T19:04:05.000Z', true],
          ['钱*', null, 41, '******', null, false],
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
  })
}
