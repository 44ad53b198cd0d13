/**
 * After issue and around the clock: deadlines across holidays, expiry, the renewal window, renewal, change,
 * cancellation, third-party correction, due warnings, the evidence digest, and the status other modules read.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { testEngines } from '../../../test/support/db.ts'
import { createRegistration, submitRegistration } from './applications.ts'
import { addDays } from './dates.ts'
import { computeEvidence } from './evidence.ts'
import { closeNotices, expireRegistrations, sendWarnings } from './jobs.ts'
import { registrationStatusOf } from './listing.ts'
import {
  MATERIALS_TEXT,
  openRegistrationContext,
  type RegistrationContext,
  sampleRows,
} from './test-context.ts'

const at = (date: string) => new Date(`${date}T10:00:00+08:00`)
const later = (days: number) => new Date(Date.now() + days * 86_400_000)

for (const engine of testEngines()) {
  describe(`registration lifecycle on ${engine}`, () => {
    let c: RegistrationContext
    before(async () => {
      c = await openRegistrationContext(engine)
    })
    after(() => c.close())

    async function issued() {
      const r = await c.toNotice()
      await closeNotices(c.t.db, c.t.config, later(40))
      const v = await c.get(r.id)
      assert.equal(v.status, 'valid')
      return v
    }

    test('the acceptance deadline counts working days across the National Day holiday and 调休', async () => {
      const ctx = await c.ctxOf(c.steward)
      const id = await createRegistration(
        c.t.db,
        c.t.config,
        ctx,
        {
          kind: 'initial',
          dataName: '节假日测试',
          materials: { ...MATERIALS_TEXT, evidenceRecord: '存证编号 X' },
        },
        at('2026-09-28'),
      )
      await submitRegistration(c.t.db, c.t.config, ctx, id, at('2026-09-30'))
      const v = await c.get(id)
      // 10-01..10-07 are holidays; 10-08 Thu, 10-09 Fri and the adjusted working Saturday 10-10.
      assert.equal(v.acceptDue, '2026-10-10')
    })

    test('validity is three years from issue, cut at the mandate end; expiry is automatic and idempotent', async () => {
      const v = await issued()
      assert.ok(v.validFrom && v.validUntil)
      assert.equal(v.validUntil, addDays(`${Number(v.validFrom.slice(0, 4)) + 3}${v.validFrom.slice(4)}`, -1))
      const short = await c.toNotice()
      await c.t.db
        .withTables<{ registrations: { id: string; mandateEndsOn: string | null } }>()
        .updateTable('registrations')
        .set({ mandateEndsOn: addDays(v.validFrom, 200) })
        .where('id', '=', short.id)
        .execute()
      await closeNotices(c.t.db, c.t.config, later(40))
      const s = await c.get(short.id)
      assert.equal(s.validUntil, addDays(v.validFrom, 200), 'a mandate ending earlier shortens validity')

      const day = new Date(`${v.validUntil}T12:00:00+08:00`)
      assert.equal(await expireRegistrations(c.t.db, day), 1, 'only the short one ends before')
      const dayAfter = new Date(day.getTime() + 86_400_000)
      assert.ok((await expireRegistrations(c.t.db, dayAfter)) >= 1)
      assert.equal(await expireRegistrations(c.t.db, dayAfter), 0, 'idempotent')
      assert.equal((await c.get(v.id)).status, 'expired')
      assert.equal((await c.get(short.id)).status, 'expired')
    })

    test('renewal only in the 60 days before expiry; it extends validity and signs a new version', async () => {
      const v = await issued()
      const tooEarly = await c.t.request({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: c.steward,
        payload: { kind: 'renewal', targetId: v.id },
      })
      assert.equal(tooEarly.statusCode, 409, tooEarly.body)
      assert.equal(tooEarly.json<{ code: string }>().code, 'registration.renewal_window')
      const ctx = await c.ctxOf(c.steward)
      const until = v.validUntil ?? ''
      const inWindow = at(addDays(until, -30))
      assert.equal(await sendWarnings(c.t.db, c.t.config, inWindow), 1)
      assert.equal(await sendWarnings(c.t.db, c.t.config, inWindow), 0, 'each warning once')
      const renewal = await createRegistration(
        c.t.db,
        c.t.config,
        ctx,
        { kind: 'renewal', targetId: v.id },
        inWindow,
      )
      await submitRegistration(c.t.db, c.t.config, ctx, renewal, inWindow)
      assert.equal((await c.act(renewal, 'accept', c.reviewer)).statusCode, 200)
      const done = await c.act(renewal, 'approve', c.reviewer)
      assert.equal(done.statusCode, 200, done.body)
      assert.equal(done.json<{ status: string }>().status, 'completed')
      const renewed = await c.get(v.id)
      assert.equal(renewed.validUntil, addDays(`${Number(until.slice(0, 4)) + 3}${until.slice(4)}`, 0))
      assert.equal(renewed.certificateVersion, 2)
      assert.equal(renewed.number, v.number, 'the number stays')
    })

    test('a change rewrites the registered facts after notice; a cancellation ends the registration', async () => {
      const v = await issued()
      const change = await c.create({
        kind: 'change',
        targetId: v.id,
        dataName: '湘潭市户籍人口数据（2027版）',
        reason: '数据范围扩大',
      })
      for (const [step, as] of [
        ['submit', c.steward],
        ['accept', c.reviewer],
        ['approve', c.reviewer],
      ] as const)
        assert.equal((await c.act(change.id, step, as)).statusCode, 200, step)
      assert.equal((await c.get(change.id)).status, 'public_notice')
      await closeNotices(c.t.db, c.t.config, later(40))
      assert.equal((await c.get(change.id)).status, 'completed')
      const changed = await c.get(v.id)
      assert.equal(changed.certificateVersion, 2)
      const cert = await c.t.request({
        method: 'GET',
        url: `/api/v1/registrations/${v.id}/certificate`,
        headers: c.steward,
      })
      assert.equal(
        cert.json<{ certificate: { dataName: string } }>().certificate.dataName,
        '湘潭市户籍人口数据（2027版）',
      )

      const cancel = await c.create({ kind: 'cancellation', targetId: v.id, reason: '数据已灭失，无法恢复' })
      assert.equal((await c.act(cancel.id, 'submit', c.steward)).statusCode, 200)
      assert.equal((await c.act(cancel.id, 'accept', c.reviewer)).statusCode, 200)
      const review = await c.get(cancel.id)
      assert.ok((await c.get(cancel.id, c.reviewer)).actions.includes('approve'))
      assert.equal(review.status, 'under_review')
      assert.equal((await c.act(cancel.id, 'approve', c.reviewer)).statusCode, 200)
      assert.equal((await c.get(v.id)).status, 'cancelled')
      const verify = await c.t.request({
        method: 'POST',
        url: '/api/v1/public/registrations/verify',
        payload: { certificate: cert.json() },
      })
      assert.equal(verify.json<{ result: string }>().result, 'cancelled')
    })

    test('an interested third party may ask for a correction, with reasons; not for other kinds', async () => {
      const v = await issued()
      const noReason = await c.t.request({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: c.outsider,
        payload: { kind: 'correction', targetId: v.id },
      })
      assert.equal(noReason.statusCode, 400)
      const change = await c.t.request({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: c.outsider,
        payload: { kind: 'change', targetId: v.id, reason: '我们想改一下这个登记的内容' },
      })
      assert.equal(change.statusCode, 403)
      const res = await c.t.request({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: c.outsider,
        payload: {
          kind: 'correction',
          targetId: v.id,
          reason: '登记的数据名称与我局批复文件不符，附批复文件为证',
          summary: '更正后的摘要',
        },
      })
      assert.equal(res.statusCode, 201, res.body)
      const corr = res.json<{ id: string; registrantName: string; applicantName: string }>()
      assert.equal(corr.registrantName, '湘潭市公安局')
      assert.equal(corr.applicantName, '湘潭市市场监督管理局')
      assert.equal((await c.act(corr.id, 'submit', c.outsider)).statusCode, 200)
      const seen = await c.t.request({
        method: 'GET',
        url: `/api/v1/registrations/${corr.id}`,
        headers: c.steward,
      })
      assert.equal(seen.statusCode, 200, 'the registrant sees corrections of its registration')
    })

    test('the initial registration is due 20 working days after operation starts; warned once before', async () => {
      const ctx = await c.ctxOf(c.steward)
      const id = await createRegistration(
        c.t.db,
        c.t.config,
        ctx,
        { kind: 'initial', dataName: '运营产品', operationStartedOn: '2026-09-01' },
        at('2026-09-01'),
      )
      const v = await c.get(id)
      assert.equal(v.status, 'draft')
      // 20 working days from Tue 2026-09-01, with 09-20 (Sunday) an adjusted working day and 09-25 a holiday.
      const due = (
        await c.t.request({ method: 'GET', url: `/api/v1/registrations/${id}`, headers: c.steward })
      ).json<{ initialDue: string }>().initialDue
      assert.equal(due, '2026-09-29')
      assert.equal(await sendWarnings(c.t.db, c.t.config, at('2026-09-10')), 0, 'too early to warn')
      assert.equal(await sendWarnings(c.t.db, c.t.config, at('2026-09-23')), 1)
      assert.equal(await sendWarnings(c.t.db, c.t.config, at('2026-09-24')), 0)
      assert.equal(await sendWarnings(c.t.db, c.t.config, at('2026-09-30')), 1, 'overdue is warned again')
      assert.deepEqual(
        (await c.get(id)).history.map((h) => h.action),
        ['create', 'initial_due', 'initial_overdue'],
      )
    })

    test('the SM3 evidence digest changes when one data row changes', async () => {
      const rid = await c.mountedResource()
      const first = await computeEvidence(c.t.db, c.t.config, rid, new Date())
      assert.equal(first.rowCount, 3)
      const same = await computeEvidence(c.t.db, c.t.config, rid, new Date())
      assert.equal(same.dataDigest, first.dataDigest, 'stable over the same data')
      const rows = sampleRows()
      await c.upload(rid, [...rows].reverse())
      assert.equal(
        (await computeEvidence(c.t.db, c.t.config, rid, new Date())).dataDigest,
        first.dataDigest,
        'row order does not matter',
      )
      await c.upload(rid, [rows[0] ?? '', rows[1] ?? '', '王五,430302199003031236,湖南省湘潭市韶山市4号'])
      const changed = await computeEvidence(c.t.db, c.t.config, rid, new Date())
      assert.equal(changed.rowCount, 3)
      assert.notEqual(changed.dataDigest, first.dataDigest)
      assert.equal(changed.metadataDigest, first.metadataDigest)
      assert.match(changed.digest, /^[0-9a-f]{64}$/)
    })

    test('an external PostgreSQL mount: evidence is computed on its server, equal to the hosted digest of the same rows', async () => {
      const base = process.env.TEST_DATABASE_URL
      if (!base) return
      const rid = await c.mountedResource()
      const hosted = await computeEvidence(c.t.db, c.t.config, rid, new Date())
      const schema = `reg_ext_${Date.now().toString(36)}`
      const ext = new pg.Client({ connectionString: base })
      await ext.connect()
      try {
        await ext.query(`create schema ${schema}`)
        // Column names in another case are matched as the mount matches them.
        await ext.query(`create table ${schema}.people ("XM" text, sfzh text, hjdz text, extra int)`)
        for (const row of sampleRows())
          await ext.query(`insert into ${schema}.people values ($1, $2, $3, 1)`, row.split(','))
        const mounted = await c.t.request({
          method: 'PUT',
          url: `/api/v1/catalog/resources/${rid}/mount`,
          headers: c.steward,
          payload: { kind: 'postgres', url: base, schema, table: 'people' },
        })
        assert.equal(mounted.statusCode, 200, mounted.body)
        const external = await computeEvidence(c.t.db, c.t.config, rid, new Date())
        assert.equal(external.rowCount, 3)
        assert.equal(external.dataDigest, hosted.dataDigest)
        await ext.query(
          `update ${schema}.people set hjdz = '湖南省湘潭市韶山市4号' where sfzh = '430302199003031236'`,
        )
        const changed = await computeEvidence(c.t.db, c.t.config, rid, new Date())
        assert.notEqual(changed.dataDigest, hosted.dataDigest)
      } finally {
        await ext.query(`drop schema ${schema} cascade`)
        await ext.end()
      }
    })

    test('other modules read the registration status of a resource or product', async () => {
      const rid = await c.mountedResource()
      assert.equal(await registrationStatusOf(c.t.db, { catalogResourceId: rid }), null)
      const product = '0190c0de-0000-7000-8000-000000000001'
      const r = await c.create({
        catalogResourceIds: [rid],
        operationProductIds: [product],
        materials: MATERIALS_TEXT,
      })
      assert.equal((await registrationStatusOf(c.t.db, { operationProductId: product }))?.status, 'draft')
      for (const [step, as] of [
        ['submit', c.steward],
        ['accept', c.reviewer],
        ['approve', c.reviewer],
      ] as const)
        assert.equal((await c.act(r.id, step, as)).statusCode, 200)
      await closeNotices(c.t.db, c.t.config, later(40))
      const s = await registrationStatusOf(c.t.db, { catalogResourceId: rid })
      assert.equal(s?.status, 'valid')
      assert.ok(s?.number)
    })
  })
}
