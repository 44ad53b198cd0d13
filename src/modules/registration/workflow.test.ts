/** The registration workflow through the API: every step, the public notice, objections and the jobs. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../test/support/db.ts'
import { closeNotices } from './jobs.ts'
import { MATERIALS_TEXT, openRegistrationContext, type RegistrationContext } from './test-context.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const later = (days: number) => new Date(Date.now() + days * 86_400_000)

for (const engine of testEngines()) {
  describe(`registration workflow on ${engine}`, () => {
    let c: RegistrationContext
    before(async () => {
      c = await openRegistrationContext(engine)
    })
    after(() => c.close())

    test('application → supplement once → accept → review → notice → objection dismissed → code issued', async () => {
      const rid = await c.mountedResource()
      const { evidenceRecord: _none, ...six } = { evidenceRecord: '', ...MATERIALS_TEXT }
      const draft = await c.create({
        catalogResourceIds: [rid],
        materials: { ...six, securityAssessment: '' },
      })
      assert.equal(draft.status, 'draft')
      assert.deepEqual(draft.actions, ['edit', 'submit', 'withdraw'])

      const missing = await c.act(draft.id, 'submit', c.steward)
      assert.equal(missing.statusCode, 422, missing.body)
      assert.equal(code(missing), 'registration.materials_missing')
      assert.deepEqual(missing.json<{ missing: string[] }>().missing, ['securityAssessment'])
      const patch = await c.t.request({
        method: 'PATCH',
        url: `/api/v1/registrations/${draft.id}`,
        headers: c.steward,
        payload: { materials: { securityAssessment: '已评估' } },
      })
      assert.equal(patch.statusCode, 200, patch.body)

      const submitted = (await c.act(draft.id, 'submit', c.steward)).json<{
        status: string
        acceptDue: string
        evidence: { rowCount: number }[]
        workingDaysLeft: number
      }>()
      assert.equal(submitted.status, 'submitted')
      assert.equal(submitted.evidence.length, 1, 'the platform took the evidence of the mounted resource')
      assert.equal(submitted.evidence[0]?.rowCount, 3)
      assert.equal(submitted.workingDaysLeft, 3)

      assert.equal((await c.act(draft.id, 'accept', c.steward)).statusCode, 403, 'registrant cannot accept')
      assert.equal(
        (await c.act(draft.id, 'accept', c.otherReviewer)).statusCode,
        404,
        'other body cannot see',
      )
      const gaps = await c.act(draft.id, 'request-supplement', c.reviewer, {
        gaps: [
          { material: 'dataSource', note: '请补充数据来源的法律依据' },
          { material: 'productInfo', note: '请列明接口名称' },
        ],
      })
      assert.equal(gaps.statusCode, 200, gaps.body)
      const waiting = await c.get(draft.id)
      assert.equal(waiting.status, 'supplement_required')
      assert.equal(waiting.supplementGaps?.length, 2)
      assert.equal((await c.act(draft.id, 'resubmit', c.steward)).statusCode, 404)
      const again = await c.act(draft.id, 'submit', c.steward)
      assert.equal(again.statusCode, 200, again.body)
      assert.deepEqual(
        (await c.get(draft.id)).history.map((h) => h.action),
        ['create', 'submit', 'request_supplement', 'resubmit'],
      )
      const twice = await c.act(draft.id, 'request-supplement', c.reviewer, {
        gaps: [{ material: 'dataSource', note: '再补一次' }],
      })
      assert.equal(twice.statusCode, 409, 'the gaps are notified once')

      assert.equal((await c.act(draft.id, 'accept', c.reviewer)).statusCode, 200)
      const review = await c.get(draft.id, c.reviewer)
      assert.equal(review.status, 'under_review')
      assert.ok(review.reviewDue)
      assert.deepEqual(review.actions, ['approve', 'reject'])
      assert.equal((await c.act(draft.id, 'approve', c.reviewer)).statusCode, 200)
      const notice = await c.get(draft.id)
      assert.equal(notice.status, 'public_notice')

      const list = await c.t.request({ method: 'GET', url: '/api/v1/public/registrations/notices' })
      assert.equal(list.statusCode, 200, list.body)
      const item = list.json<{ items: Record<string, unknown>[] }>().items.find((i) => i.id === draft.id)
      assert.ok(item)
      assert.deepEqual(Object.keys(item).sort(), [
        'dataName',
        'id',
        'kind',
        'noticeDue',
        'noticeStartsOn',
        'registrantName',
        'summary',
      ])
      assert.equal(item.registrantName, '湘潭市公安局')

      const objection = await c.t.request({
        method: 'POST',
        url: `/api/v1/public/registrations/notices/${draft.id}/objections`,
        payload: {
          realName: '赵六',
          contact: '13800000000',
          content: '该数据中包含本人已更正的户籍信息，登记内容有误。',
          attachments: [
            {
              fileName: '证明.pdf',
              contentType: 'application/pdf',
              contentBase64: Buffer.from('%PDF-1.4 x').toString('base64'),
            },
          ],
        },
      })
      assert.equal(objection.statusCode, 201, objection.body)
      const objectionId = objection.json<{ id: string }>().id
      const seen = await c.get(draft.id)
      assert.equal(seen.objections.length, 1, 'the registrant sees the objection')

      assert.equal(await closeNotices(c.t.db, c.t.config, later(1)), 0, 'notice still running')
      assert.equal(await closeNotices(c.t.db, c.t.config, later(40)), 1)
      assert.equal(await closeNotices(c.t.db, c.t.config, later(40)), 0, 'idempotent')
      assert.equal((await c.get(draft.id)).status, 'objection_review')

      const dismiss = await c.t.request({
        method: 'POST',
        url: `/api/v1/registrations/${draft.id}/objections/${objectionId}/decide`,
        headers: c.reviewer,
        payload: { decision: 'dismiss', reason: '户籍信息与登记内容无关' },
      })
      assert.equal(dismiss.statusCode, 200, dismiss.body)
      const issued = dismiss.json<{
        status: string
        number: string
        certificateVersion: number
        validUntil: string
      }>()
      assert.equal(issued.status, 'valid')
      assert.match(issued.number, /^430300-\d{4}-\d{6}[0-9A-Z]$/)
      assert.equal(issued.certificateVersion, 1)

      const cert = await c.t.request({
        method: 'GET',
        url: `/api/v1/registrations/${draft.id}/certificate`,
        headers: c.steward,
      })
      assert.equal(cert.statusCode, 200, cert.body)
      const verify = await c.t.request({
        method: 'POST',
        url: '/api/v1/public/registrations/verify',
        payload: { certificate: cert.json() },
      })
      assert.equal(verify.statusCode, 200, verify.body)
      assert.equal(verify.json<{ result: string }>().result, 'valid')
    })

    test('an upheld objection terminates the registration', async () => {
      const r = await c.toNotice()
      const filed = await c.t.request({
        method: 'POST',
        url: `/api/v1/public/registrations/notices/${r.id}/objections`,
        payload: {
          realName: '钱七',
          contact: 'qian@example.com',
          content: '该数据来源不合法，有证据证明系违规采集。',
        },
      })
      assert.equal(filed.statusCode, 201, filed.body)
      const id = filed.json<{ id: string }>().id
      const byRegistrant = await c.t.request({
        method: 'POST',
        url: `/api/v1/registrations/${r.id}/objections/${id}/decide`,
        headers: c.steward,
        payload: { decision: 'dismiss', reason: '不成立' },
      })
      assert.equal(byRegistrant.statusCode, 403)
      const uphold = await c.t.request({
        method: 'POST',
        url: `/api/v1/registrations/${r.id}/objections/${id}/decide`,
        headers: c.reviewer,
        payload: { decision: 'uphold', reason: '异议成立：来源材料不实' },
      })
      assert.equal(uphold.statusCode, 200, uphold.body)
      const done = await c.get(r.id)
      assert.equal(done.status, 'terminated')
      assert.equal(done.number, null)
      assert.ok(done.history.some((h) => h.action === 'objection_uphold'))
      const late = await c.t.request({
        method: 'POST',
        url: `/api/v1/public/registrations/notices/${r.id}/objections`,
        payload: { realName: '孙八', contact: '13900000000', content: '再提一个异议，内容足够长。' },
      })
      assert.equal(late.statusCode, 409)
      assert.equal(code(late), 'registration.objection_closed')
    })

    test('without objections the notice end issues the code; refusals and bad steps are refused', async () => {
      const r = await c.toNotice()
      assert.equal(await closeNotices(c.t.db, c.t.config, later(40)), 1)
      const v = await c.get(r.id)
      assert.equal(v.status, 'valid')
      assert.ok(v.number)

      const d = await c.create({ materials: MATERIALS_TEXT })
      assert.equal((await c.act(d.id, 'accept', c.reviewer)).statusCode, 409, 'a draft cannot be accepted')
      assert.equal((await c.act(d.id, 'submit', c.reviewer)).statusCode, 403)
      const noEvidence = await c.act(d.id, 'submit', c.steward)
      assert.equal(noEvidence.statusCode, 422, 'no linked resource and no evidence text')
      await c.t.request({
        method: 'PATCH',
        url: `/api/v1/registrations/${d.id}`,
        headers: c.steward,
        payload: { materials: { evidenceRecord: '第三方存证机构出具的存证编号 CZ-001' } },
      })
      assert.equal((await c.act(d.id, 'submit', c.steward)).statusCode, 200)
      assert.equal((await c.act(d.id, 'refuse', c.reviewer, {})).statusCode, 400, 'a reason is required')
      const refused = await c.act(d.id, 'refuse', c.reviewer, { reason: '不属于公共数据资源' })
      assert.equal(refused.statusCode, 200)
      assert.equal(refused.json<{ status: string }>().status, 'not_accepted')
      assert.equal((await c.act(d.id, 'withdraw', c.steward)).statusCode, 409)

      const foreign = await c.create({ catalogResourceIds: [await c.mountedResource()] }, c.steward)
      const stolen = await c.t.request({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: c.outsider,
        payload: { kind: 'initial', dataName: '别人的数据', catalogResourceIds: foreign.id ? [] : [] },
      })
      assert.equal(stolen.statusCode, 201)
      const wrongResource = await c.t.request({
        method: 'PATCH',
        url: `/api/v1/registrations/${stolen.json<{ id: string }>().id}`,
        headers: c.outsider,
        payload: { catalogResourceIds: [await c.mountedResource()] },
      })
      assert.equal(wrongResource.statusCode, 422, 'only the registrant’s own resources can be linked')
      assert.equal(code(wrongResource), 'registration.resource_invalid')
    })

    test('material attachments are typed, bounded, downloadable by readers only, and audited', async () => {
      const d = await c.create({ materials: MATERIALS_TEXT })
      const upload = (payload: Record<string, unknown>, as = c.steward) =>
        c.t.request({
          method: 'POST',
          url: `/api/v1/registrations/${d.id}/attachments`,
          headers: as,
          payload,
        })
      const pdf = Buffer.from('%PDF-1.4 风险评估报告')
      const html = await upload({
        material: 'securityAssessment',
        fileName: 'a.html',
        contentType: 'text/html',
        contentBase64: pdf.toString('base64'),
      })
      assert.equal(html.statusCode, 422)
      assert.equal(code(html), 'registration.attachment_invalid')
      const other = await upload(
        {
          material: 'evidenceRecord',
          fileName: 'a.pdf',
          contentType: 'application/pdf',
          contentBase64: pdf.toString('base64'),
        },
        c.reviewer,
      )
      assert.equal(other.statusCode, 403)
      const ok = await upload({
        material: 'evidenceRecord',
        fileName: '存证.pdf',
        contentType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      })
      assert.equal(ok.statusCode, 200, ok.body)
      const view = ok.json<{
        attachments: { id: string; sm3: string }[]
        materialChecklist: { code: string; provided: boolean }[]
      }>()
      assert.equal(view.attachments.length, 1)
      assert.ok(view.materialChecklist.find((m) => m.code === 'evidenceRecord')?.provided)
      const url = `/api/v1/registrations/${d.id}/attachments/${view.attachments[0]?.id}`
      const got = await c.t.request({ method: 'GET', url, headers: c.steward })
      assert.equal(got.statusCode, 200)
      assert.deepEqual(got.rawPayload, pdf)
      assert.equal((await c.t.request({ method: 'GET', url, headers: c.outsider })).statusCode, 404)
      const audit = await c.t.db
        .withTables<{ auditEvents: { action: string; targetId: string | null } }>()
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', d.id)
        .execute()
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'registration.attachment_add',
        'registration.attachment_read',
        'registration.create',
      ])
    })

    test('public objections are limited per source address', async () => {
      const r = await c.toNotice()
      const file = () =>
        c.t.request({
          method: 'POST',
          url: `/api/v1/public/registrations/notices/${r.id}/objections`,
          remoteAddress: '198.51.100.7',
          payload: {
            realName: '周九',
            contact: '13700000000',
            content: '重复提交的异议内容，用于限流测试。',
          },
        })
      const answers: number[] = []
      for (let i = 0; i < 6; i += 1) answers.push((await file()).statusCode)
      assert.deepEqual(answers, [201, 201, 201, 201, 201, 429])
    })
  })
}
