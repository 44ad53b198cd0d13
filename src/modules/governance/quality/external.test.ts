import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import { POPULATION_FIELDS, populationRow, rng } from './generated-data.ts'
import { oracle, type TextRow } from './oracle.ts'
import { regionCodes } from './region-codes.ts'
import type { RuleSpec } from './rule-types.ts'
import { openQualityContext, type QualityContext } from './test-context.ts'

/**
 * An external PostgreSQL mount: the audit runs there in one statement with the national code checks inlined
 * (no functions may be created on a source we do not own), and gives the oracle's counts. Needs
 * TEST_DATABASE_URL (the external table lives in a scratch schema of that server).
 */
const base = process.env.TEST_DATABASE_URL
// Like testEngines(): without a PostgreSQL server there is no external source to mount, and nothing to run.
if (base)
  describe('quality audit of an external PostgreSQL mount', () => {
    let c: QualityContext
    let id: string
    let ext: pg.Client
    const schema = `quality_ext_${Date.now().toString(36)}`
    let stored: TextRow[] = []

    before(async () => {
      c = await openQualityContext('postgres')
      ext = new pg.Client({ connectionString: base })
      await ext.connect()
      await ext.query(`create schema ${schema}`)
      await ext.query(
        `create table ${schema}.people (${POPULATION_FIELDS.map((f) => `${f.code} text`).join(', ')})`,
      )
      const r = rng(99)
      const regions = (await regionCodes(c.t.db)).filter((x) => x.startsWith('4303'))
      const seen: string[] = []
      for (let i = 0; i < 300; i++) {
        const row = populationRow(r, seen, regions)
        await ext.query(
          `insert into ${schema}.people values (${row.map((_, j) => `$${j + 1}`).join(', ')})`,
          row,
        )
      }
      stored = (await ext.query(`select * from ${schema}.people`)).rows as TextRow[]
      id = await c.resource('外部人口库', POPULATION_FIELDS)
      const put = await c.t.request({
        method: 'PUT',
        url: `/api/v1/catalog/resources/${id}/mount`,
        headers: c.provider,
        payload: { kind: 'postgres', url: base, schema, table: 'people' },
      })
      assert.equal(put.statusCode, 200, put.body)
    })
    after(async () => {
      await ext?.query(`drop schema if exists ${schema} cascade`)
      await ext?.end()
      await c?.close()
    })

    test('one inline statement on the source gives the oracle’s counts; cross-database references are not evaluated', async () => {
      const bodies = [
        { type: 'id_number', fields: ['sfzh'] },
        { type: 'credit_code', fields: ['tyxydm'] },
        { type: 'date', fields: ['csrq'], params: { notFuture: true } },
        { type: 'mobile', fields: ['sjhm'] },
        { type: 'region_code', fields: ['qhdm'] },
        { type: 'unique', fields: ['sfzh'] },
        { type: 'not_null', fields: ['yx'] },
        { type: 'referential', fields: ['sfzh'], params: { refResourceId: id, refField: 'sfzh' } },
      ]
      for (const payload of bodies) {
        const res = await c.t.request({
          method: 'POST',
          url: `/api/v1/quality/resources/${id}/rules`,
          headers: c.provider,
          payload,
        })
        assert.equal(res.statusCode, 201, res.body)
      }
      const rules = (
        await c.t.request({
          method: 'GET',
          url: `/api/v1/quality/resources/${id}/rules`,
          headers: c.provider,
        })
      ).json<{ items: RuleSpec[] }>().items
      const run = await c.t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${id}/runs`,
        headers: c.provider,
      })
      assert.equal(run.statusCode, 201, run.body)
      const results = run.json<{
        rowCount: number
        results: {
          ruleId: string
          evaluated: boolean
          checked: number
          failed: number
          note: string | null
          samples: Record<string, string | null>[]
        }[]
      }>()
      assert.equal(results.rowCount, 300)
      const now = new Date()
      const ctx = {
        now,
        today: shanghaiDate(now),
        regions: new Set(await regionCodes(c.t.db)),
        refs: new Map(),
      }
      for (const rule of rules) {
        const got = results.results.find((x) => x.ruleId === rule.id)
        assert.ok(got)
        if (rule.type === 'referential') {
          assert.equal(got.evaluated, false)
          assert.match(got.note ?? '', /同一数据库/)
          continue
        }
        assert.deepEqual({ checked: got.checked, failed: got.failed }, oracle(rule, stored, ctx), rule.type)
      }
      const id18 = results.results.find((x) => x.ruleId === rules[0]?.id)
      assert.ok(id18?.samples.every((s) => !s.sfzh || s.sfzh.includes('*')))
    })
  })
