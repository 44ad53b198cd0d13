import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { openTestDatabase, type TestDatabase, testEngines } from '../../../test/support/db.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import {
  beginLoad,
  type ColumnSpec,
  checkValue,
  commitLoad,
  datastoreColumns,
  dropDatastoreTable,
  FileFormatError,
  lastLoad,
  loadRows,
  previewRows,
  readCsv,
  readJsonl,
  type SourceRecord,
} from './index.ts'
import { createTable, stagingTable } from './store.ts'

async function collect(it: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = []
  for await (const r of it) out.push(r)
  return out
}

/** Feeds a byte at a time, so every quote, line break and multi-byte character straddles a chunk boundary. */
const bytewise = (b: Buffer) => Readable.from([...b].map((x) => Buffer.from([x])))
const cells = (rs: SourceRecord[]) => rs.map((r) => ('cells' in r ? [r.row, ...r.cells] : r))

describe('streaming readers', () => {
  test('CSV follows RFC 4180 across chunk boundaries', async () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\n\n户籍,,last\rend,"",3'
    for (const stream of [Readable.from([Buffer.from(text)]), bytewise(Buffer.from(text))]) {
      assert.deepEqual(cells(await collect(readCsv(stream))), [
        [1, 'a', 'b', 'c'],
        [2, 'x, y', 'say "hi"', 'two\nlines'],
        [4, '户籍', '', 'last'],
        [5, 'end', '', '3'],
      ])
    }
  })

  test('CSV refuses unterminated quotes and text after a closing quote, naming the row', async () => {
    for (const [text, row] of [
      ['a\n"open,1\n2\n', 2],
      ['a\nb\n"x"y\n', 3],
    ] as const) {
      await assert.rejects(collect(readCsv(Readable.from([Buffer.from(text)]))), (err: unknown) => {
        assert.ok(err instanceof FileFormatError)
        assert.equal(err.row, row)
        return true
      })
    }
  })

  test('GBK text decodes when asked; invalid UTF-8 is refused, not garbled', async () => {
    const gbk = Buffer.from([0x78, 0x6d, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a])
    assert.deepEqual(cells(await collect(readCsv(bytewise(gbk), 'gbk'))), [
      [1, 'xm'],
      [2, '张三'],
    ])
    await assert.rejects(collect(readCsv(Readable.from([gbk]))), FileFormatError)
  })

  test('JSON Lines: each line an object; bad lines are row problems', async () => {
    const text = '{"a":1}\r\n\nnot json\n[1,2]\n{"b":"户"}'
    const rs = await collect(readJsonl(bytewise(Buffer.from(text))))
    assert.deepEqual(
      rs.map((r) => ('object' in r ? r.object : 'problem' in r ? r.problem.message : null)),
      [{ a: 1 }, 'is not valid JSON', 'is not a JSON object', { b: '户' }],
    )
    assert.deepEqual(
      rs.map((r) => r.row),
      [1, 3, 4, 5],
    )
  })
})

describe('value checks', () => {
  const col = (
    dataType: ColumnSpec['dataType'],
    length: number | null = null,
    required = false,
  ): ColumnSpec => ({
    code: 'c',
    dataType,
    length,
    required,
  })
  test('each declared type accepts its forms and refuses the rest', () => {
    const ok: [ColumnSpec, unknown, unknown][] = [
      [col('string', 3), '户籍地', '户籍地'],
      [col('integer'), ' 42 ', '42'],
      [col('integer'), 7, '7'],
      [col('integer'), '9223372036854775807', '9223372036854775807'],
      [col('decimal', 5), '123.45', '123.45'],
      [col('decimal'), 1.5, '1.5'],
      [col('date'), '2024/2/29', '2024-02-29'],
      [col('date'), '20240229', '2024-02-29'],
      [col('date'), new Date(Date.UTC(2024, 1, 29)), '2024-02-29'],
      [col('datetime'), '2025-03-01 08:30', '2025-03-01T08:30:00+08:00'],
      [col('datetime'), '2025-03-01T08:30:00Z', '2025-03-01T08:30:00Z'],
      [col('boolean'), '是', true],
      [col('boolean'), 'N', false],
      [col('string'), '', null],
      [col('integer'), '  ', null],
    ]
    for (const [c, raw, want] of ok) {
      const r = checkValue(c, raw)
      assert.ok(r.ok, `${c.dataType} ${String(raw)}`)
      assert.deepEqual(r.value, want)
    }
    const bad: [ColumnSpec, unknown][] = [
      [col('string', 2), '户籍地'],
      [col('integer'), 'abc'],
      [col('integer'), '1.5'],
      [col('integer'), '9223372036854775808'],
      [col('integer'), true],
      [col('decimal', 3), '1234'],
      [col('date'), '2025-02-30'],
      [col('date'), 'yesterday'],
      [col('datetime'), '2025-03-01 25:00'],
      [col('boolean'), 'maybe'],
      [col('binary'), 'not base64!'],
      [col('string', null, true), ''],
      [col('string'), 'a\u0000b'],
    ]
    for (const [c, raw] of bad) {
      const r = checkValue(c, raw)
      assert.equal(r.ok, false, `${c.dataType} ${String(raw)}`)
      if (!r.ok) assert.ok(r.messageZh.length > 0)
    }
    const bin = checkValue(col('binary', 3), 'AQID')
    assert.ok(bin.ok && bin.value instanceof Uint8Array && bin.value.length === 3)
  })
})

const COLUMNS: ColumnSpec[] = [
  { code: 'id', name: '编号', dataType: 'integer', required: true },
  { code: 'Name', name: '名称', dataType: 'string', length: 30 },
  { code: 'amount', name: '金额', dataType: 'decimal' },
  { code: 'day', name: '日期', dataType: 'date' },
  { code: 'ok', name: '是否', dataType: 'boolean' },
  { code: 'blob', name: '附件', dataType: 'binary' },
]

for (const engine of testEngines()) {
  describe(`datastore tables on ${engine}`, () => {
    let database: TestDatabase
    let db: Db
    before(async () => {
      database = await openTestDatabase(engine)
      db = database.handle.db
    })
    after(() => database.dispose())

    async function load(resourceId: string, text: string, mode: 'reject' | 'skip' = 'reject') {
      const loadId = await beginLoad(db, { resourceId, format: 'csv', startedBy: null })
      assert.ok(loadId)
      const outcome = await loadRows(db, {
        loadId,
        resourceId,
        columns: COLUMNS,
        records: readCsv(Readable.from([Buffer.from(text)])),
        mode,
        strictWidth: true,
        batchSize: 2,
      })
      if (outcome.ok)
        await db.transaction().execute((trx) => commitLoad(trx, outcome, { loadId, resourceId }))
      return outcome
    }

    const tablesOf = async (resourceId: string) =>
      (await datastoreColumns(db, [resourceId])).get(resourceId) ?? null

    test('a load creates a typed table with the codes as column names; a refused one leaves no trace', async () => {
      const rid = newId()
      const good = await load(
        rid,
        'ID,名称,amount,day,ok,blob\n1,"O\'Brien; drop table x",12.50,2025-01-02,是,AQID\n2,,,,,\n3,第三,0.1,,false,\n',
      )
      assert.ok(good.ok, JSON.stringify(good))
      assert.equal(good.rowsLoaded, 3)
      assert.deepEqual(await tablesOf(rid), ['id', 'Name', 'amount', 'day', 'ok', 'blob'])
      const rows = await previewRows(db, rid, COLUMNS, 10)
      assert.deepEqual(rows?.[0], {
        id: 1,
        Name: "O'Brien; drop table x",
        amount: '12.50',
        day: '2025-01-02',
        ok: true,
        blob: 'AQID',
      })
      assert.equal((await lastLoad(db, rid))?.status, 'succeeded')

      const bad = await load(rid, 'id,Name,amount,day,ok,blob\n4,x,1,2025-13-01,,\n,y,1,,,\n5,z\n')
      assert.equal(bad.ok, false)
      if (!bad.ok) {
        assert.equal(bad.reason, 'rows_invalid')
        assert.deepEqual(
          bad.problems.map((p) => [p.row, p.column]),
          [
            [2, 'day'],
            [3, 'id'],
            [4, null],
          ],
        )
      }
      assert.equal((await previewRows(db, rid, COLUMNS, 10))?.length, 3, 'the old data is intact')
      assert.equal((await lastLoad(db, rid))?.status, 'failed')
      const leftovers = await datastoreColumns(db, [rid])
      assert.equal(leftovers.size, 1)

      const skipped = await load(rid, 'id,Name,amount,day,ok,blob\n4,x,1,2025-13-01,,\n6,ok,,,,\n', 'skip')
      assert.ok(skipped.ok)
      assert.equal(skipped.rowsRejected, 1)
      assert.deepEqual(
        (await previewRows(db, rid, COLUMNS, 10))?.map((r) => r.id),
        [6],
      )
    })

    test('a field declared after the load previews empty; dropping removes the table', async () => {
      const rid = newId()
      assert.ok((await load(rid, 'id,Name,amount,day,ok,blob\n1,a,,,,\n')).ok)
      const rows = await previewRows(db, rid, [...COLUMNS, { code: 'later' }], 5)
      assert.deepEqual(rows?.[0]?.later, null)
      await dropDatastoreTable(db, rid)
      assert.equal(await previewRows(db, rid, COLUMNS, 5), null)
    })

    test('one load per resource at a time; a load whose process died is swept away', async () => {
      const rid = newId()
      const first = await beginLoad(db, { resourceId: rid, format: 'csv', startedBy: null })
      assert.ok(first)
      assert.equal(await beginLoad(db, { resourceId: rid, format: 'csv', startedBy: null }), null)
      // The first load's process "died" ten minutes ago, leaving its staging table behind.
      await createTable(db, stagingTable(rid, first), COLUMNS)
      await sql`update datastore_loads set updated_at = now() - interval '10 minutes' where id = ${first}`.execute(
        db,
      )
      const second = await beginLoad(db, { resourceId: rid, format: 'csv', startedBy: null })
      assert.ok(second)
      const staged = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_schema = 'datastore' and table_name = ${stagingTable(rid, first)}`.execute(db)
      assert.equal(staged.rows[0]?.n, 0)
      const log = await sql<{
        status: string
      }>`select status from datastore_loads where id = ${first}`.execute(db)
      assert.equal(log.rows[0]?.status, 'failed')
    })
  })
}
