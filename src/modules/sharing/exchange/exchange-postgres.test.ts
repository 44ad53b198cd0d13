/**
 * Runs to a consumer's PostgreSQL table (only where a real PostgreSQL is available: TEST_DATABASE_URL; the target is
 * a separate throwaway database on that server). Chunks and the checkpoint land in one target transaction.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { testEngines } from '../../../../test/support/db.ts'
import { type ExchangeFixture, openExchangeFixture, type Person, person } from './test-fixtures.ts'

const SERVER = process.env.TEST_DATABASE_URL
const ROWS = 450
const people = (n: number, updated?: string) => Array.from({ length: n }, (_, k) => person(k + 1, updated))
const inCity = (p: Person) => p.xzqh.startsWith('4303')

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

for (const engine of SERVER ? testEngines() : []) {
  describe(`exchange runs to a PostgreSQL target, source on ${engine}`, () => {
    let f: ExchangeFixture
    let name: string
    let target: pg.Client
    let targetUrl: string

    before(async () => {
      f = await openExchangeFixture(engine, ROWS)
      name = `shuhui_exch_target_${randomBytes(4).toString('hex')}`
      await admin((c) => c.query(`create database ${name}`))
      targetUrl = withDatabase(SERVER ?? '', name)
      target = new pg.Client({ connectionString: targetUrl })
      await target.connect()
      await target.query('create schema consumer')
    })
    after(async () => {
      await target.end()
      await admin((c) => c.query(`drop database if exists ${name} with (force)`))
      await f.close()
    })

    const job = async (body: Record<string, unknown>) => {
      const res = await f.createJob({
        name: '人口库对接',
        targetKind: 'postgres',
        targetUrl,
        targetSchema: 'consumer',
        chunkSize: 100,
        ...body,
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string }>().id
    }
    const tableRows = async (table: string) =>
      (await target.query<Person>(`select * from consumer.${table} order by sfzh`)).rows.map((r) => ({
        ...r,
        nl: String(r.nl),
        gxsj: new Date(r.gxsj).toISOString(),
      }))

    test('a full run writes every row once, with the checkpoint in the same database; the URL stays secret', async () => {
      const id = await job({
        grantId: await f.grant({ rowScope: { field: 'xzqh', regionCode: '430300' } }),
        mode: 'full',
        targetTable: 'rk',
      })
      const view = await f.t.request({
        method: 'GET',
        url: `/api/v1/exchange/jobs/${id}`,
        headers: f.consumer,
      })
      assert.ok(!view.body.includes(targetUrl) && !view.body.includes('postgres://'))
      assert.equal(view.json<{ target: { schema: string; table: string } }>().target.table, 'rk')
      const run = await f.run(id)
      assert.equal(run.status, 'succeeded', run.errorCode ?? '')
      const expected = people(ROWS)
        .filter(inCity)
        .sort((a, b) => a.sfzh.localeCompare(b.sfzh))
      assert.equal(run.rowsDone, expected.length)
      assert.deepEqual(await tableRows('rk'), expected)
      const cp = await target.query('select * from consumer._shuhui_exchange_checkpoints where job_id = $1', [
        id,
      ])
      assert.equal(cp.rows[0]?.run_id, run.id)
      assert.equal(Number(cp.rows[0]?.rows_done), expected.length)
      assert.equal(cp.rows[0]?.chunks, run.chunksDone)
      assert.match(cp.rows[0]?.last_key, /^sm4v1:/, 'the sort key is sealed')
      const types = await target.query(
        "select column_name, data_type from information_schema.columns where table_schema = 'consumer' and table_name = 'rk'",
      )
      assert.equal(types.rows.find((r) => r.column_name === 'nl')?.data_type, 'bigint')
      const again = await f.run(id)
      assert.equal(again.status, 'succeeded')
      assert.equal((await tableRows('rk')).length, expected.length, 'a full run replaces the table')
    })

    test('an incremental run replaces changed rows by key and adds new ones; special characters survive', async () => {
      const id = await job({
        grantId: await f.grant(),
        mode: 'incremental',
        watermarkField: 'gxsj',
        targetTable: 'rk_inc',
      })
      assert.equal((await f.run(id)).rowsDone, ROWS)
      const later = '2025-07-01T00:00:00.000Z'
      const changed = { ...person(7, later), bz: 'tab\there, back\\slash, new\nline, "quoted"', nl: '77' }
      const added = person(ROWS + 1, later)
      await f.load([...people(ROWS).map((p) => (p.sfzh === changed.sfzh ? changed : p)), added])
      const second = await f.run(id)
      assert.equal(second.rowsDone, 2)
      const rows = await tableRows('rk_inc')
      assert.equal(rows.length, ROWS + 1)
      assert.deepEqual(
        rows.find((r) => r.sfzh === changed.sfzh),
        changed,
      )
      await f.load(people(ROWS))
    })

    test('an existing table without the delivered columns is refused at creation', async () => {
      await target.query('create table consumer.narrow (sfzh text, xm text)')
      const res = await f.createJob({
        grantId: await f.grant(),
        name: '不匹配',
        targetKind: 'postgres',
        targetUrl,
        targetSchema: 'consumer',
        targetTable: 'narrow',
        mode: 'full',
      })
      assert.equal(res.statusCode, 422, res.body)
      assert.equal(res.json<{ code: string }>().code, 'exchange.target_table_mismatch')
      assert.deepEqual(res.json<{ missing: string[] }>().missing, ['sjhm', 'xzqh', 'nl', 'bz', 'gxsj'])
      const schema = await f.createJob({
        grantId: await f.grant(),
        name: '无此模式',
        targetKind: 'postgres',
        targetUrl,
        targetSchema: 'nope',
        targetTable: 'rk',
        mode: 'full',
      })
      assert.equal(schema.json<{ code: string; reason: string }>().reason, 'schema')
    })
  })
}
