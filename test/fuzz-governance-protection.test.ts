/**
 * Input fuzzing of the protection routes with real targets (a mounted resource, a discovery run, an open alert),
 * so that generated input reaches the services rather than stopping at a 404: never a 5xx, every error a
 * problem+json with a stable code, and every accepted grading obeys the matrix (grade ≥ what it gives).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { sql } from 'kysely'
import { newId } from '../src/platform/ids.ts'
import { createTestApp, type TestApp } from './support/app.ts'
import { sampleResource } from './support/catalog.ts'
import { testEngines } from './support/db.ts'

const GRADES = ['core', 'important', 'general_4', 'general_3', 'general_2', 'general_1']
const RANK = (g: string) => GRADES.length - GRADES.indexOf(g)
const OBJECTS = [
  'national_security',
  'economy',
  'social_order',
  'public_interest',
  'organisation',
  'individual',
  'none',
]
const DEGREES = ['extremely_serious', 'serious', 'ordinary']

const junk = fc.oneof(
  fc.constantFrom(null, '', ' ', 'x'.repeat(3000), '💥', "' or 1=1 --", -1, 1.5, true, [], {}),
  fc.string({ maxLength: 20 }),
  fc.integer(),
)
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, arb, arb, junk)

const decision = fc.record(
  {
    impactObject: maybe(fc.constantFrom(...OBJECTS)),
    impactDegree: maybe(fc.constantFrom(...DEGREES)),
    grade: maybe(fc.constantFrom(...GRADES)),
    basis: maybe(fc.string({ maxLength: 50 })),
    piCategories: maybe(fc.subarray(['biometric', 'health', 'financial_account', 'minor_under_14'])),
  },
  { requiredKeys: ['impactObject', 'impactDegree'] },
)

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  label: string,
) {
  assert.ok(res.statusCode < 500, `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`)
  if (res.statusCode >= 400) {
    assert.match(String(res.headers['content-type']), /application\/problem\+json/, label)
    assert.equal(typeof JSON.parse(res.body).code, 'string', `${label} has a code`)
  }
}

for (const engine of testEngines()) {
  describe(`protection input fuzzing on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let steward: Record<string, string>
    let resourceId: string
    let alertId: string
    const matrix = (o: string, d: string) => {
      if (o === 'national_security') return d === 'ordinary' ? 'important' : 'core'
      if (['economy', 'social_order', 'public_interest'].includes(o))
        return d === 'extremely_serious' ? 'core' : d === 'serious' ? 'important' : 'general_4'
      if (o === 'none') return 'general_1'
      return d === 'extremely_serious' ? 'general_4' : d === 'serious' ? 'general_3' : 'general_2'
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      steward = await t.createUser('fz.steward', '湖南省公安厅', ['data_steward'], 'Fuzzing123')
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: sampleResource('保护模糊测试'),
      })
      assert.equal(res.statusCode, 201, res.body)
      resourceId = res.json<{ id: string }>().id
      alertId = newId()
      await sql`insert into risk_alerts (id, rule, severity, fingerprint, consumer_org_id, consumer_region_code,
          window_start, window_end, summary)
        values (${alertId}, 'enumeration', 'high', ${`fuzz|${alertId}`}, ${await t.orgId('湘潭市市场监督管理局')},
          '430300', now(), now(), '模糊测试预警')`.execute(t.db)
    })
    after(() => t.close())

    test('grading bodies: accepted ones respect the matrix, the rest are 4xx problems', async () => {
      const body = fc.record(
        {
          categoryPath: maybe(fc.string({ minLength: 1, maxLength: 30 })),
          impactObject: maybe(fc.constantFrom(...OBJECTS)),
          impactDegree: maybe(fc.constantFrom(...DEGREES)),
          grade: maybe(fc.constantFrom(...GRADES)),
          derivedFrom: maybe(fc.array(fc.constantFrom(newId(), 'x', resourceId), { maxLength: 3 })),
          reviewed: maybe(fc.boolean()),
          fields: maybe(
            fc.array(
              fc
                .record({ code: maybe(fc.constantFrom('xm', 'sfzh', 'hjdz', 'nope')) })
                .chain((f) => decision.map((d) => ({ ...f, ...d }))),
              { maxLength: 4 },
            ),
          ),
        },
        { requiredKeys: ['categoryPath', 'impactObject', 'impactDegree'] },
      )
      let accepted = 0
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const res = await t.request({
            method: 'PUT',
            url: `/api/v1/governance/resources/${resourceId}/grading`,
            headers: { ...steward, 'content-type': 'application/json' },
            payload: JSON.stringify(b),
          })
          expectProblem(res, `PUT grading ${JSON.stringify(b).slice(0, 200)}`)
          if (res.statusCode === 200) {
            accepted++
            const view = res.json<{
              decision: { grade: string; impactObject: string; impactDegree: string }
            }>()
            const d = view.decision
            assert.ok(RANK(d.grade) >= RANK(matrix(d.impactObject, d.impactDegree)), 'grade ≥ matrix')
          }
        }),
        { numRuns: 80, seed: 20261122 },
      )
      assert.ok(accepted > 0, 'some generated gradings are valid and reach the service')
    })

    test('discovery confirmations, policy edits, alert actions and list queries', async () => {
      const run = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${resourceId}/discover`,
        headers: steward,
      })
      assert.equal(run.statusCode, 200, run.body)
      const runId = run.json<{ id: string }>().id
      const cases = fc.oneof(
        fc
          .record({
            fields: maybe(
              fc.array(
                fc.record({
                  code: maybe(fc.constantFrom('xm', 'sfzh', 'zz')),
                  type: maybe(fc.constantFrom('id_number', 'mobile', null, 'alien')),
                  grade: maybe(fc.constantFrom(...GRADES, null)),
                }),
                { maxLength: 3 },
              ),
            ),
          })
          .map((payload) => ({
            method: 'POST',
            url: `/api/v1/governance/discoveries/${runId}/confirm`,
            payload,
            headers: steward,
          })),
        fc
          .record({
            grade: maybe(fc.constantFrom(...GRADES)),
            shareTypes: maybe(fc.subarray(['unconditional', 'conditional', 'none', 'public'])),
            openTypes: maybe(fc.subarray(['open', 'conditional', 'closed'])),
            masking: maybe(
              fc.constantFrom('redact', 'hash', 'mask', 'mask_unless_reviewed', 'clear', 'rot13'),
            ),
            approvers: maybe(fc.subarray(['provider', 'bureau', 'mayor'])),
          })
          .map(({ grade, ...payload }) => ({
            method: 'PUT',
            url: `/api/v1/governance/grade-policies/${encodeURIComponent(String(grade))}`,
            payload,
            headers: admin,
          })),
        fc
          .record({
            action: maybe(fc.constantFrom('acknowledge', 'suspend_app', 'revoke_grant', 'explode')),
            grantId: maybe(fc.constantFrom(newId(), 'x')),
            note: maybe(fc.string({ maxLength: 30 })),
          })
          .map((payload) => ({
            method: 'POST',
            url: `/api/v1/governance/alerts/${alertId}/actions`,
            payload,
            headers: admin,
          })),
        fc
          .record({
            path: fc.constantFrom('gradings', 'alerts', 'notifications'),
            q: fc.array(
              fc.tuple(
                fc.constantFrom('page', 'pageSize', 'grade', 'status', 'rule', 'q', 'unread', 'x'),
                junk,
              ),
              {
                maxLength: 3,
              },
            ),
          })
          .map(({ path, q }) => ({
            method: 'GET',
            url: `/api/v1/governance/${path}?${new URLSearchParams(q.map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}`,
            payload: undefined,
            headers: admin,
          })),
      )
      await fc.assert(
        fc.asyncProperty(cases, async (c) => {
          const res = await t.request({
            method: c.method as 'POST',
            url: c.url,
            headers: {
              ...c.headers,
              ...(c.payload !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(c.payload !== undefined ? { payload: JSON.stringify(c.payload) } : {}),
          })
          expectProblem(res, `${c.method} ${c.url} ${JSON.stringify(c.payload ?? null).slice(0, 200)}`)
        }),
        { numRuns: 150, seed: 20261122 },
      )
    })
  })
}
