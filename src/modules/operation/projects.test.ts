/** Projects, scope rules (operable, graded, consent), mandates with agreements, and the project sandbox. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../test/support/db.ts'
import { type OperationFixture, openOperationFixture } from './fixture.ts'
import { humanCode } from './projects.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code

for (const engine of testEngines()) {
  describe(`operation projects on ${engine}`, () => {
    let f: OperationFixture
    let projectId: string
    before(async () => {
      f = await openOperationFixture(engine)
    })
    after(() => f.close())

    test('a project needs a term of at most 5 years and the field its mode asks for', async () => {
      const long = await f.post(
        '/api/v1/operation/projects',
        f.bureau,
        f.projectBody({ termEnd: '2031-01-02' }),
      )
      assert.equal(long.statusCode, 422, long.body)
      assert.equal(code(long), 'operation.term_too_long')
      const noDomain = await f.post(
        '/api/v1/operation/projects',
        f.bureau,
        f.projectBody({ mode: 'domain', domain: null }),
      )
      assert.equal(noDomain.statusCode, 400, noDomain.body)
      const missingClause = f.projectBody()
      delete (missingClause.plan as Record<string, string>).exitMechanism
      assert.equal((await f.post('/api/v1/operation/projects', f.bureau, missingClause)).statusCode, 400)
      const asOperator = await f.post('/api/v1/operation/projects', f.operator, f.projectBody())
      assert.equal(asOperator.statusCode, 403)
      const ok = await f.post(
        '/api/v1/operation/projects',
        f.bureau,
        f.projectBody({ termEnd: '2030-12-31' }),
      )
      assert.equal(ok.statusCode, 201, ok.body)
      projectId = ok.json<{ id: string }>().id
    })

    test('only operable, graded resources enter the scope; another org’s resource waits for its consent', async () => {
      const url = `/api/v1/operation/projects/${projectId}/resources`
      const notOperable = await f.resource({ operable: false })
      assert.equal(
        code(await f.post(url, f.bureau, { resourceId: notOperable.id })),
        'operation.resource_not_operable',
      )
      const notGraded = await f.resource({ graded: false })
      assert.equal(
        code(await f.post(url, f.bureau, { resourceId: notGraded.id })),
        'operation.resource_not_graded',
      )
      const shared = await f.resource()
      const add = await f.post(url, f.bureau, { resourceId: shared.id })
      assert.equal(add.json<{ status: string }>().status, 'awaiting_consent')
      const early = await f.post(`/api/v1/operation/projects/${projectId}/activate`, f.bureau, {
        approvalRecord: '会议',
      })
      assert.equal(code(early), 'operation.scope_empty', 'nothing is included before consent')
      const consentUrl = `/api/v1/operation/projects/${projectId}/resources/${shared.id}/consent`
      assert.equal(
        (await f.post(consentUrl, f.operator, { consent: true })).statusCode,
        404,
        'only the provider consents',
      )
      const inbox = await f.get('/api/v1/operation/consents', f.provider)
      assert.ok(
        inbox
          .json<{ items: { resourceId: string; status: string }[] }>()
          .items.some((i) => i.resourceId === shared.id && i.status === 'awaiting_consent'),
      )
      assert.equal(
        (await f.post(consentUrl, f.provider, { consent: true, note: '同意用于企业信用画像' })).statusCode,
        204,
      )
      assert.equal(
        code(await f.post(consentUrl, f.provider, { consent: true })),
        'operation.consent_not_pending',
      )
      const detail = await f.get(`/api/v1/operation/projects/${projectId}`, f.bureau)
      const d = detail.json<{
        resources: { resourceId: string; status: string }[]
        consents: { decision: string }[]
      }>()
      assert.equal(d.resources.find((r) => r.resourceId === shared.id)?.status, 'included')
      assert.equal(d.consents[0]?.decision, 'consent')
    })

    test('mandates go to operator orgs only, within the project term, once per operator', async () => {
      const url = `/api/v1/operation/projects/${projectId}/mandates`
      const notOperator = await f.post(url, f.bureau, f.mandateBody(f.buyerOrgId))
      assert.equal(code(notOperator), 'operation.not_operator')
      const outside = await f.post(url, f.bureau, f.mandateBody(f.operatorOrgId, { termStart: '2025-12-31' }))
      assert.equal(outside.statusCode, 400)
      const clause = f.mandateBody(f.operatorOrgId)
      delete (clause.agreement as Record<string, string>).breachLiability
      assert.equal((await f.post(url, f.bureau, clause)).statusCode, 400, 'all 13 clauses are required')
      const ok = await f.post(url, f.bureau, f.mandateBody(f.operatorOrgId))
      assert.equal(ok.statusCode, 201, ok.body)
      assert.equal(
        code(await f.post(url, f.bureau, f.mandateBody(f.operatorOrgId))),
        'operation.mandate_exists',
      )
      const pdf = Buffer.from('%PDF-1.4 agreement').toString('base64')
      const att = await f.post(
        `/api/v1/operation/mandates/${ok.json<{ id: string }>().id}/attachments`,
        f.bureau,
        {
          name: '授权协议.pdf',
          contentType: 'application/pdf',
          content: pdf,
        },
      )
      assert.equal(att.statusCode, 201, att.body)
      const bad = await f.post(`/api/v1/operation/projects/${projectId}/attachments`, f.bureau, {
        name: 'x.exe',
        contentType: 'application/x-msdownload',
        content: pdf,
      })
      assert.equal(code(bad), 'operation.attachment_invalid')
      const download = await f.get(`/api/v1/operation/attachments/${att.json<{ id: string }>().id}`, f.bureau)
      assert.equal(download.body, '%PDF-1.4 agreement')
    })

    test('in force, the project opens a sandbox to its operators only', async () => {
      const act = await f.post(`/api/v1/operation/projects/${projectId}/activate`, f.bureau, {
        approvalRecord: '市政府常务会议审议通过',
      })
      assert.equal(act.statusCode, 204, act.body)
      const scopes = await f.get('/api/v1/sandbox/scopes', f.operator)
      const scope = scopes.json<{ items: { id: string; resources: { code: string }[] }[] }>().items[0]
      assert.ok(scope, scopes.body)
      assert.equal(scope.resources.length, 1)
      const q = await f.post('/api/v1/sandbox/queries', f.operator, {
        scopeId: scope.id,
        sql: `select qh, count(*), avg(nl) from "${scope.resources[0]?.code}" group by qh`,
      })
      assert.equal(q.statusCode, 200, q.body)
      assert.equal(q.json<{ rows: unknown[] }>().rows.length, 2)
      const gate = await f.t.request({
        method: 'PUT',
        url: `/api/v1/operation/projects/${projectId}/sandbox`,
        headers: f.bureau,
        payload: { requiresApproval: true },
      })
      assert.equal(gate.statusCode, 204, gate.body)
      const shown = await f.get(`/api/v1/operation/projects/${projectId}`, f.bureau)
      assert.equal(shown.json<{ sandbox: { requiresApproval: boolean } }>().sandbox.requiresApproval, true)
      const asOperator = await f.t.request({
        method: 'PUT',
        url: `/api/v1/operation/projects/${projectId}/sandbox`,
        headers: f.operator,
        payload: { requiresApproval: false },
      })
      assert.equal(asOperator.statusCode, 403)
      const waiting = await f.post('/api/v1/sandbox/queries', f.operator, {
        scopeId: scope.id,
        sql: `select count(*) from "${scope.resources[0]?.code}"`,
      })
      assert.equal(waiting.statusCode, 202, waiting.body)
      const approve = await f.post(
        `/api/v1/sandbox/queries/${waiting.json<{ queryId: string }>().queryId}/approve`,
        f.bureau,
      )
      assert.equal(approve.statusCode, 204, approve.body)
      const other = await f.get('/api/v1/sandbox/scopes', f.operator2)
      assert.equal(other.json<{ items: unknown[] }>().items.length, 0)
      const list = await f.get('/api/v1/operation/projects', f.operator)
      assert.equal(list.json<{ total: number }>().total, 1)
      assert.equal(
        (await f.get('/api/v1/operation/projects', f.operator2)).json<{ total: number }>().total,
        0,
      )
      assert.equal((await f.get(`/api/v1/operation/projects/${projectId}`, f.operator2)).statusCode, 404)
      const addLate = await f.post(`/api/v1/operation/projects/${projectId}/resources`, f.bureau, {
        resourceId: scope.resources[0]?.code,
      })
      assert.equal(addLate.statusCode, 400)
    })
  })
}

test('readable numbers carry the Beijing day: 01:00 on 23 November in Beijing is still 22 November in UTC', () => {
  assert.match(humanCode('DD', new Date('2026-11-22T17:00:00Z')), /^DD20261123-[0-9A-F]{8}$/)
  assert.match(humanCode('DD', new Date('2026-11-22T15:59:59Z')), /^DD20261122-[0-9A-F]{8}$/)
})
