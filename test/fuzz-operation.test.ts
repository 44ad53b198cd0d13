/**
 * Input fuzzing of authorized operation and the sandbox with real sessions and objects in every state (a draft
 * and an active project, a published API product, an order): every answer below 500 and every error a
 * problem+json with a stable code. Generated SQL must never reach the database as text: it is refused, or it
 * answers aggregates over groups of at least k rows.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { type OperationFixture, openOperationFixture } from '../src/modules/operation/fixture.ts'
import { testEngines } from './support/db.ts'

const TEXT = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '授权',
    'x'.repeat(5000),
    '<script>',
    "' or 1=1 --",
    '💥',
    '%00',
    '1e309',
    '-0.00',
  ),
  fc.string({ maxLength: 40 }),
)
const ANY = fc.oneof(
  TEXT,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
)
const UUIDS = fc.constantFrom(
  '01a202ca-0000-7000-8000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
)
const FIELDS = [
  'name',
  'implementingOrgName',
  'mode',
  'domain',
  'scenario',
  'termStart',
  'termEnd',
  'plan',
  'selectionMethod',
  'selectionRecord',
  'resourceId',
  'consent',
  'note',
  'approvalRecord',
  'operatorOrgId',
  'content',
  'agreementNo',
  'agreement',
  'authorizerShareBp',
  'signedOn',
  'contentType',
  'mandateId',
  'kind',
  'useClass',
  'chargingUnit',
  'unitLabel',
  'resourceInputs',
  'productInputs',
  'apiResourceId',
  'apiFields',
  'amount',
  'reason',
  'exchangeName',
  'listingNo',
  'productId',
  'quantity',
  'purpose',
  'appId',
  'validUntil',
  'from',
  'to',
  'year',
  'cost',
  'subsidies',
  'bondYieldBp',
  'profitRateBp',
  'tax',
  'carryOver',
  'scopeId',
  'sql',
  'epsilon',
]
const BODY = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), ANY, { maxKeys: 6 }),
  fc.record({
    amount: fc.oneof(TEXT, fc.constantFrom('0', '0.5', '99999999999999.99', '100000000000000', '1.005')),
    reason: TEXT,
  }),
  fc.record({
    from: fc.constantFrom('2026-02-30', '2026-01-01', '9999-12-31', 'x'),
    to: fc.constantFrom('2026-13-01', '2026-11-01', ''),
  }),
  fc.record({
    operatorOrgId: UUIDS,
    year: fc.integer({ min: 1990, max: 2200 }),
    cost: TEXT,
    subsidies: fc.constantFrom('0', '1.00', '-1'),
    bondYieldBp: fc.integer({ min: -10, max: 5000 }),
    profitRateBp: fc.integer({ min: -10, max: 20000 }),
    tax: fc.constantFrom('0', 'NaN'),
  }),
  fc.jsonValue(),
)

/** SQL-looking text: grammar words, identifiers, literals and punctuation in random order. */
const SQL_TOKEN = fc.constantFrom(
  'select',
  'SELECT',
  'count(*)',
  'count',
  'sum',
  'avg',
  'min',
  'max',
  '(',
  ')',
  '*',
  ',',
  'from',
  'where',
  'group',
  'by',
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'between',
  'as',
  'distinct',
  'limit',
  'offset',
  'join',
  'union',
  ';',
  'qh',
  'nl',
  'sfzh',
  'xm',
  '"x"',
  "'430302'",
  '1',
  '-5',
  '=',
  '<>',
  '<',
  '>=',
  'pg_sleep(1)',
  '--',
  '/*',
  '.',
)

for (const engine of testEngines()) {
  describe(`operation fuzzing on ${engine}`, () => {
    let f: OperationFixture
    const ids: string[] = []
    let scopeId = ''
    let resourceCode = ''
    before(async () => {
      f = await openOperationFixture(engine)
      const p = await f.activeProject([f.operatorOrgId])
      resourceCode = p.resourceCode
      const draft = await f.post('/api/v1/operation/projects', f.bureau, f.projectBody())
      ids.push(p.projectId, draft.json<{ id: string }>().id, ...p.mandateIds)
      const product = await f.post('/api/v1/operation/products', f.operator, {
        mandateId: p.mandateIds[0],
        name: '模糊测试接口',
        kind: 'api',
        useClass: 'industry',
        chargingUnit: 'call',
        unitLabel: '次',
        resourceInputs: [p.resourceId],
        apiResourceId: p.resourceId,
        apiFields: ['qh'],
      })
      const productId = product.json<{ id: string }>().id
      await f.post(`/api/v1/operation/products/${productId}/publish`, f.operator)
      const order = await f.post('/api/v1/operation/orders', f.buyer, {
        productId,
        quantity: 0,
        purpose: '测试',
        appId: f.buyerApp.id,
        validUntil: '2030-01-01',
      })
      ids.push(productId, order.json<{ id: string }>().id, p.resourceId)
      const scopes = await f.get('/api/v1/sandbox/scopes', f.operator)
      scopeId = scopes.json<{ items: { id: string }[] }>().items[0]?.id ?? ''
      assert.ok(scopeId)
    })
    after(() => f.close())

    test('every operation route answers generated input below 500 with problem+json errors', async () => {
      const who = fc.constantFrom(f.bureau, f.operator, f.operator2, f.buyer, f.provider, {})
      const target = fc.oneof(fc.constantFrom(...ids), UUIDS)
      const route = fc.oneof(
        fc.tuple(
          fc.constant('POST'),
          fc.constantFrom(
            '/api/v1/operation/projects',
            '/api/v1/operation/products',
            '/api/v1/operation/orders',
            '/api/v1/operation/revenue-caps',
            '/api/v1/operation/revenue-caps/check',
            '/api/v1/sandbox/queries',
          ),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc
            .tuple(target, fc.constantFrom('resources', 'activate', 'mandates', 'attachments'))
            .map(([id, s]) => `/api/v1/operation/projects/${id}/${s}`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc
            .tuple(target, target)
            .map(([id, r]) => `/api/v1/operation/projects/${id}/resources/${r}/consent`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc
            .tuple(target, fc.constantFrom('suspend', 'resume', 'end', 'attachments'))
            .map(([id, s]) => `/api/v1/operation/mandates/${id}/${s}`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc
            .tuple(target, fc.constantFrom('price', 'cap', 'publish', 'withdraw'))
            .map(([id, s]) => `/api/v1/operation/products/${id}/${s}`),
        ),
        fc.tuple(
          fc.constant('PUT'),
          target.map((id) => `/api/v1/operation/products/${id}/listing`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc
            .tuple(target, fc.constantFrom('meter', 'cancel'))
            .map(([id, s]) => `/api/v1/operation/orders/${id}/${s}`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc
            .tuple(target, fc.constantFrom('approve', 'reject'))
            .map(([id, s]) => `/api/v1/sandbox/queries/${id}/${s}`),
        ),
        fc.tuple(
          fc.constant('GET'),
          fc
            .tuple(fc.constantFrom('projects', 'products', 'attachments', 'orders'), target)
            .map(([k, id]) => `/api/v1/operation/${k}/${id}${k === 'orders' ? '/invoices' : ''}`),
        ),
        fc.tuple(
          fc.constant('GET'),
          fc
            .tuple(
              fc.constantFrom(
                '/api/v1/operation/projects',
                '/api/v1/operation/products',
                '/api/v1/operation/orders',
                '/api/v1/operation/reports/annual',
                '/api/v1/operation/revenue-caps',
                '/api/v1/sandbox/queries',
                '/api/v1/public/operation/mandates',
                '/api/v1/public/operation/usage',
              ),
              fc.array(
                fc.tuple(
                  fc.constantFrom(
                    'q',
                    'status',
                    'scope',
                    'side',
                    'page',
                    'pageSize',
                    'operatorOrgId',
                    'year',
                    'format',
                    'scopeId',
                  ),
                  TEXT,
                ),
                { maxLength: 4 },
              ),
            )
            .map(([path, q]) => `${path}?${new URLSearchParams(q).toString()}`),
        ),
      )
      await fc.assert(
        fc.asyncProperty(route, who, BODY, async ([method, url], headers, body) => {
          const res = await f.t.request({
            method: method as 'POST',
            url,
            headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
            ...(method === 'GET' ? {} : { payload: JSON.stringify(body) }),
          })
          assert.ok(res.statusCode < 500, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`)
          if (res.statusCode >= 400) {
            assert.match(String(res.headers['content-type']), /application\/problem\+json/, url)
            assert.equal(typeof res.json<{ code?: unknown }>().code, 'string', url)
          }
        }),
        { numRuns: 300, seed: 20261122 },
      )
    })

    test('generated SQL is refused or answers only groups of at least k rows', async () => {
      const k = f.t.config.sandboxMinGroupSize
      const sql = fc.oneof(
        fc.array(SQL_TOKEN, { minLength: 1, maxLength: 14 }).map((t) => t.join(' ')),
        fc
          .tuple(
            fc.constantFrom('count(*)', 'sum(nl)', 'avg(nl)', 'min(nl)', 'max(nl)', 'count(distinct qh)'),
            fc.constantFrom('', 'qh', 'nl', 'sfzh', 'xm'),
            fc.constantFrom(
              '',
              "where qh = '430302'",
              'where nl > 30',
              "where sfzh = 'x'",
              'where nl between 20 and 25',
            ),
          )
          .map(
            ([agg, g, w]) =>
              `select ${g ? `${g}, ` : ''}${agg} as v from "${resourceCode}" ${w} ${g ? `group by ${g}` : ''}`,
          ),
        fc.string({ maxLength: 80 }),
      )
      await fc.assert(
        fc.asyncProperty(
          sql,
          fc.option(fc.constantFrom(0.01, 0.1, 1, 1e6), { nil: undefined }),
          async (text, epsilon) => {
            const res = await f.post('/api/v1/sandbox/queries', f.operator, {
              scopeId,
              sql: text,
              ...(epsilon === undefined ? {} : { epsilon }),
            })
            assert.ok(res.statusCode < 500, `${text} → ${res.statusCode} ${res.body.slice(0, 300)}`)
            if (res.statusCode !== 200) {
              assert.equal(typeof res.json<{ code?: unknown }>().code, 'string', text)
              return
            }
            const r = res.json<{ columns: string[]; rows: unknown[][]; noisy: boolean }>()
            const countAt = r.columns.indexOf('v')
            if (!r.noisy && /count\(\*\)/.test(text) && countAt >= 0)
              for (const row of r.rows)
                assert.ok(Number(row[countAt]) >= k, `${text} returned a group below k`)
            assert.ok(!JSON.stringify(r.rows).includes('430302199'), `${text} leaked an ID number`)
          },
        ),
        { numRuns: 200, seed: 20261123 },
      )
    })
  })
}
