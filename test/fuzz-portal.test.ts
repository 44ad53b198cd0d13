/**
 * Input fuzzing of the portal's own routes with real credentials and real resource codes, so generated input
 * reaches the services (the OpenAPI-wide fuzz in fuzz.test.ts mostly stops at the credential check): a developer
 * session, an API key, open and conditional resources, an open request in each state. Every answer must be below
 * 500, and every error a problem+json with a stable code.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { openPortalContext, type PortalContext } from '../src/modules/portal/test-fixtures.ts'
import { testEngines } from './support/db.ts'

const TEXT = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '研究',
    '用于城市交通规划研究',
    'x'.repeat(5000),
    '<script>',
    "' or 1=1 --",
    '💥',
    '%00',
  ),
  fc.string({ maxLength: 60 }),
)
const ANY = fc.oneof(
  TEXT,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
)
const DATE = fc.oneof(
  fc.constantFrom('2025-02-30', '2099-12-31', '1900-01-01', 'tomorrow', '', '2026-13-01'),
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01') })
    .map((d) => d.toISOString().slice(0, 10)),
)

interface Case {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  body?: unknown
  remoteAddress?: string
}

for (const engine of testEngines()) {
  describe(`portal fuzzing on ${engine}`, () => {
    let p: PortalContext
    let dev: Record<string, string>
    let key: string
    let openCode: string
    let conditionalCode: string
    let requestId: string

    before(async () => {
      p = await openPortalContext(engine, { PORTAL_DAILY_QUOTA: '100000' })
      openCode = (await p.resource('open', { rows: 5 })).code
      conditionalCode = (await p.resource('conditional', { rows: 5 })).code
      dev = await p.developer()
      key = await p.apiKey(dev)
      const made = await p.t.request({
        method: 'POST',
        url: '/api/v1/public/portal/applications',
        headers: dev,
        payload: {
          resourceCode: conditionalCode,
          purpose: '研究停车难问题',
          scenario: '城市交通规划研究',
          delivery: 'sandbox',
        },
      })
      requestId = made.json<{ id: string }>().id
    })
    after(() => p.close())

    async function check(c: Case): Promise<void> {
      const res = await p.t.request({
        method: c.method,
        url: c.url,
        headers: {
          ...(c.headers ?? {}),
          ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(c.body !== undefined ? { payload: JSON.stringify(c.body) } : {}),
        ...(c.remoteAddress ? { remoteAddress: c.remoteAddress } : {}),
      })
      assert.ok(res.statusCode < 500, `${c.method} ${c.url} → ${res.statusCode} ${res.body.slice(0, 300)}`)
      if (res.statusCode >= 400) {
        assert.match(
          String(res.headers['content-type']),
          /application\/problem\+json/,
          `${c.method} ${c.url}`,
        )
        assert.equal(typeof res.json<{ code?: unknown }>().code, 'string')
      }
    }

    const run = (arb: fc.Arbitrary<Case>, numRuns = 60) =>
      fc.assert(
        fc.asyncProperty(arb, (c) => check(c)),
        { numRuns, seed: 20261122 },
      )

    test('open catalog search and resource pages take any query', async () => {
      const query = fc.dictionary(
        fc.constantFrom(
          'q',
          'page',
          'pageSize',
          'orgId',
          'regionCode',
          'category',
          'openType',
          'updateFrequency',
          'sort',
          'x',
        ),
        TEXT,
        { maxKeys: 4 },
      )
      await run(
        query.map((q) => ({ method: 'GET', url: `/api/v1/public/resources?${new URLSearchParams(q)}` })),
      )
      const code = fc.oneof(
        fc.constantFrom(openCode, conditionalCode, '999999/000001', '..', '%2F'),
        fc.string({ minLength: 1, maxLength: 40 }),
      )
      await run(
        code.map((c) => ({ method: 'GET', url: `/api/v1/public/resources/${encodeURIComponent(c)}` })),
      )
      await run(
        fc.record({ c: code, f: TEXT }).map(({ c, f }) => ({
          method: 'GET',
          url: `/api/v1/public/resources/${encodeURIComponent(c)}/download?format=${encodeURIComponent(f)}`,
        })),
      )
    })

    test('the open API takes any key, code and page', async () => {
      await run(
        fc
          .record({
            k: fc.oneof(
              fc.constant(key),
              TEXT.map((s) => `dk_${s}`),
              TEXT,
            ),
            c: fc.oneof(fc.constantFrom(openCode, conditionalCode), fc.string({ maxLength: 30 })),
            page: ANY,
            pageSize: ANY,
          })
          .map(({ k, c, page, pageSize }) => ({
            method: 'GET',
            url: `/gw/open/v1/${encodeURIComponent(c || 'x')}?page=${encodeURIComponent(String(page))}&pageSize=${encodeURIComponent(String(pageSize))}`,
            headers: { 'x-api-key': k.replace(/[^\x20-\x7e]/g, '') },
          })),
      )
    })

    test('developer sign-up, sign-in and keys take any body', async () => {
      const creds = fc.record({ account: ANY, password: ANY, displayName: ANY }, { requiredKeys: [] })
      await run(
        creds.map((body) => ({ method: 'POST', url: '/api/v1/public/developers', body })),
        40,
      )
      await run(
        creds.map((body) => ({ method: 'POST', url: '/api/v1/public/developers/login', body })),
        40,
      )
      await run(
        fc
          .record({ name: ANY }, { requiredKeys: [] })
          .map((body) => ({ method: 'POST', url: '/api/v1/public/developers/me/keys', headers: dev, body })),
        20,
      )
      await run(
        fc.string({ maxLength: 40 }).map((id) => ({
          method: 'POST',
          url: `/api/v1/public/developers/me/keys/${encodeURIComponent(id || 'x')}/revoke`,
          headers: dev,
        })),
        20,
      )
    })

    test('open requests take any body, id and step', async () => {
      const body = fc.record(
        {
          resourceCode: fc.oneof(fc.constantFrom(openCode, conditionalCode), TEXT),
          purpose: TEXT,
          scenario: TEXT,
          delivery: fc.oneof(fc.constantFrom('sandbox', 'download'), TEXT),
        },
        { requiredKeys: [] },
      )
      await run(
        body.map((b) => ({
          method: 'POST',
          url: '/api/v1/public/portal/applications',
          headers: dev,
          body: b,
        })),
      )
      const id = fc.oneof(fc.constant(requestId), fc.uuid(), fc.string({ maxLength: 20 }))
      const step = fc.constantFrom('withdraw', 'accept', 'outcome', 'sandbox/queries', 'download')
      await run(
        fc
          .record({
            id,
            step,
            b: fc.oneof(
              fc.record({ outcome: ANY, sql: ANY, epsilon: ANY }, { requiredKeys: [] }),
              fc.constant(undefined),
            ),
          })
          .map(({ id, step, b }) => ({
            method: step === 'download' ? 'GET' : 'POST',
            url: `/api/v1/public/portal/applications/${encodeURIComponent(id || 'x')}/${step}`,
            headers: dev,
            ...(step === 'download' ? {} : { body: b }),
          })),
      )
      const approve = fc.record(
        { agreementTerms: ANY, agreementUntil: fc.oneof(DATE, ANY), delivery: ANY },
        { requiredKeys: [] },
      )
      await run(
        fc.record({ id, b: approve, reject: fc.boolean() }).map(({ id, b, reject }) => ({
          method: 'POST',
          url: `/api/v1/portal/applications/${encodeURIComponent(id || 'x')}/${reject ? 'reject' : 'approve'}`,
          headers: p.steward,
          body: reject ? { reason: b.agreementTerms } : b,
        })),
      )
    })

    test('data demands take any body, from any address', async () => {
      const body = fc.record(
        {
          title: TEXT,
          description: TEXT,
          askerName: TEXT,
          contact: ANY,
          category: ANY,
          orgId: fc.oneof(fc.uuid(), TEXT),
        },
        { requiredKeys: [] },
      )
      await run(
        fc.record({ b: body, ip: fc.ipV4() }).map(({ b, ip }) => ({
          method: 'POST',
          url: '/api/v1/public/demands',
          body: b,
          remoteAddress: ip,
        })),
      )
      const query = fc.dictionary(
        fc.constantFrom('status', 'overdue', 'orgId', 'q', 'page', 'pageSize'),
        TEXT,
        { maxKeys: 3 },
      )
      await run(
        query.map((q) => ({ method: 'GET', url: `/api/v1/public/demands?${new URLSearchParams(q)}` })),
      )
      await run(
        fc.record({ id: fc.oneof(fc.uuid(), TEXT), reply: ANY }).map(({ id, reply }) => ({
          method: 'POST',
          url: `/api/v1/portal/demands/${encodeURIComponent(id || 'x')}/reply`,
          headers: p.steward,
          body: { reply },
        })),
      )
    })
  })
}
