/**
 * Input fuzzing of the registration routes with real sessions and real registrations in every state, so
 * generated input reaches the services: drafts, submitted and noticed applications, a valid registration with a
 * certificate. Every answer must be below 500, and every error a problem+json with a stable code. The verifier
 * also gets mutated certificates and QR payloads.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { closeNotices } from '../src/modules/registration/jobs.ts'
import {
  MATERIALS_TEXT,
  openRegistrationContext,
  type RegistrationContext,
} from '../src/modules/registration/test-context.ts'
import { testEngines } from './support/db.ts'

const TEXT = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '登记',
    'x'.repeat(5000),
    '<script>',
    "' or 1=1 --",
    '💥',
    '%00',
    '430300-2026-000001X',
  ),
  fc.string({ maxLength: 60 }),
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
  'kind',
  'targetId',
  'dataName',
  'summary',
  'materials',
  'catalogResourceIds',
  'operationProductIds',
  'operationStartedOn',
  'mandateEndsOn',
  'reason',
  'gaps',
  'note',
  'decision',
  'realName',
  'contact',
  'content',
  'attachments',
  'material',
  'fileName',
  'contentType',
  'contentBase64',
  'certificate',
  'qr',
  'algorithm',
]
const BODY = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), ANY, { maxKeys: 6 }),
  fc.record({
    kind: fc.constantFrom('initial', 'change', 'correction', 'cancellation', 'renewal', 'x'),
    targetId: UUIDS,
    dataName: TEXT,
    materials: fc.dictionary(fc.constantFrom('registrantInfo', 'evidenceRecord', 'other'), TEXT, {
      maxKeys: 3,
    }),
    operationStartedOn: fc.constantFrom('2026-02-30', '2026-09-01', '1900-01-01', 'x'),
  }),
  fc.record({
    gaps: fc.array(fc.record({ material: TEXT, note: TEXT }), { maxLength: 3 }),
    decision: fc.constantFrom('uphold', 'dismiss', 'maybe'),
    reason: TEXT,
  }),
  fc.record({
    material: fc.constantFrom('dataSource', 'other', 'bogus'),
    fileName: TEXT,
    contentType: fc.constantFrom('application/pdf', 'text/html', 'image/png', ''),
    contentBase64: fc.oneof(fc.base64String({ maxLength: 200 }), TEXT),
  }),
  fc.jsonValue(),
)

for (const engine of testEngines()) {
  describe(`registration fuzzing on ${engine}`, () => {
    let c: RegistrationContext
    const ids: string[] = []
    let certificate: Record<string, unknown> = {}
    before(async () => {
      c = await openRegistrationContext(engine)
      ids.push((await c.create({ materials: MATERIALS_TEXT })).id)
      const notice = await c.toNotice()
      ids.push(notice.id)
      const valid = await c.toNotice()
      await closeNotices(c.t.db, c.t.config, new Date(Date.now() + 40 * 86_400_000))
      ids.push(valid.id)
      ids.push((await c.toNotice()).id)
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/registrations/${valid.id}/certificate`,
        headers: c.steward,
      })
      certificate = res.json()
    })
    after(() => c.close())

    test('every registration route answers generated input below 500 with problem+json errors', async () => {
      const steps = [
        'submit',
        'withdraw',
        'evidence',
        'attachments',
        'request-supplement',
        'accept',
        'refuse',
        'approve',
        'reject',
        'revoke',
      ]
      const who = fc.constantFrom(c.steward, c.reviewer, c.outsider, c.bureauAdmin, {})
      const target = fc.oneof(fc.constantFrom(...ids), UUIDS)
      const route = fc.oneof(
        fc.tuple(fc.constant('POST'), fc.constant('/api/v1/registrations')),
        fc.tuple(
          fc.constant('PATCH'),
          target.map((id) => `/api/v1/registrations/${id}`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc.tuple(target, fc.constantFrom(...steps)).map(([id, s]) => `/api/v1/registrations/${id}/${s}`),
        ),
        fc.tuple(
          fc.constant('POST'),
          fc.tuple(target, UUIDS).map(([id, o]) => `/api/v1/registrations/${id}/objections/${o}/decide`),
        ),
        fc.tuple(
          fc.constant('POST'),
          target.map((id) => `/api/v1/public/registrations/notices/${id}/objections`),
        ),
        fc.tuple(fc.constant('POST'), fc.constant('/api/v1/public/registrations/verify')),
        fc.tuple(fc.constant('POST'), fc.constant('/api/v1/registrations/keys/rotate')),
        fc.tuple(
          fc.constant('GET'),
          fc
            .tuple(target, fc.constantFrom('', '/certificate', '/certificate.pdf'))
            .map(([id, s]) => `/api/v1/registrations/${id}${s}`),
        ),
        fc.tuple(
          fc.constant('GET'),
          TEXT.map((n) => `/api/v1/public/registrations/certificates/${encodeURIComponent(n || 'x')}`),
        ),
        fc.tuple(
          fc.constant('GET'),
          fc
            .array(
              fc.tuple(fc.constantFrom('box', 'status', 'kind', 'q', 'sort', 'page', 'pageSize'), TEXT),
              { maxLength: 4 },
            )
            .map((q) => `/api/v1/registrations?${new URLSearchParams(q).toString()}`),
        ),
      )
      await fc.assert(
        fc.asyncProperty(route, who, BODY, async ([method, url], headers, body) => {
          const res = await c.t.request({
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
        { numRuns: 400, seed: 20261122 },
      )
    })

    test('mutated certificates and QR payloads never break the verifier', async () => {
      const path = fc.constantFrom('certificate', 'signature')
      await fc.assert(
        fc.asyncProperty(
          path,
          fc.string({ maxLength: 12 }),
          ANY,
          fc.oneof(TEXT, fc.webUrl()),
          async (part, key, value, qr) => {
            const file = structuredClone(certificate) as Record<string, Record<string, unknown>>
            const inner = file[part]
            if (inner) inner[key || 'number'] = value
            for (const payload of [{ certificate: file }, { qr }]) {
              const res = await c.t.request({
                method: 'POST',
                url: '/api/v1/public/registrations/verify',
                payload,
              })
              assert.ok(
                res.statusCode === 200 || res.statusCode === 400,
                `${res.statusCode} ${res.body.slice(0, 200)}`,
              )
              if (res.statusCode === 200 && part === 'certificate' && key !== '')
                assert.notEqual(res.json<{ result: string }>().result, 'valid', `changed ${key}`)
            }
          },
        ),
        { numRuns: 150, seed: 20261122 },
      )
    })
  })
}
