/**
 * Working-day deadlines on the official 2026 calendar (holidays and 调休), decision timeliness, the reply limit
 * as a setting, and the escalation of overdue requests (service and job runner), with a chosen clock.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { DomainError } from '../../../platform/errors.ts'
import { enqueue, JobRunner } from '../../../platform/jobs/index.ts'
import { createShareRequest } from './create.ts'
import { actOnRequest } from './decide.ts'
import { ESCALATE_QUEUE, escalateOverdue } from './escalation.ts'
import { registerRequestsJobs } from './jobs.ts'
import { getRequest } from './listing.ts'
import { openSharingContext, type RequestView, type SharingContext } from './test-context.ts'

/** 10:00 Beijing time on a day. */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`)

for (const engine of testEngines()) {
  describe(`share request deadlines on ${engine}`, () => {
    let s: SharingContext
    let consumer: RequestContext
    let provider: RequestContext
    const input = (resourceId: string, periodStart: string) => ({
      resourceId,
      appId: s.appId,
      fields: ['xm', 'sfzh'],
      purpose: '新生儿出生医学证明与户口登记联办',
      scenario: '高效办成一件事·新生儿出生',
      legalBasis: '《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》',
      deliveryMode: 'api' as const,
      periodStart,
      periodEnd: '2027-06-30',
    })
    const make = async (date: string, time?: string, config = s.t.config) =>
      createShareRequest(s.t.db, config, consumer, input(await s.resource(), date), at(date, time))

    before(async () => {
      s = await openSharingContext(engine)
      consumer = await s.ctxOf(s.consumer)
      provider = await s.ctxOf(s.provider)
    })
    after(() => s.close())

    test('a request made just before 国庆 2026 is due ten working days later, not ten weekdays', async () => {
      const id = await make('2026-09-29', '23:30')
      const r = await getRequest(s.t.db, consumer, id, at('2026-09-29', '23:45'))
      // 9-30, then 10-01…10-07 off, 10-08, 10-09, 10-10 (Saturday 调休), 10-12…10-16, 10-19.
      assert.equal(r.replyDue, '2026-10-19', 'plain weekdays would say 2026-10-13')
      assert.equal(r.workingDaysLeft, 10)
      const view = async (date: string) => getRequest(s.t.db, provider, id, at(date))
      assert.equal((await view('2026-10-05')).workingDaysLeft, 9, 'nothing counts down during the holiday')
      assert.equal((await view('2026-10-16')).workingDaysLeft, 1, 'the last working day before the deadline')
      const dueDay = await view('2026-10-19')
      assert.deepEqual([dueDay.workingDaysLeft, dueDay.overdue], [0, false])
      const late = await view('2026-10-20')
      assert.deepEqual([late.workingDaysLeft, late.overdue], [-1, true])

      await actOnRequest(
        s.t.db,
        s.t.config,
        provider,
        id,
        { action: 'approve', body: {} },
        at('2026-10-19', '17:00'),
      )
      const done = await getRequest(s.t.db, provider, id, at('2026-10-19', '17:01'))
      assert.deepEqual([done.decidedOnTime, done.decisionWorkingDays], [true, 10])
      // 20 working days after 10-19: 10-20…10-23, 10-26…10-30, 11-02…11-06, 11-09…11-13, 11-16.
      assert.equal(done.deliveryDue, '2026-11-16')
      assert.deepEqual([done.workingDaysLeft, done.overdue], [null, false], 'no countdown once decided')
    })

    test('a request across 中秋 and the Sunday 调休 of 20 September; a late refusal is not on time', async () => {
      const id = await make('2026-09-18')
      const r = await getRequest(s.t.db, consumer, id, at('2026-09-18'))
      // 9-20 (Sunday 调休), 9-21…9-24, 9-25…9-27 off (中秋), 9-28…9-30, 10-08, 10-09.
      assert.equal(r.replyDue, '2026-10-09')
      await actOnRequest(
        s.t.db,
        s.t.config,
        provider,
        id,
        { action: 'reject', reason: '超出共享条件' },
        at('2026-10-12'),
      )
      const done = await getRequest(s.t.db, consumer, id, at('2026-10-12'))
      assert.equal(done.status, 'rejected')
      assert.deepEqual(
        [done.decidedOnTime, done.decisionWorkingDays],
        [false, 12],
        '10-10 (Saturday 调休) counts',
      )
    })

    test('the reply limit is a setting; a deadline in a year not loaded is refused, not guessed', async () => {
      const oneDay = { ...s.t.config, shareReplyWorkingDays: 1 }
      const id = await make('2026-09-30', '09:00', oneDay)
      assert.equal((await getRequest(s.t.db, consumer, id, at('2026-09-30'))).replyDue, '2026-10-08')
      const resourceId = await s.resource()
      const far = { ...input(resourceId, '2099-12-28'), periodEnd: '2100-06-30' }
      await assert.rejects(
        createShareRequest(s.t.db, s.t.config, consumer, far, at('2099-12-28')),
        (err: unknown) => err instanceof DomainError && err.code === 'calendar.year_not_loaded',
      )
    })

    test('overdue requests escalate once to the bureau, which may then decide them', async () => {
      const id = await make('2026-09-01')
      assert.equal((await getRequest(s.t.db, consumer, id, at('2026-09-01'))).replyDue, '2026-09-15')
      assert.equal(
        await escalateOverdue(s.t.db, at('2026-09-15', '23:00')),
        0,
        'still on time on the due day',
      )
      assert.ok((await escalateOverdue(s.t.db, at('2026-09-16', '00:30'))) >= 1)
      assert.equal(await escalateOverdue(s.t.db, at('2026-09-16', '01:30')), 0, 'escalated once')
      const r = await s.t.request({ method: 'GET', url: `/api/v1/share-requests/${id}`, headers: s.reviewer })
      const view = r.json<RequestView>()
      assert.ok(view.escalatedAt)
      assert.equal(view.overdue, true)
      assert.equal(view.history.at(-1)?.action, 'escalate')
      assert.deepEqual(view.actions, ['arbitrate'])
      const overdue = await s.t.request({
        method: 'GET',
        url: '/api/v1/share-requests?box=inbox&overdue=true&escalated=true',
        headers: s.provider,
      })
      assert.ok(
        overdue
          .json<{ items: { id: string; overdue: boolean }[] }>()
          .items.some((i) => i.id === id && i.overdue),
      )
      const audit = await s.t.request({
        method: 'GET',
        url: `/api/v1/audit/events?action=sharing.request_escalate&targetId=${id}`,
        headers: s.admin,
      })
      assert.equal(audit.json<{ total: number }>().total, 1)
      const decided = await s.act(id, 'arbitrate', s.reviewer, {
        decision: 'approve',
        reason: '提供方逾期未答复，予以共享',
      })
      assert.equal(decided.statusCode, 200, decided.body)
      const d = decided.json<RequestView & { decidedOnTime: boolean }>()
      assert.deepEqual([d.status, d.decidedOnTime, Boolean(d.grantId)], ['approved', false, true])
    })

    test('the hourly escalation job runs through the job runner', async () => {
      const id = await make('2026-09-02')
      const runner = new JobRunner(s.t.db)
      await registerRequestsJobs(runner, { db: s.t.db, config: s.t.config })
      await enqueue(s.t.db, ESCALATE_QUEUE, {})
      assert.ok((await runner.runDue()) >= 1)
      await runner.stop()
      const r = await getRequest(s.t.db, consumer, id)
      assert.ok(r.escalatedAt, 'overdue by today, so escalated by the job')
    })
  })
}
