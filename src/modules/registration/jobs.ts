/**
 * Automatic steps, each idempotent (the state or a reminder row is the guard, rows are claimed with
 * FOR UPDATE SKIP LOCKED), so replicas and repeated runs never act twice:
 * - a notice period that ended: no objection pending → the registration takes effect; otherwise objection review;
 * - validity that ended: valid → expired;
 * - warnings: an initial registration due within WARN_WORKING_DAYS (or overdue) and not yet filed, and a
 *   registration whose renewal window opened. Tests call these functions with a chosen `now`.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import { getWorkingCalendar } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import { systemContext } from '../../platform/context.ts'
import { type Db, drainInBatches, type Trx } from '../../platform/db/index.ts'
import type { JobRunner } from '../../platform/jobs/index.ts'
import { addDays, shanghaiDate } from './dates.ts'
import type { RegistrationDeps } from './deps.ts'
import { giveEffect } from './issue.ts'
import { pendingObjections } from './objections.ts'
import { addHistory, t } from './store.ts'
import type { RegistrationRow } from './tables.ts'
import { applyChange } from './transition.ts'

export const TICK_QUEUE = 'registration.tick'
export const TICK_SCHEDULE = 'registration.tick.hourly'
export const TICK_CRON = '10 * * * *'
/** Working days before the initial registration is due from which the registrant is warned. */
export const WARN_WORKING_DAYS = 5
const BATCH = 100

async function claim(db: Db, filter: (q: ReturnType<typeof base>) => ReturnType<typeof base>) {
  return filter(base(db)).orderBy('id').limit(BATCH).forUpdate().skipLocked().execute()
}
const base = (db: Db) => t(db).selectFrom('registrations').selectAll()

/** Ends notice periods; returns how many registrations moved. */
export async function closeNotices(db: Db, config: Config, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const ctx = systemContext(TICK_SCHEDULE)
  return drainInBatches(db, BATCH, async (trx) => {
    const rows = await claim(trx, (q) =>
      q.where('status', '=', 'public_notice').where('noticeDue', '<', today),
    )
    for (const row of rows) {
      if ((await pendingObjections(trx, row.id)) > 0)
        await applyChange(trx, ctx, row, { set: { status: 'objection_review' }, action: 'notice_end' }, now)
      else await giveEffect(trx, config, ctx, row, now)
    }
    return rows.length
  })
}

export async function expireRegistrations(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const ctx = systemContext(TICK_SCHEDULE)
  return drainInBatches(db, BATCH, async (trx) => {
    const rows = await claim(trx, (q) => q.where('status', '=', 'valid').where('validUntil', '<', today))
    for (const row of rows)
      await applyChange(
        trx,
        ctx,
        row,
        { set: { status: 'expired', statusReason: '有效期届满未续展' }, action: 'expire' },
        now,
      )
    return rows.length
  })
}

async function remindOnce(
  db: Trx,
  row: RegistrationRow,
  kind: string,
  dueOn: string,
  now: Date,
  text: string,
) {
  const inserted = await t(db)
    .insertInto('registrationReminders')
    .values({ subjectId: row.id, kind, dueOn })
    .onConflict((oc) => oc.doNothing())
    .returning('subjectId')
    .executeTakeFirst()
  if (!inserted) return false
  const ctx = systemContext(TICK_SCHEDULE)
  await addHistory(
    db,
    ctx,
    {
      registrationId: row.id,
      action: kind,
      from: row.status,
      to: row.status,
      reason: text,
      details: { dueOn },
    },
    now,
  )
  await recordAudit(db, ctx, {
    action: `registration.${kind}`,
    targetType: 'registration',
    targetId: row.id,
    orgId: row.registrantOrgId,
    regionCode: row.registrantRegionCode,
    details: { dueOn },
  })
  return true
}

/** Writes each due warning once; returns how many were written now. */
export async function sendWarnings(db: Db, config: Config, now = new Date()): Promise<number> {
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  let warnLimit: string
  try {
    warnLimit = cal.addWorkingDays(today, WARN_WORKING_DAYS)
  } catch {
    warnLimit = addDays(today, WARN_WORKING_DAYS)
  }
  const renewFrom = addDays(today, config.registration.renewalWindowDays)
  return db.transaction().execute(async (trx) => {
    let sent = 0
    const due = await base(trx)
      .where('kind', '=', 'initial')
      .where('status', 'in', ['draft', 'supplement_required'])
      .where('initialDue', '<=', warnLimit)
      .execute()
    for (const row of due) {
      const late = row.initialDue !== null && row.initialDue < today
      const text = late
        ? `首次登记已超过办理期限（${row.initialDue}），请尽快提交`
        : `首次登记应于 ${row.initialDue} 前提交（运营开始后 ${config.registration.initialDueWorkingDays} 个工作日内）`
      if (
        row.initialDue &&
        (await remindOnce(trx, row, late ? 'initial_overdue' : 'initial_due', row.initialDue, now, text))
      )
        sent += 1
    }
    const renewable = await base(trx)
      .where('status', '=', 'valid')
      .where('validUntil', '<=', renewFrom)
      .where('validUntil', '>=', today)
      .execute()
    for (const row of renewable) {
      const text = `登记将于 ${row.validUntil} 到期，可在到期前 ${config.registration.renewalWindowDays} 日内申请续展`
      if (row.validUntil && (await remindOnce(trx, row, 'renewal_window', row.validUntil, now, text)))
        sent += 1
    }
    return sent
  })
}

export async function tick(db: Db, config: Config, now = new Date()) {
  return {
    noticesClosed: await closeNotices(db, config, now),
    expired: await expireRegistrations(db, now),
    warnings: await sendWarnings(db, config, now),
  }
}

export function registerJobs(runner: JobRunner, deps: RegistrationDeps): Promise<void> {
  runner.handle(TICK_QUEUE, async (_job, db) => {
    await tick(db, deps.config)
  })
  const stored = runner.schedule(TICK_SCHEDULE, TICK_CRON, TICK_QUEUE)
  stored.catch(() => {})
  return stored
}
