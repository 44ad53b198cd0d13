/**
 * Input fuzzing of the quality and rectification routes with real ids (an existing resource, rule, run and
 * ticket), so generated bodies reach the rule validation, the SQL compiler and the state machine instead of
 * stopping at a 404: never a 5xx, every error a problem+json with a stable code.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { multipartUpload } from '../src/modules/catalog/mount/fixtures.ts'
import { createTestApp, type TestApp } from './support/app.ts'
import { sampleResource } from './support/catalog.ts'
import { testEngines } from './support/db.ts'

const NASTY = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    '',
    ' ',
    '([',
    '^(a+)+$',
    '\\',
    "' or 1=1 --",
    '💥',
    'x'.repeat(3000),
    'sfzh',
    'xm',
    '01a202ca-0000-7000-8000-000000000000',
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('sfzh', 'xm', 'hjdz')), { maxLength: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'pattern',
      'values',
      'min',
      'max',
      'notFuture',
      'refResourceId',
      'refField',
      'refValueField',
      'x',
    ),
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
      fc.constantFrom('sfzh', 'xm', '([', true),
    ),
  ),
)
const RULE_TYPES = [
  'not_null',
  'unique',
  'pattern',
  'enumeration',
  'region_code',
  'range',
  'length',
  'id_number',
  'credit_code',
  'mobile',
  'landline',
  'email',
  'date',
  'referential',
  'consistency',
  'timeliness',
  'nope',
]

function checkProblem(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  label: string,
) {
  assert.ok(res.statusCode < 500, `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`)
  if (res.statusCode >= 400) {
    assert.match(String(res.headers['content-type']), /application\/problem\+json/, label)
    assert.equal(typeof JSON.parse(res.body).code, 'string', label)
  }
}

for (const engine of testEngines()) {
  describe(`quality route fuzzing on ${engine}`, () => {
    let t: TestApp
    let steward: Record<string, string>
    let consumer: Record<string, string>
    let resourceId: string
    let ruleId: string
    let runId: string
    let ticketId: string

    before(async () => {
      t = await createTestApp(engine)
      const admin = await t.login('admin')
      steward = await t.createUser('fq.steward', '湘潭市公安局', ['data_steward'], 'Fuzz12345')
      consumer = await t.createUser('fq.consumer', '湘潭市市场监督管理局', ['data_steward'], 'Fuzz12345')
      const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
        t.request({ method: 'POST', url, headers, payload })
      resourceId = (await post('/api/v1/catalog/resources', steward, sampleResource('质量模糊测试'))).json<{
        id: string
      }>().id
      await post(`/api/v1/catalog/resources/${resourceId}/submit`, steward)
      await post(`/api/v1/catalog/resources/${resourceId}/publish`, admin)
      const body = multipartUpload('d.csv', 'xm,sfzh,hjdz\r\n张三,11010519491231002X,湖南省\r\n李四,x,\r\n')
      await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${resourceId}/mount/upload`,
        headers: { ...steward, ...body.headers },
        payload: body.payload,
      })
      ruleId = (
        await post(`/api/v1/quality/resources/${resourceId}/rules`, steward, {
          type: 'id_number',
          fields: ['sfzh'],
        })
      ).json<{ id: string }>().id
      runId = (await post(`/api/v1/quality/resources/${resourceId}/runs`, steward)).json<{ id: string }>().id
      ticketId = (await post('/api/v1/rectifications', consumer, { resourceId, description: '错误' })).json<{
        id: string
      }>().id
      assert.ok(ruleId && runId && ticketId)
    })
    after(() => t.close())

    test('rule bodies: any type, fields and params give 201 or a 4xx problem; created rules still run', async () => {
      const body = fc.record(
        {
          type: fc.oneof(fc.constantFrom(...RULE_TYPES), NASTY),
          fields: fc.oneof(
            fc.array(fc.constantFrom('sfzh', 'xm', 'hjdz', 'nope', ''), { maxLength: 3 }),
            NASTY,
          ),
          params: NASTY,
          threshold: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), NASTY),
          name: fc.oneof(fc.string({ maxLength: 120 }), NASTY),
        },
        { requiredKeys: ['type', 'fields'] },
      )
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (payload, patch) => {
          const res = patch
            ? await t.request({
                method: 'PATCH',
                url: `/api/v1/quality/rules/${ruleId}`,
                headers: steward,
                payload,
              })
            : await t.request({
                method: 'POST',
                url: `/api/v1/quality/resources/${resourceId}/rules`,
                headers: steward,
                payload,
              })
          checkProblem(res, `${patch ? 'PATCH' : 'POST'} rule ${JSON.stringify(payload).slice(0, 200)}`)
        }),
        { numRuns: 150, seed: 20261122 },
      )
      const run = await t.request({
        method: 'POST',
        url: `/api/v1/quality/resources/${resourceId}/runs`,
        headers: steward,
      })
      checkProblem(run, 'run after fuzzed rules')
      assert.equal(run.statusCode, 201, run.body)
    })

    test('ticket steps and reports with random bodies and ids', async () => {
      const steps = ['answer', 'confirm', 'reopen', 'arbitrate']
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...steps),
          fc.dictionary(
            fc.constantFrom('outcome', 'decision', 'note', 'x'),
            fc.oneof(fc.constantFrom('fixed', 'explained', 'disputed', 'uphold', 'dismiss'), NASTY),
            { maxKeys: 3 },
          ),
          fc.boolean(),
          async (step, payload, asConsumer) => {
            const res = await t.request({
              method: 'POST',
              url: `/api/v1/rectifications/${ticketId}/${step}`,
              headers: asConsumer ? consumer : steward,
              payload,
            })
            checkProblem(res, `${step} ${JSON.stringify(payload).slice(0, 200)}`)
          },
        ),
        { numRuns: 100, seed: 7 },
      )
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom('resourceId', 'recordKey', 'fieldCode', 'description', 'x'),
            fc.oneof(fc.constant(resourceId), NASTY),
            { maxKeys: 4 },
          ),
          async (payload) => {
            checkProblem(
              await t.request({ method: 'POST', url: '/api/v1/rectifications', headers: consumer, payload }),
              `report ${JSON.stringify(payload).slice(0, 200)}`,
            )
          },
        ),
        { numRuns: 100, seed: 11 },
      )
    })

    test('list queries and ids', async () => {
      const urls = [
        '/api/v1/rectifications',
        '/api/v1/rectifications/stats',
        '/api/v1/quality/scoreboard',
        `/api/v1/quality/resources/${resourceId}/runs`,
      ]
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...urls),
          fc.array(
            fc.tuple(
              fc.constantFrom(
                'box',
                'status',
                'source',
                'overdue',
                'q',
                'sort',
                'page',
                'pageSize',
                'by',
                'regionCode',
                'resourceId',
              ),
              NASTY,
            ),
            { maxLength: 4 },
          ),
          async (url, query) => {
            const q = new URLSearchParams()
            for (const [k, v] of query) q.append(k, typeof v === 'string' ? v : JSON.stringify(v))
            checkProblem(
              await t.request({ method: 'GET', url: `${url}?${q}`, headers: steward }),
              `${url}?${q}`,
            )
          },
        ),
        { numRuns: 120, seed: 3 },
      )
      for (const id of ['x', '00000000-0000-0000-0000-000000000000', runId.toUpperCase(), `${runId}x`]) {
        checkProblem(
          await t.request({ method: 'GET', url: `/api/v1/quality/runs/${id}`, headers: steward }),
          `run ${id}`,
        )
        checkProblem(
          await t.request({ method: 'GET', url: `/api/v1/rectifications/${id}`, headers: steward }),
          `ticket ${id}`,
        )
      }
    })
  })
}
