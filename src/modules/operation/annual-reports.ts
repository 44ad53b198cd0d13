/**
 * Submission of the annual report on guided prices (due 31 March of the next year): the authorizer submits the
 * report of an operator and year, frozen as JSON with its SM3 digest; a re-submission adds a revision and the
 * latest one counts. A job reminds the authorizer from `reportReminderDays` before the due day while nothing is
 * submitted, and marks the report overdue after it (each reminder once, audited).
 */
import { type Expression, type SqlBool, sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import { addCalendarDays, shanghaiDate } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import { type Actor, type RequestContext, systemContext } from '../../platform/context.ts'
import { type Db, drainInBatches, type JsonObject, type Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { orgFacts, orgSummaries } from '../identity/index.ts'
import { documentDigest } from './digest.ts'
import { operationError } from './errors.ts'
import { authorizes, isOperatorStaff, readableRegions, readsRegion } from './policy.ts'
import { reportDue } from './pricing.ts'
import { annualReport } from './report.ts'
import { operatorRegion } from './revenue.ts'
import { type ReminderKind, t } from './tables.ts'

export const REMINDER_JOB = 'operation.report_reminders'
export const REMINDER_SCHEDULE = 'operation.report_reminders.hourly'
export const REMINDER_CRON = '25 * * * *'
const BATCH = 100

export type ReportState = 'submitted' | 'not_due' | 'due' | 'overdue'

export async function submitAnnualReport(db: Db, ctx: RequestContext, operatorOrgId: string, year: number) {
  const actor = ctx.actor
  if (actor.kind !== 'user' || !authorizes(actor, await operatorRegion(db, operatorOrgId)))
    throw operationError('operation.forbidden')
  const report = (await annualReport(db, actor, operatorOrgId, year)) as unknown as JsonObject
  const digest = documentDigest(report)
  return db.transaction().execute(async (trx) => {
    // The cap row serializes submissions of one operator and year, so revisions never collide.
    const cap = await t(trx)
      .selectFrom('operationRevenueCaps')
      .select('id')
      .where('operatorOrgId', '=', operatorOrgId)
      .where('year', '=', year)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const last = await t(trx)
      .selectFrom('operationAnnualReports')
      .select(sql<number>`coalesce(max(revision), 0)::int`.as('n'))
      .where('operatorOrgId', '=', operatorOrgId)
      .where('year', '=', year)
      .executeTakeFirstOrThrow()
    const revision = last.n + 1
    const row = await t(trx)
      .insertInto('operationAnnualReports')
      .values({
        id: newId(),
        operatorOrgId,
        year,
        revision,
        authorizerOrgId: actor.orgId,
        report: JSON.stringify(report),
        digest,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning(['id', 'submittedAt'])
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, {
      action: 'operation.annual_report_submit',
      targetType: 'operation_revenue_cap',
      targetId: cap.id,
      details: { operatorOrgId, year, revision, digest, submissionId: row.id },
    })
    return { id: row.id, revision, digest, submittedAt: row.submittedAt.toISOString() }
  })
}

/** Operator staff of the org and bureau readers of its region see its reports; others get the same 404. */
async function checkReader(db: Db, actor: Actor, operatorOrgId: string): Promise<void> {
  const org = await orgFacts(db, operatorOrgId)
  if (!org || !(isOperatorStaff(actor, operatorOrgId) || readsRegion(actor, org.regionCode)))
    throw operationError('operation.revenue_cap_not_found')
}

export function reportState(
  year: number,
  today: string,
  submitted: boolean,
  reminderDays: number,
): ReportState {
  const due = reportDue(year)
  if (submitted) return 'submitted'
  if (today > due) return 'overdue'
  return today >= addCalendarDays(due, -reminderDays) ? 'due' : 'not_due'
}

/** Due day, state, every submitted revision (latest first) and the reminders written for one operator and year. */
export async function reportStatus(
  db: Db,
  config: Config,
  actor: Actor,
  operatorOrgId: string,
  year: number,
  now = new Date(),
) {
  await checkReader(db, actor, operatorOrgId)
  const submissions = await t(db)
    .selectFrom('operationAnnualReports')
    .select(['id', 'revision', 'digest', 'submittedByName', 'submittedAt'])
    .where('operatorOrgId', '=', operatorOrgId)
    .where('year', '=', year)
    .orderBy('revision', 'desc')
    .execute()
  const reminders = await t(db)
    .selectFrom('operationReportReminders')
    .select(['kind', 'dueOn', 'message', 'createdAt'])
    .where('operatorOrgId', '=', operatorOrgId)
    .where('year', '=', year)
    .orderBy('createdAt')
    .execute()
  const dueDate = reportDue(year)
  const latest = submissions[0]
  return {
    operatorOrgId,
    year,
    dueDate,
    reminderFrom: addCalendarDays(dueDate, -config.operation.reportReminderDays),
    state: reportState(year, shanghaiDate(now), latest !== undefined, config.operation.reportReminderDays),
    late: latest !== undefined && shanghaiDate(latest.submittedAt) > dueDate,
    submissions: submissions.map((s) => ({ ...s, submittedAt: s.submittedAt.toISOString() })),
    reminders: reminders.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  }
}

/** One frozen revision, with a fresh check of its digest. */
export async function submission(db: Db, actor: Actor, id: string) {
  const row = await t(db)
    .selectFrom('operationAnnualReports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw operationError('operation.report_submission_not_found')
  await checkReader(db, actor, row.operatorOrgId).catch(() => {
    throw operationError('operation.report_submission_not_found')
  })
  return {
    id: row.id,
    operatorOrgId: row.operatorOrgId,
    year: row.year,
    revision: row.revision,
    digest: row.digest,
    digestValid: documentDigest(row.report) === row.digest,
    submittedByName: row.submittedByName,
    submittedAt: row.submittedAt.toISOString(),
    report: row.report,
  }
}

/** Reminders the actor may read: bureau readers of the operator's region, the operator's own staff. */
export async function listReminders(db: Db, actor: Actor, limit = 100) {
  if (actor.kind !== 'user') return []
  const regions = readableRegions(actor)
  const staff = isOperatorStaff(actor, actor.orgId)
  const rows = await t(db)
    .selectFrom('operationReportReminders')
    .selectAll()
    .where((eb) => {
      const ors: Expression<SqlBool>[] = regions.map((r) => eb('regionCode', 'like', `${regionPrefix(r)}%`))
      if (staff) ors.push(eb('operatorOrgId', '=', actor.orgId))
      return ors.length ? eb.or(ors) : sql<SqlBool>`false`
    })
    .orderBy('createdAt', 'desc')
    .orderBy('operatorOrgId')
    .limit(limit)
    .execute()
  const submitted = rows.length
    ? await t(db)
        .selectFrom('operationAnnualReports')
        .select(['operatorOrgId', 'year'])
        .where(
          'operatorOrgId',
          'in',
          rows.map((r) => r.operatorOrgId),
        )
        .execute()
    : []
  const names = await orgSummaries(
    db,
    rows.map((r) => r.operatorOrgId),
  )
  return rows.map((r) => ({
    ...r,
    operatorOrgName: names.get(r.operatorOrgId)?.name ?? '',
    submitted: submitted.some((s) => s.operatorOrgId === r.operatorOrgId && s.year === r.year),
    createdAt: r.createdAt.toISOString(),
  }))
}

/**
 * Writes the reminders due at `now` (each once per operator, year and kind): `report_due` from
 * `reportReminderDays` before 31 March of Y + 1 until that day, `report_overdue` after it. Returns how many.
 */
export async function sendReportReminders(db: Db, config: Config, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const thisYear = Number(today.slice(0, 4))
  const due = reportDue(thisYear - 1)
  const inWindow = today >= addCalendarDays(due, -config.operation.reportReminderDays) && today <= due
  const lastOverdueYear = today > due ? thisYear - 1 : thisYear - 2
  let sent = 0
  if (inWindow) sent += await remind(db, 'report_due', thisYear - 1, thisYear - 1, now)
  sent += await remind(db, 'report_overdue', 2000, lastOverdueYear, now)
  return sent
}

/** Caps of the years with no submitted report and no reminder of this kind yet, claimed for this batch. */
function unremindedCaps(trx: Trx, kind: ReminderKind, fromYear: number, toYear: number) {
  return t(trx)
    .selectFrom('operationRevenueCaps as c')
    .select(['c.id', 'c.operatorOrgId', 'c.authorizerOrgId', 'c.year'])
    .where('c.year', '>=', fromYear)
    .where('c.year', '<=', toYear)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('operationAnnualReports as r')
            .select('r.id')
            .whereRef('r.operatorOrgId', '=', 'c.operatorOrgId')
            .whereRef('r.year', '=', 'c.year'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('operationReportReminders as m')
            .select('m.operatorOrgId')
            .whereRef('m.operatorOrgId', '=', 'c.operatorOrgId')
            .whereRef('m.year', '=', 'c.year')
            .where('m.kind', '=', kind),
        ),
      ),
    )
    .orderBy('c.id')
    .limit(BATCH)
    .forUpdate()
    .skipLocked()
    .execute()
}

async function remind(
  db: Db,
  kind: ReminderKind,
  fromYear: number,
  toYear: number,
  now: Date,
): Promise<number> {
  if (toYear < fromYear) return 0
  const ctx = systemContext(REMINDER_SCHEDULE)
  let sent = 0
  await drainInBatches(db, BATCH, async (trx) => {
    const caps = await unremindedCaps(trx, kind, fromYear, toYear)
    const names = await orgSummaries(
      trx,
      caps.map((c) => c.operatorOrgId),
    )
    let written = 0
    for (const c of caps) {
      const dueOn = reportDue(c.year)
      const org = names.get(c.operatorOrgId)
      const message =
        kind === 'report_due'
          ? `${org?.name ?? ''} ${c.year} 年度收费情况报告应于 ${dueOn} 前报送，目前尚未报送`
          : `${org?.name ?? ''} ${c.year} 年度收费情况报告已超过报送期限（${dueOn}），请尽快报送`
      const regionCode = org?.regionCode ?? '000000'
      const inserted = await t(trx)
        .insertInto('operationReportReminders')
        .values({
          operatorOrgId: c.operatorOrgId,
          year: c.year,
          kind,
          dueOn,
          authorizerOrgId: c.authorizerOrgId,
          regionCode,
          message,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('kind')
        .executeTakeFirst()
      if (!inserted) continue
      written += 1
      await recordAudit(trx, ctx, {
        action: `operation.${kind}`,
        targetType: 'operation_revenue_cap',
        targetId: c.id,
        orgId: c.authorizerOrgId,
        regionCode,
        details: { operatorOrgId: c.operatorOrgId, year: c.year, dueOn, at: now.toISOString() },
      })
    }
    sent += written
    return caps.length
  })
  return sent
}
