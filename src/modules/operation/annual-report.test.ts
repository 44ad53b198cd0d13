/**
 * The 31 March annual report: the authorizer's submission (frozen JSON, SM3 digest, revisions; the latest
 * counts) and the reminder job driven with a chosen clock across 28 February, 1 March, 31 March and 1 April.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { testEngines } from '../../../test/support/db.ts'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import { sm3 } from '../../platform/crypto/index.ts'
import { reportState, sendReportReminders } from './annual-reports.ts'
import { canonicalJson } from './digest.ts'
import { type OperationFixture, openOperationFixture } from './fixture.ts'

/** Year Y of the report: due 31 March of Y + 1; reminders from 30 days before (OPERATION_REPORT_REMINDER_DAYS). */
const Y = 2030
const at = (date: string) => new Date(`${date}T09:00:00+08:00`)
const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code

interface Status {
  dueDate: string
  reminderFrom: string
  state: string
  submissions: { id: string; revision: number; digest: string }[]
  reminders: { kind: string; dueOn: string; message: string }[]
}

for (const engine of testEngines()) {
  describe(`annual report submission and reminders on ${engine}`, () => {
    let f: OperationFixture
    /** Reminders and submissions come from the route; the state on a chosen day from the same rule it uses. */
    const status = async (operatorOrgId: string, now: Date) => {
      const res = await f.get(
        `/api/v1/operation/reports/annual/submissions?operatorOrgId=${operatorOrgId}&year=${Y}`,
        f.bureau,
      )
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json<Status>()
      const state = reportState(
        Y,
        shanghaiDate(now),
        body.submissions.length > 0,
        f.t.config.operation.reportReminderDays,
      )
      return { ...body, state }
    }

    before(async () => {
      f = await openOperationFixture(engine)
      await f.activeProject([f.operatorOrgId, f.operator2OrgId])
      for (const operatorOrgId of [f.operatorOrgId, f.operator2OrgId]) {
        const cap = await f.post('/api/v1/operation/revenue-caps', f.bureau, {
          operatorOrgId,
          year: Y,
          cost: '1000.00',
          subsidies: '100.00',
          bondYieldBp: 168,
          profitRateBp: 500,
          tax: '10.00',
        })
        assert.equal(cap.statusCode, 201, cap.body)
      }
    })
    after(() => f.close())

    test('the authorizer submits: frozen JSON, SM3 digest, a new revision each time', async () => {
      const body = { operatorOrgId: f.operator2OrgId, year: Y }
      const byOperator = await f.post('/api/v1/operation/reports/annual/submissions', f.operator2, body)
      assert.equal(byOperator.statusCode, 403, 'the operator prepares data; the authorizer submits')
      const noCap = await f.post('/api/v1/operation/reports/annual/submissions', f.bureau, {
        ...body,
        year: Y + 1,
      })
      assert.equal(code(noCap), 'operation.revenue_cap_not_found')
      const first = await f.post('/api/v1/operation/reports/annual/submissions', f.bureau, body)
      assert.equal(first.statusCode, 201, first.body)
      const r1 = first.json<{ id: string; revision: number; digest: string }>()
      assert.equal(r1.revision, 1)
      const frozen = await f.get(`/api/v1/operation/reports/annual/submissions/${r1.id}`, f.operator2)
      const s = frozen.json<{
        digestValid: boolean
        digest: string
        report: { maxRevenue: string; year: number }
      }>()
      // Max allowed revenue: (1000 − 100) + 900 × 5 % + 10 = 955.00.
      assert.equal(s.report.maxRevenue, '955.00')
      assert.equal(s.digest, sm3(canonicalJson(s.report)))
      assert.equal(s.digestValid, true)
      assert.equal(
        (await f.get(`/api/v1/operation/reports/annual/submissions/${r1.id}`, f.operator)).statusCode,
        404,
      )
      const second = await f.post('/api/v1/operation/reports/annual/submissions', f.bureau, body)
      assert.equal(second.json<{ revision: number }>().revision, 2)
      const list = await f.get(
        `/api/v1/operation/reports/annual/submissions?operatorOrgId=${f.operator2OrgId}&year=${Y}`,
        f.bureau,
      )
      const st = list.json<Status>()
      assert.equal(st.state, 'submitted')
      assert.deepEqual(
        st.submissions.map((x) => x.revision),
        [2, 1],
        'latest first: the latest counts',
      )
      await sql`update operation_annual_reports set report = jsonb_set(report, '{revenue}', '"1.00"') where id = ${r1.id}`.execute(
        f.t.db,
      )
      const tampered = await f.get(`/api/v1/operation/reports/annual/submissions/${r1.id}`, f.bureau)
      assert.equal(tampered.json<{ digestValid: boolean }>().digestValid, false)
    })

    test('reminders: none before 1 March, once from 1 March, overdue after 31 March; submitted ones are spared', async () => {
      assert.equal(await sendReportReminders(f.t.db, f.t.config, at(`${Y + 1}-02-28`)), 0)
      assert.equal((await status(f.operatorOrgId, at(`${Y + 1}-02-28`))).state, 'not_due')

      assert.equal(
        await sendReportReminders(f.t.db, f.t.config, at(`${Y + 1}-03-01`)),
        1,
        'operator 2 is submitted',
      )
      const march1 = await status(f.operatorOrgId, at(`${Y + 1}-03-01`))
      assert.equal(march1.state, 'due')
      assert.equal(march1.reminderFrom, `${Y + 1}-03-01`)
      assert.deepEqual(
        march1.reminders.map((r) => `${r.kind}:${r.dueOn}`),
        [`report_due:${Y + 1}-03-31`],
      )
      assert.match(march1.reminders[0]?.message ?? '', /应于 2031-03-31 前报送/)

      assert.equal(await sendReportReminders(f.t.db, f.t.config, at(`${Y + 1}-03-15`)), 0, 'each kind once')
      assert.equal(await sendReportReminders(f.t.db, f.t.config, at(`${Y + 1}-03-31`)), 0)
      assert.equal(
        (await status(f.operatorOrgId, at(`${Y + 1}-03-31`))).state,
        'due',
        'due day itself is on time',
      )

      assert.equal(await sendReportReminders(f.t.db, f.t.config, at(`${Y + 1}-04-01`)), 1)
      const april1 = await status(f.operatorOrgId, at(`${Y + 1}-04-01`))
      assert.equal(april1.state, 'overdue')
      assert.deepEqual(
        april1.reminders.map((r) => r.kind),
        ['report_due', 'report_overdue'],
      )
      assert.equal(await sendReportReminders(f.t.db, f.t.config, at(`${Y + 1}-04-02`)), 0)

      const audit = await sql<{ action: string; n: number }>`
        select action, count(*)::int as n from audit_events
        where action in ('operation.report_due', 'operation.report_overdue') group by action order by action
      `.execute(f.t.db)
      assert.deepEqual(audit.rows, [
        { action: 'operation.report_due', n: 1 },
        { action: 'operation.report_overdue', n: 1 },
      ])

      const feed = await f.get('/api/v1/operation/reports/reminders', f.bureau)
      assert.equal(feed.json<{ items: unknown[] }>().items.length, 2)
      assert.equal(
        (await f.get('/api/v1/operation/reports/reminders', f.operator2)).json<{ items: unknown[] }>().items
          .length,
        0,
      )
      assert.equal(
        (await f.get('/api/v1/operation/reports/reminders', f.buyer)).json<{ items: unknown[] }>().items
          .length,
        0,
      )

      const late = await f.post('/api/v1/operation/reports/annual/submissions', f.bureau, {
        operatorOrgId: f.operatorOrgId,
        year: Y,
      })
      assert.equal(late.statusCode, 201)
      assert.equal((await status(f.operatorOrgId, at(`${Y + 1}-04-03`))).state, 'submitted')
    })
  })
}
