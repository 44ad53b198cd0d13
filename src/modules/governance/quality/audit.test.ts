import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import { datastoreSelect, datastoreTables, quoteIdent } from '../../datastore/index.ts'
import { arrayLiteral, type CompileTarget, compileAudit, type TableRef } from './compile.ts'
import { AUTHORITY_FIELDS, authorityRows, POPULATION_FIELDS, populationRow, rng } from './generated-data.ts'
import { oracle, type TextRow } from './oracle.ts'
import { regionCodes } from './region-codes.ts'
import type { RuleSpec } from './rule-types.ts'
import { openQualityContext, type QualityContext } from './test-context.ts'

interface RunResult {
  id: string
  status: string
  rowCount: number
  score: number | null
  scores: Record<string, number>
  results: {
    ruleId: string
    type: string
    checked: number
    failed: number
    breached: boolean
    evaluated: boolean
    samples: Record<string, string | null>[]
    ticket: { id: string; status: string; dueDate: string } | null
  }[]
}

const ROWS = 600

for (const engine of testEngines()) {
  describe(`quality audits on ${engine}`, () => {
    let c: QualityContext
    let popId: string
    let authId: string
    let rules: RuleSpec[]
    let stored: TextRow[]
    let authStored: TextRow[]
    let regions: Set<string>

    const column = (code: string) => quoteIdent(code)
    async function readAll(id: string): Promise<TextRow[]> {
      const table = (await datastoreTables(c.t.db, [id])).get(id) ?? ''
      return datastoreSelect<TextRow>(c.t.db, {
        text: `select row_to_json(t)::text as j from ${table} t`,
        params: [],
      }).then((rows) => rows.map((r) => JSON.parse(String(r.j)) as TextRow))
    }

    before(async () => {
      c = await openQualityContext(engine)
      regions = new Set(await regionCodes(c.t.db))
      const r = rng(20261122)
      const xiangtan = [...regions].filter((x) => x.startsWith('4303'))
      const seen: string[] = []
      const rows = Array.from({ length: ROWS }, () => populationRow(r, seen, xiangtan))
      popId = await c.resource('人口质量样本', POPULATION_FIELDS)
      await c.load(popId, POPULATION_FIELDS, rows)
      authId = await c.resource('人口权威库', AUTHORITY_FIELDS)
      await c.load(authId, AUTHORITY_FIELDS, authorityRows(r, rows))
      const bodies: Record<string, unknown>[] = [
        { type: 'not_null', fields: ['sfzh'] },
        { type: 'unique', fields: ['sfzh'] },
        { type: 'unique', fields: ['xm', 'csrq'], threshold: 1 },
        { type: 'pattern', fields: ['yzbm'], params: { pattern: '^[0-9]{6}$' } },
        { type: 'enumeration', fields: ['xb'], params: { values: ['1', '2', '9'] } },
        { type: 'region_code', fields: ['qhdm'] },
        { type: 'range', fields: ['nl'], params: { min: 0, max: 150 } },
        { type: 'length', fields: ['xm'], params: { min: 2, max: 4 } },
        { type: 'id_number', fields: ['sfzh'] },
        { type: 'credit_code', fields: ['tyxydm'] },
        { type: 'mobile', fields: ['sjhm'] },
        { type: 'landline', fields: ['gddh'] },
        { type: 'email', fields: ['yx'] },
        { type: 'date', fields: ['csrq'], params: { notFuture: true } },
        { type: 'referential', fields: ['sfzh'], params: { refResourceId: authId, refField: 'gmsfhm' } },
        {
          type: 'consistency',
          fields: ['sfzh', 'xm'],
          params: { refResourceId: authId, refField: 'gmsfhm', refValueField: 'xm' },
        },
        { type: 'not_null', fields: ['yx'], threshold: 0.5 },
        { type: 'timeliness', fields: [] },
      ]
      for (const payload of bodies) {
        const res = await c.t.request({
          method: 'POST',
          url: `/api/v1/quality/resources/${popId}/rules`,
          headers: c.provider,
          payload,
        })
        assert.equal(res.statusCode, 201, res.body)
      }
      const list = await c.t.request({
        method: 'GET',
        url: `/api/v1/quality/resources/${popId}/rules`,
        headers: c.provider,
      })
      rules = list.json<{ items: RuleSpec[] }>().items
      stored = await readAll(popId)
      authStored = await readAll(authId)
    })
    after(() => c.close())

    const oracleCtx = () => {
      const now = new Date()
      return { now, today: shanghaiDate(now), regions, refs: new Map([[authId, authStored]]) }
    }

    test('one pass over the table gives, for every rule, the counts of a rule-by-rule evaluation', async () => {
      const res = await c.t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${popId}/runs`,
        headers: c.provider,
      })
      assert.equal(res.statusCode, 201, res.body)
      const run = res.json<RunResult>()
      assert.equal(run.status, 'succeeded')
      assert.equal(run.rowCount, ROWS)
      const ctx = oracleCtx()
      for (const rule of rules) {
        const got = run.results.find((x) => x.ruleId === rule.id)
        assert.ok(got, rule.name)
        if (rule.type === 'timeliness') {
          assert.deepEqual([got.checked, got.failed], [1, 0], 'data loaded just now is timely')
          continue
        }
        const want = oracle(rule, stored, ctx)
        assert.deepEqual(
          { checked: got.checked, failed: got.failed },
          want,
          `${rule.type} ${rule.fields.join('+')}`,
        )
        // Every generated column has dirty values, so each rule (but the composite key) must find failures.
        if (rule.type !== 'unique' || rule.fields.length === 1)
          assert.ok(want.failed > 0, `${rule.type} finds failures`)
      }
    })

    test('the inline form for external sources and single-rule statements agree with the one-pass statement', async () => {
      const tables = await datastoreTables(c.t.db, [popId, authId])
      const ref: TableRef = { table: tables.get(authId) ?? '', column }
      const base = {
        table: tables.get(popId) ?? '',
        column,
        today: shanghaiDate(new Date()),
        regionCodes: [...regions],
        refs: new Map([[authId, ref]]),
      }
      const counts = async (target: CompileTarget, rs: readonly RuleSpec[]) => {
        const a = compileAudit(rs, target)
        const [row] = await datastoreSelect<Record<string, string>>(c.t.db, {
          text: a.text,
          params: a.params,
        })
        return a.compiled.map((r, i) => [r.id, Number(row?.[`c${i}`]), Number(row?.[`f${i}`])])
      }
      const onePass = await counts({ ...base, mode: 'functions' }, rules)
      assert.deepEqual(await counts({ ...base, mode: 'inline' }, rules), onePass)
      const single = []
      for (const r of rules) single.push(...(await counts({ ...base, mode: 'functions' }, [r])))
      assert.deepEqual(single, onePass)
      // The plan reads the resource's table once; the reference rules read the authoritative table as hashed sets.
      const audit = compileAudit(rules, { ...base, mode: 'functions' })
      const plan = await datastoreSelect<Record<string, string>>(c.t.db, {
        text: `explain ${audit.text}`,
        params: audit.params,
      })
      const lines = plan.map((r) => String(Object.values(r)[0]))
      const hex = popId.replace(/-/g, '')
      assert.equal(lines.filter((l) => l.includes('Scan') && l.includes(hex)).length, 1, lines.join('\n'))
    })

    test('failing rules carry masked samples; breaches open tickets to the provider with a working-day deadline', async () => {
      const res = await c.t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${popId}/runs`,
        headers: c.provider,
      })
      const run = res.json<RunResult>()
      const id = run.results.find((x) => x.type === 'id_number')
      assert.ok(id && id.samples.length > 0 && id.samples.length <= 5)
      for (const s of id.samples) {
        const v = s.sfzh ?? ''
        assert.ok(v.includes('*'), `ID numbers are masked: ${v}`)
        assert.ok(!stored.some((row) => row.sfzh === v), 'no sample is a stored value in clear')
      }
      const mobile = run.results.find((x) => x.type === 'mobile')
      assert.ok(mobile && mobile.samples.length > 0)
      for (const s of mobile.samples)
        assert.ok(s.sjhm === null || String(s.sjhm).includes('*'), 'phones are masked')
      const lenient = run.results.find((x) => x.type === 'not_null' && x.samples.some((s) => 'yx' in s))
      assert.equal(lenient?.breached, false, 'within its 50% threshold')
      const breached = run.results.filter((x) => x.breached)
      assert.ok(breached.length >= 10)
      for (const b of breached) assert.ok(b.ticket && b.ticket.status === 'open')
      // A second run keeps one ticket per rule.
      const tickets = await c.t.request({
        method: 'GET',
        url: '/api/v1/rectifications?pageSize=200&source=audit',
        headers: c.provider,
      })
      const items = tickets.json<{ items: { ruleId: string; dueDate: string; workingDaysLeft: number }[] }>()
        .items
      assert.equal(new Set(items.map((t) => t.ruleId)).size, items.length)
      assert.equal(items.length, breached.length)
      for (const t of items) assert.equal(t.workingDaysLeft, 5)
      assert.ok(run.score !== null && run.score > 0 && run.score < 100)
      // Running an audit and reading its samples are data accesses: both are in the audit trail.
      for (const action of ['quality.audit_run', 'quality.run_read']) {
        const events = await c.t.request({
          method: 'GET',
          url: `/api/v1/audit/events?action=${action}`,
          headers: c.admin,
        })
        assert.ok(
          events.json<{ items: { targetId: string }[] }>().items.some((e) => e.targetId === run.id),
          action,
        )
      }
      assert.deepEqual(Object.keys(run.scores).sort(), [
        'completeness',
        'consistency',
        'timeliness',
        'uniqueness',
        'validity',
      ])
    })

    test('suggestions come from field names and sampled values; existing rules are not suggested again', async () => {
      const fields = [
        { code: 'a1', name: '证件号' },
        { code: 'lxfs', name: '联系手机' },
        { code: 'dwdm', name: '单位统一社会信用代码' },
        { code: 'xm', name: '姓名', length: 30 },
      ]
      const id = await c.resource('推荐样本', fields)
      const r = rng(7)
      const { validIdNumber } = await import('./generated-data.ts')
      await c.load(
        id,
        fields,
        Array.from({ length: 30 }, () => [validIdNumber(r), '13812345678', '91110000600037341L', '张三']),
      )
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/quality/resources/${id}/suggestions`,
        headers: c.provider,
      })
      assert.equal(res.statusCode, 200, res.body)
      const s = res.json<{ items: { type: string; fields: string[] }[] }>().items
      const has = (type: string, field: string) => s.some((x) => x.type === type && x.fields[0] === field)
      assert.ok(has('id_number', 'a1'), 'an ID column recognised by its values')
      assert.ok(has('mobile', 'lxfs'))
      assert.ok(has('credit_code', 'dwdm'))
      assert.ok(has('length', 'xm'))
      assert.ok(s.some((x) => x.type === 'timeliness'))
      const popSuggestions = await c.t.request({
        method: 'GET',
        url: `/api/v1/quality/resources/${popId}/suggestions`,
        headers: c.provider,
      })
      const again = popSuggestions.json<{ items: { type: string; fields: string[] }[] }>().items
      assert.ok(!again.some((x) => x.type === 'id_number' && x.fields[0] === 'sfzh'))
    })

    test('code tables travel as one array parameter, exact for quotes, backslashes, commas and blanks', async () => {
      const values = ['a', 'b"c', 'd\\e', '', '中文', 'x,y', '{z}', ' NULL ', 'null']
      const rows = await datastoreSelect<{ v: string }>(c.t.db, {
        text: 'select unnest($1::text[]) as v',
        params: [arrayLiteral(values)],
      })
      assert.deepEqual(
        rows.map((r) => r.v),
        values,
      )
    })

    test('bad rules are refused with field-level problems', async () => {
      const cases: [Record<string, unknown>, number][] = [
        [{ type: 'pattern', fields: ['xm'] }, 422],
        [{ type: 'pattern', fields: ['xm'], params: { pattern: '([' } }, 422],
        [{ type: 'mobile', fields: ['nope'] }, 422],
        [{ type: 'unique', fields: [] }, 422],
        [{ type: 'range', fields: ['nl'], params: { min: 5, max: 1 } }, 422],
        [
          { type: 'consistency', fields: ['sfzh'], params: { refResourceId: authId, refField: 'gmsfhm' } },
          422,
        ],
        [{ type: 'referential', fields: ['sfzh'], params: { refResourceId: authId, refField: 'nope' } }, 422],
        [
          {
            type: 'referential',
            fields: ['sfzh'],
            params: { refResourceId: '01a202ca-0000-7000-8000-000000000000', refField: 'gmsfhm' },
          },
          422,
        ],
        [{ type: 'nonsense', fields: ['xm'] }, 400],
      ]
      for (const [payload, status] of cases) {
        const res = await c.t.request({
          method: 'POST',
          url: `/api/v1/quality/resources/${popId}/rules`,
          headers: c.provider,
          payload,
        })
        assert.equal(res.statusCode, status, res.body)
      }
      const other = await c.t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${popId}/rules`,
        headers: c.consumer,
        payload: { type: 'mobile', fields: ['sjhm'] },
      })
      assert.equal(other.statusCode, 404)
      const auditor = await c.t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${popId}/rules`,
        headers: c.providerAuditor,
        payload: { type: 'mobile', fields: ['sjhm'] },
      })
      assert.equal(auditor.statusCode, 403)
    })

    test('the scoreboard rolls scores up by org and region within the viewer scope', async () => {
      const byOrg = await c.t.request({
        method: 'GET',
        url: '/api/v1/quality/scoreboard?by=org',
        headers: c.reviewer,
      })
      const items = byOrg.json<{
        items: { key: string; score: number; openTickets: number }[]
        trend: unknown[]
      }>()
      const mine = items.items.find((x) => x.key === c.providerOrgId)
      assert.ok(mine && mine.score > 0 && mine.openTickets > 0)
      assert.ok(items.trend.length >= 1)
      const region = await c.t.request({
        method: 'GET',
        url: '/api/v1/quality/scoreboard?by=region',
        headers: c.reviewer,
      })
      const regionItems = region.json<{ items: { key: string; name: string }[] }>().items
      assert.ok(regionItems.length > 0 && regionItems.every((x) => x.key.startsWith('4303')))
      // The province bureau sees the same scores rolled up to the city (430300 湘潭市), named.
      const province = await c.t.request({
        method: 'GET',
        url: '/api/v1/quality/scoreboard?by=region',
        headers: c.admin,
      })
      const city = province
        .json<{ items: { key: string; name: string; resources: number }[] }>()
        .items.find((x) => x.key === '430300')
      assert.ok(city?.name.includes('湘潭') && city.resources >= 1, province.body)
      const changsha = await c.t.request({
        method: 'GET',
        url: '/api/v1/quality/scoreboard?by=org',
        headers: c.otherReviewer,
      })
      assert.equal(changsha.json<{ items: unknown[] }>().items.length, 0)
      const consumer = await c.t.request({
        method: 'GET',
        url: '/api/v1/quality/scoreboard?by=resource',
        headers: c.consumer,
      })
      assert.equal(consumer.json<{ items: unknown[] }>().items.length, 0)
    })
  })
}
