/**
 * Strict differential privacy in the sandbox: the CLAMPED BETWEEN grammar, bounds required under noise, min/max
 * refused under noise, clamping in SQL, the noise scale fixed by the query (not by the data), suppression on the
 * noisy group size, avg within its bounds, and the budget.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../test/support/db.ts'
import { DomainError } from '../../platform/errors.ts'
import { compileQuery, type SandboxField } from './compile.ts'
import { planNoise } from './dp.ts'
import { csvOf, hostedResource, openSandboxFixture, type SandboxFixture } from './fixture.ts'
import { createSandboxScope, runSandboxQuery } from './index.ts'
import { laplace } from './noise.ts'
import { parseSandboxSql } from './sql-parse.ts'

const isCode = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code

const FIELDS = new Map<string, SandboxField>([
  ['nl', { code: 'nl', dataType: 'integer', isKey: false }],
  ['sr', { code: 'sr', dataType: 'decimal', isKey: false }],
  ['qh', { code: 'qh', dataType: 'string', isKey: false }],
])
const compiled = (text: string) => compileQuery(parseSandboxSql(text), 'datastore."r_x"', FIELDS)

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const meanAbsDev = (xs: number[], centre: number) => mean(xs.map((x) => Math.abs(x - centre)))

describe('CLAMPED BETWEEN and the noise plan', () => {
  test('bounds parse on sum and avg, with negative and decimal numbers', () => {
    const q = parseSandboxSql(
      'select sum(sr CLAMPED BETWEEN 0 AND 20000) as s, avg(nl clamped between -5.5 and 80) from t',
    )
    const [sum, avg] = q.items
    assert.equal(sum?.kind === 'aggregate' && sum.alias, 's')
    assert.deepEqual(sum?.kind === 'aggregate' && sum.bounds, { lo: 0, hi: 20000 })
    assert.deepEqual(avg?.kind === 'aggregate' && avg.bounds, { lo: -5.5, hi: 80 })
    const plain = parseSandboxSql('select count(*), sum(sr) from t').items
    assert.ok(plain.every((i) => i.kind === 'aggregate' && i.bounds === null))
  })

  test('invalid bounds are refused', () => {
    for (const text of [
      'select sum(sr clamped between 5 and 5) from t',
      'select sum(sr clamped between 10 and 1) from t',
      "select sum(sr clamped between 'a' and 'b') from t",
      'select sum(sr clamped between lo and 10) from t',
      'select avg(sr clamped between 0 and null) from t',
      'select sum(sr clamped between 0 and 99999999999999) from t',
      'select count(sr clamped between 0 and 1) from t',
      'select max(sr clamped between 0 and 1) from t',
    ])
      assert.throws(() => parseSandboxSql(text), isCode('sandbox.bounds_invalid'), text)
    assert.throws(
      () => parseSandboxSql('select sum(sr clamped 0 and 1) from t'),
      isCode('sandbox.sql_invalid'),
    )
    assert.throws(
      () => parseSandboxSql('select sum(sr clamped between 0) from t'),
      isCode('sandbox.sql_invalid'),
    )
    assert.throws(
      () => compiled('select sum(qh clamped between 0 and 1) from t'),
      isCode('sandbox.column_unknown'),
    )
  })

  test('bounds become bind parameters, NULLs stay NULL, and an avg gets its clamped sum and count', () => {
    const q = compiled('select avg(nl clamped between 18 and 60) from t')
    assert.match(
      q.text,
      /case when "nl" is null then null else least\(greatest\("nl", \$1::numeric\), \$2::numeric\) end/,
    )
    assert.match(q.text, /as "s0"/)
    assert.match(q.text, /as "c0"/)
    assert.deepEqual(q.params, ['18', '60'])
    assert.doesNotMatch(compiled('select sum(nl) from t').text, /least/)
  })

  test('the query ε is split over the measurements; count(*) doubles as the group size', () => {
    assert.deepEqual(planNoise(compiled('select count(*), sum(sr clamped between 0 and 10) from t'), 1), {
      perItem: 0.5,
      sizeFrom: 0,
    })
    assert.deepEqual(planNoise(compiled('select avg(sr clamped between 0 and 10) from t'), 1), {
      perItem: 0.5,
      sizeFrom: null,
    })
    assert.throws(() => planNoise(compiled('select sum(sr) from t'), 1), isCode('sandbox.bounds_required'))
    assert.throws(
      () => planNoise(compiled('select count(*), avg(nl) from t'), 1),
      isCode('sandbox.bounds_required'),
    )
    for (const fn of ['min', 'max'])
      assert.throws(() => planNoise(compiled(`select ${fn}(nl) from t`), 1), isCode('sandbox.dp_unsupported'))
    assert.deepEqual(planNoise(compiled('select count(distinct qh) from t'), 2), {
      perItem: 1,
      sizeFrom: null,
    })
  })

  test('the Laplace sampler is centred and its mean absolute deviation is the scale', () => {
    const draws = Array.from({ length: 20_000 }, () => laplace(3))
    // Standard errors: mean √2·3/√20000 ≈ 0.03, deviation 3/√20000 ≈ 0.02; the tolerances are 5 and 7 of them.
    assert.ok(Math.abs(mean(draws)) < 0.15, `mean ${mean(draws)}`)
    assert.ok(Math.abs(meanAbsDev(draws, 0) - 3) < 0.15, `deviation ${meanAbsDev(draws, 0)}`)
    assert.ok(draws.some((x) => x < 0) && draws.some((x) => x > 0))
    assert.throws(() => laplace(0), RangeError)
    assert.throws(() => laplace(Number.POSITIVE_INFINITY), RangeError)
  })
})

for (const engine of testEngines()) {
  describe(`strict differential privacy on ${engine}`, () => {
    let f: SandboxFixture
    let code: string
    /** The same 60 people, except that the last one earns 99,999,999 a month. */
    let outlier: string
    let outlierId: string
    const actor = { kind: 'developer' as const, id: 'dp-dev', name: '隐私测试' }
    const scope = async (epsilonBudget: number, requiresApproval = false) =>
      (
        await createSandboxScope(f.t.db, {
          kind: 'open_application',
          refId: f.resource.id,
          resourceIds: [f.resource.id, outlierId],
          label: '差分隐私测试',
          epsilonBudget,
          ...(requiresApproval ? { requiresApproval, approverOrgId: f.bureauOrgId } : {}),
        })
      ).id
    const query = (scopeId: string, sql: string, epsilon?: number) =>
      runSandboxQuery(
        { db: f.t.db, config: f.t.config },
        { scopeId, sql, actor, ...(epsilon === undefined ? {} : { epsilon }) },
      )

    before(async () => {
      f = await openSandboxFixture(engine)
      code = f.resource.code
      const csv = csvOf(60)
      assert.ok(csv.endsWith(',3590.50\r\n'))
      const extreme = await hostedResource(f.t, f.steward, {
        name: '沙箱人口（含极端值）',
        csv: `${csv.slice(0, -10)},99999999.00\r\n`,
      })
      outlier = extreme.code
      outlierId = extreme.id
    })
    after(() => f.close())

    test('noisy sum and avg need bounds, min and max are refused; the refusals spend nothing', async () => {
      const id = await scope(3)
      for (const text of [
        `select sum(sr) from "${code}"`,
        `select qh, count(*), avg(nl) from "${code}" group by qh`,
      ])
        await assert.rejects(query(id, text, 1), isCode('sandbox.bounds_required'), text)
      for (const text of [`select max(sr) from "${code}"`, `select count(*), min(nl) from "${code}"`])
        await assert.rejects(query(id, text, 1), isCode('sandbox.dp_unsupported'), text)
      const exact = await query(id, `select min(nl), max(nl), sum(sr) from "${code}"`)
      assert.deepEqual(exact.rows[0]?.slice(0, 2), [20, 59])
      const ok = await query(id, `select count(*), sum(sr clamped between 0 and 5000) from "${code}"`, 2)
      assert.equal(ok.noisy, true)
      assert.equal(ok.epsilonRemaining, 1)
      await assert.rejects(query(id, `select sum(sr) from "${code}"`, 1), isCode('sandbox.bounds_required'))
      await assert.rejects(query(id, `select count(*) from "${code}"`, 2), isCode('sandbox.budget_exhausted'))
      const last = await query(id, `select count(*) from "${code}"`, 1)
      assert.equal(last.epsilonRemaining, 0)
      await assert.rejects(
        query(id, `select count(*) from "${code}"`, 0.01),
        isCode('sandbox.budget_exhausted'),
      )
    })

    test('a noisy query without bounds is refused before it waits for approval', async () => {
      const id = await scope(5, true)
      await assert.rejects(query(id, `select avg(sr) from "${code}"`, 1), isCode('sandbox.bounds_required'))
      const queued = await query(id, `select avg(sr clamped between 0 and 5000) from "${code}"`, 1)
      assert.equal(queued.status, 'pending')
    })

    test('clamping bounds one outlier: the sum moves by at most the upper bound', async () => {
      const id = await scope(100)
      const plain = await query(id, `select sum(sr) as s from "${outlier}"`)
      assert.equal(Number(plain.rows[0]?.[0]), 100_194_138.5)
      // 59 ordinary incomes (3000.50 + 10 i, i < 59) sum to 194,139.50; the outlier adds 5,000 at most.
      const clamped = await query(
        id,
        `select sum(sr clamped between 0 and 5000) as s, avg(sr clamped between 0 and 5000) as a from "${outlier}"`,
      )
      assert.equal(Number(clamped.rows[0]?.[0]), 199_139.5)
      assert.ok(Number(clamped.rows[0]?.[1]) <= 5000)
      const low = await query(id, `select sum(sr clamped between 0 and 3100) from "${code}"`)
      // Incomes up to 3,090.50 (i < 10) count in full, the 50 above count as 3,100.
      assert.equal(Number(low.rows[0]?.[0]), 30_455 + 50 * 3100)
      const noisy = await query(
        id,
        `select count(*), sum(sr clamped between 0 and 5000) from "${outlier}"`,
        100,
      )
      // Scale 5000 / 50 = 100: the outlier's 99,999,999 cannot show through.
      assert.ok(Math.abs(Number(noisy.rows[0]?.[1]) - 199_139.5) < 3000, `noisy ${noisy.rows[0]?.[1]}`)
    })

    test('the noise scale is bound / ε per item, not the data range', async () => {
      const id = await scope(1000)
      const sums: number[] = []
      for (let i = 0; i < 100; i++) {
        const r = await query(id, `select count(*), sum(nl clamped between 0 and 1000) from "${code}"`, 2)
        const [n, s] = r.rows[0] ?? []
        assert.ok(Number.isInteger(n) && Number(n) >= 0, `count ${n}`)
        sums.push(Number(s))
      }
      // True sum of the ages: 2,170. Scale 1000 / (2 / 2) = 1000; the table range (ages 20..59) would give 59.
      // Standard errors over 100 draws: mean ≈ 141, deviation ≈ 100; the bounds sit about 4 of them away.
      assert.ok(Math.abs(mean(sums) - 2170) < 560, `mean ${mean(sums)}`)
      const dev = meanAbsDev(sums, 2170)
      assert.ok(dev > 600 && dev < 1450, `mean absolute deviation ${dev}`)
    })

    test('under noise a group needs k rows and a noisy size of k: a true size below k never shows', async () => {
      const id = await scope(1000)
      // Ages below 29: nine people in each of the two large districts, none in the small ones; k = 10.
      const small = `select qh, count(*) as n from "${code}" where nl < 29 group by qh`
      const exact = await query(id, small)
      assert.deepEqual(exact.rows, [])
      assert.equal(exact.suppressedGroups, 2)
      // P(9 + Laplace(0.5) rounds to ≥ 10) ≈ 0.18 per group and run: on the noisy size alone about 11 of 60
      // would show; the k rule keeps them all back.
      for (let i = 0; i < 30; i++) {
        const r = await query(id, small, 2)
        assert.equal(r.suppressedGroups, 0, 'the number of withheld groups is not released under noise')
        assert.deepEqual(r.rows, [], 'a group of nine is never shown')
      }
      // Ages below 30: ten people in each large district, exactly k. A noisy size below k hides such a group
      // in some runs (about 2 in 10), so its appearance does not pin its count at k.
      const edge = `select qh, count(*) as n from "${code}" where nl < 30 group by qh`
      let shown = 0
      for (let i = 0; i < 30; i++) {
        const r = await query(id, edge, 2)
        for (const row of r.rows) assert.ok(Number(row[1]) >= 10, `shown count ${row[1]}`)
        shown += r.rows.length
      }
      assert.ok(shown > 0 && shown < 60, `shown ${shown} of 60`)
    })

    test('a noisy avg stays within its bounds even when the noise is large', async () => {
      const id = await scope(100)
      let seen = 0
      for (let i = 0; i < 8; i++) {
        const r = await query(id, `select avg(nl clamped between 20 and 30) as a from "${code}"`, 0.05)
        for (const row of r.rows) {
          const a = Number(row[0])
          assert.ok(a >= 20 && a <= 30, `avg ${a}`)
          seen++
        }
      }
      assert.ok(seen > 0)
    })

    test('the console route answers the new refusals as problems', async () => {
      const id = await createSandboxScope(f.t.db, {
        kind: 'operation_project',
        refId: f.resource.id,
        resourceIds: [f.resource.id],
        label: '控制台差分隐私',
        memberOrgIds: [f.operatorOrgId],
      })
      const post = (sql: string, epsilon?: number) =>
        f.t.request({
          method: 'POST',
          url: '/api/v1/sandbox/queries',
          headers: f.operator,
          payload: { scopeId: id.id, sql, ...(epsilon === undefined ? {} : { epsilon }) },
        })
      const cases: [string, number | undefined, string][] = [
        [`select sum(sr) from "${code}"`, 1, 'sandbox.bounds_required'],
        [`select max(sr) from "${code}"`, 1, 'sandbox.dp_unsupported'],
        [`select sum(sr clamped between 9 and 1) from "${code}"`, undefined, 'sandbox.bounds_invalid'],
        [`select sum(xm clamped between 0 and 1) from "${code}"`, undefined, 'sandbox.column_unknown'],
      ]
      for (const [sql, epsilon, expected] of cases) {
        const res = await post(sql, epsilon)
        assert.equal(res.statusCode, 422, `${sql}: ${res.body}`)
        const problem = res.json<{ code: string; detail?: string; title: string }>()
        assert.equal(problem.code, expected)
      }
      const ok = await post(
        `select qh, count(*), avg(sr clamped between 0 and 5000) from "${code}" group by qh`,
        1,
      )
      assert.equal(ok.statusCode, 200, ok.body)
    })
  })
}
