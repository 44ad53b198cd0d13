/**
 * The chunking behind exactly-once: reading a table chunk after chunk, each starting strictly after the previous
 * chunk's end key, yields every row exactly once — with NULLs in the key, duplicate keys and fully duplicate rows
 * (a resource without key fields), whatever the chunk size; as parsed rows and, on PostgreSQL, as COPY text.
 * Checked on random tables (fast-check).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { openTestDatabase, type TestDatabase, testEngines } from '../../../../test/support/db.ts'
import type { Db } from '../../../platform/db/index.ts'
import {
  copyOut,
  type ScanColumn,
  type ScanKey,
  type ScanQuery,
  type ScanSpec,
  scanBoundaryQuery,
  scanCopyStatement,
  scanCountQuery,
  scanEndQuery,
  scanRangeQuery,
} from '../../datastore/index.ts'
import { type ChunkSource, readChunk } from './chunks.ts'
import { fromCopy } from './copy-in.ts'

type Row = [number | null, string | null, string | null]

const TABLE = 'public.keyset_probe'

async function q(db: Db, query: ScanQuery | string, params: unknown[] = []): Promise<(string | null)[][]> {
  const { text, params: values } = typeof query === 'string' ? { text: query, params } : query
  const res = await db.withoutPlugins().executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, values))
  return res.rows.map((r) => Object.keys(r).map((k) => (r[k] === null ? null : String(r[k]))))
}

function source(db: Db, client: pg.Client | null): ChunkSource {
  return {
    async nextEnd(spec, after, limit) {
      const [boundary] = await q(db, scanBoundaryQuery(TABLE, spec, after, limit))
      if (boundary) return { end: boundary, full: true }
      const [end] = await q(db, scanEndQuery(TABLE, spec, after))
      return end ? { end, full: false } : null
    },
    rows: (spec, after, upTo) => q(db, scanRangeQuery(TABLE, spec, after, upTo)),
    copy: client
      ? async (spec, after, upTo) => (await copyOut(client, scanCopyStatement(TABLE, spec, after, upTo))).text
      : null,
  }
}

async function readAll(src: ChunkSource, spec: ScanSpec, limit: number, asCopy: boolean): Promise<string[]> {
  const out: string[] = []
  let after: ScanKey | null = null
  for (let guard = 0; guard < 1000; guard++) {
    const chunk = await readChunk(src, spec, after, limit, asCopy)
    if (!chunk) break
    const rows =
      chunk.body.kind === 'rows'
        ? chunk.body.rows
        : chunk.body.text
            .toString('utf8')
            .split('\n')
            .filter((l, i, all) => i < all.length - 1 || l !== '')
            .map((l) => l.split('\t').map(fromCopy))
    assert.equal(rows.length, chunk.count)
    for (const r of rows) out.push(JSON.stringify(r.slice(0, spec.columns.length)))
    if (!chunk.full) break
    after = chunk.key
  }
  return out.sort()
}

const row = fc.tuple(
  fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  fc.option(fc.constantFrom('a', 'b', 'c\td', 'e\\f', "g'h", ''), { nil: null }),
  fc.option(fc.constantFrom('x', 'y'), { nil: null }),
) as fc.Arbitrary<Row>

const columns: ScanColumn[] = [
  { name: 'a', dataType: 'integer' },
  { name: 'b', dataType: 'string' },
  { name: 'c', dataType: 'string' },
]

for (const engine of testEngines()) {
  describe(`keyset chunks on ${engine}`, () => {
    let database: TestDatabase
    let db: Db
    let client: pg.Client | null = null
    before(async () => {
      database = await openTestDatabase(engine)
      db = database.handle.db
      await q(db, `create table ${TABLE} (a bigint, b text, c text)`)
      if (engine === 'postgres') {
        const [[name]] = (await q(db, 'select current_database()')) as [[string]]
        const url = new URL(process.env.TEST_DATABASE_URL ?? '')
        url.pathname = `/${name}`
        client = new pg.Client({ connectionString: url.toString() })
        await client.connect()
      }
    })
    after(async () => {
      await client?.end()
      await database.dispose()
    })

    test('every row exactly once, for any table, sort key and chunk size', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(row, { maxLength: 40 }),
          fc.integer({ min: 1, max: 6 }),
          fc.constantFrom('key', 'all', 'partial'),
          async (rows, limit, ordering) => {
            await q(db, `truncate ${TABLE}`)
            for (const r of rows) await q(db, `insert into ${TABLE} values ($1, $2, $3)`, r)
            const order =
              ordering === 'key' ? columns.slice(0, 1) : ordering === 'all' ? columns : columns.slice(1, 2)
            const spec: ScanSpec = { columns, order, filter: {} }
            const want = rows.map((r) => JSON.stringify(r.map((v) => (v === null ? null : String(v))))).sort()
            assert.deepEqual(await readAll(source(db, null), spec, limit, false), want)
            if (client) assert.deepEqual(await readAll(source(db, client), spec, limit, true), want)
          },
        ),
        { numRuns: engine === 'pglite' ? 60 : 40 },
      )
    })

    test('large chunks come through COPY byte for byte (megabytes per chunk, reused buffers)', async () => {
      await q(db, `truncate ${TABLE}`)
      await q(
        db,
        `insert into ${TABLE} select g, repeat(md5(g::text), 8) || E'\\t' || g, 'z' from generate_series(1, 30000) g`,
      )
      const spec: ScanSpec = { columns, order: columns.slice(0, 1), filter: {} }
      const want = await readAll(source(db, null), spec, 12_000, false)
      assert.equal(want.length, 30_000)
      if (client) assert.deepEqual(await readAll(source(db, client), spec, 12_000, true), want)
    })

    test('filters narrow the count and the chunks alike (region prefix, watermark window)', async () => {
      await q(db, `truncate ${TABLE}`)
      for (let i = 0; i < 30; i++)
        await q(db, `insert into ${TABLE} values ($1, $2, $3)`, [
          i,
          i % 2 ? '430302' : '430102',
          i < 10 ? null : 'w',
        ])
      const [a, b] = columns as [ScanColumn, ScanColumn]
      const spec: ScanSpec = {
        columns,
        order: [a],
        filter: {
          prefix: { column: b, prefix: '4303' },
          above: { column: a, value: '4' },
          upTo: { column: a, value: '21', includeNull: false },
        },
      }
      const [[n]] = (await q(db, scanCountQuery(TABLE, spec))) as [[string]]
      const odd = ['5', '7', '9', '11', '13', '15', '17', '19', '21']
      assert.equal(Number(n), odd.length)
      for (const asCopy of client ? [false, true] : [false]) {
        const got = await readAll(source(db, client), spec, 4, asCopy)
        assert.deepEqual(
          got.map((r) => JSON.parse(r)[0]).sort((x: string, y: string) => Number(x) - Number(y)),
          odd,
        )
      }
    })
  })
}
