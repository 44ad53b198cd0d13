/**
 * OpenAPI-driven fuzzing: for every documented route, generated invalid and random params, queries and bodies
 * must never produce a 5xx, and every error must be a problem+json with a stable code.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'

interface Operation {
  method: string
  path: string
  params: { name: string; in: string }[]
  bodyProps: string[]
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[]
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
      }
    >
  >
}

const NASTY = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    '',
    ' ',
    '0',
    'null',
    '💥',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '%00',
    '../../etc/passwd',
    'x'.repeat(5000),
    '430300',
    '2025-02-30',
    '01a202ca-0000-7000-8000-000000000000',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

const PATH_VALUE = fc.oneof(
  fc.constantFrom(
    'x',
    '0',
    '-1',
    '999999',
    '990000',
    '000000',
    '430300',
    'null',
    '%E4%B8%AD',
    '01a202ca-0000-7000-8000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map((s) => encodeURIComponent(s)),
)

function operations(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const schema = op.requestBody?.content?.['application/json']?.schema
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        bodyProps: Object.keys(schema?.properties ?? {}),
      })
    }
  }
  return ops
}

function toQuery(values: [string, unknown][]): string {
  const q = new URLSearchParams()
  for (const [k, v] of values) q.append(k, typeof v === 'string' ? v : JSON.stringify(v))
  return q.toString()
}

for (const engine of testEngines()) {
  describe(`OpenAPI fuzzing on ${engine}`, () => {
    let t: TestApp
    let ops: Operation[]

    before(async () => {
      t = await createTestApp(engine)
      const doc = await t.request({ method: 'GET', url: '/api/v1/openapi.json' })
      ops = operations(doc.json<OpenApiDoc>())
      assert.ok(ops.length >= 20, `documented operations: ${ops.length}`)
    })
    after(() => t.close())

    test('every route answers random and invalid input with a 4xx problem, never a 5xx', async () => {
      let sent = 0
      for (const op of ops) {
        // A fresh admin session per route: a fuzzed logout or password change must not blind the rest.
        const auth = await t.login('admin')
        const queryNames = op.params.filter((p) => p.in === 'query').map((p) => p.name)
        const caseArb = fc.record({
          path: fc.array(PATH_VALUE, { minLength: 4, maxLength: 4 }),
          query: fc.array(
            fc.tuple(fc.constantFrom(...queryNames, 'unknownParam', 'page', 'pageSize'), NASTY),
            { maxLength: 4 },
          ),
          body: fc.oneof(
            fc.dictionary(fc.constantFrom(...op.bodyProps, 'extra'), NASTY, { maxKeys: 5 }),
            fc.jsonValue(),
            fc.constant(undefined),
          ),
          anonymous: fc.boolean(),
        })
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            let i = 0
            const url =
              op.path.replace(/\{[^}]+\}/g, () => c.path[i++] ?? 'x') +
              (c.query.length ? `?${toQuery(c.query)}` : '')
            const withBody = op.method !== 'GET' && op.method !== 'DELETE' && c.body !== undefined
            const res = await t.request({
              method: op.method as 'GET',
              url,
              headers: {
                ...(c.anonymous ? {} : auth),
                ...(withBody ? { 'content-type': 'application/json' } : {}),
              },
              ...(withBody ? { payload: JSON.stringify(c.body) } : {}),
            })
            sent++
            assert.ok(
              res.statusCode < 500,
              `${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`,
            )
            if (res.statusCode >= 400) {
              assert.match(
                String(res.headers['content-type']),
                /application\/problem\+json/,
                `${op.method} ${url}`,
              )
              assert.ok(
                typeof res.json<{ code?: unknown }>().code === 'string',
                `${op.method} ${url} has a code`,
              )
            }
          }),
          { numRuns: 40, seed: 20261122 },
        )
      }
      assert.ok(sent >= ops.length * 40)
    })

    const DEVELOPER_ROUTE = /^\/api\/v1\/public\/(developers\/me|portal\/applications)(\/|$)/

    /** Routes that take uploads as base64 JSON accept more than BODY_LIMIT_BYTES (their own bodyLimit). */
    const ROUTE_BODY_LIMITS: Record<string, number> = {
      'POST /api/v1/operation/projects/{id}/attachments': 8 * 1024 * 1024,
      'POST /api/v1/operation/mandates/{id}/attachments': 8 * 1024 * 1024,
    }

    test('malformed JSON, wrong content types and oversized bodies are clean 4xx', async () => {
      const auth = await t.login('admin')
      const bodyOps = ops.filter((o) => o.method !== 'GET' && o.bodyProps.length > 0)
      for (const op of bodyOps) {
        const url = op.path.replace(/\{[^}]+\}/g, '01a202ca-0000-7000-8000-000000000000')
        const cases: [Record<string, string>, string, number[]][] = [
          [{ 'content-type': 'application/json' }, '{"name": ', [400]],
          [{ 'content-type': 'application/json' }, '', [400]],
          [{ 'content-type': 'text/plain' }, 'hello', [415, 400]],
          [
            { 'content-type': 'application/json' },
            JSON.stringify({
              name: 'x'.repeat(
                (ROUTE_BODY_LIMITS[`${op.method} ${op.path}`] ?? t.config.bodyLimitBytes) + 10,
              ),
            }),
            [413],
          ],
        ]
        for (const [headers, payload, expected] of cases) {
          const res = await t.request({
            method: op.method as 'POST',
            url,
            headers: { ...auth, ...headers },
            payload,
          })
          // Developer routes check the developer session first: a staff token gets 401 whatever the body
          // (test/fuzz-portal.test.ts sends them bodies with a developer session).
          const developerOnly = DEVELOPER_ROUTE.test(op.path) && res.statusCode === 401
          assert.ok(
            developerOnly || expected.includes(res.statusCode),
            `${op.method} ${url} ${headers['content-type']} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          )
          assert.match(String(res.headers['content-type']), /application\/problem\+json/)
        }
      }
    })

    test('bad bearer tokens are 401 everywhere they are needed', async () => {
      for (const token of ['garbage', 'shs_forged', 'sha_forged', '']) {
        const res = await t.request({
          method: 'GET',
          url: '/api/v1/orgs',
          headers: { authorization: `Bearer ${token}` },
        })
        assert.equal(res.statusCode, 401, token)
      }
    })
  })
}
