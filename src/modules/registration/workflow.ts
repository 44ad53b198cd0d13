/**
 * The registration body's steps:
 *
 *   submitted ──request_supplement (once, every gap)──▶ supplement_required ──resubmit──▶ submitted (clock restarts)
 *   submitted ──accept──▶ under_review        submitted ──refuse(reason)──▶ not_accepted
 *   under_review ──approve──▶ public_notice (initial, change, correction) | completed (renewal, cancellation)
 *   under_review ──reject(reason)──▶ terminated
 *   public_notice ──(notice ends, jobs.ts)──▶ valid (code issued) | objection_review (objections pending)
 *   valid ──revoke(reason)──▶ revoked
 */
import { getWorkingCalendar, type WorkingCalendar } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { shanghaiDate } from './dates.ts'
import { registrationError } from './errors.ts'
import { giveEffect } from './issue.ts'
import { isBodyStaff } from './policy.ts'
import type { SupplementBody } from './schemas.ts'
import { t } from './store.ts'
import type { RegistrationRow, RegistrationStatus } from './tables.ts'
import { applyChange, type Change, lockVisible, transitionInvalid } from './transition.ts'

export type BodyStep =
  | { readonly action: 'request_supplement'; readonly body: SupplementBody }
  | { readonly action: 'accept'; readonly note?: string | undefined }
  | { readonly action: 'refuse'; readonly reason: string }
  | { readonly action: 'approve'; readonly note?: string | undefined }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'revoke'; readonly reason: string }

const FROM: Record<BodyStep['action'], RegistrationStatus> = {
  request_supplement: 'submitted',
  accept: 'submitted',
  refuse: 'submitted',
  approve: 'under_review',
  reject: 'under_review',
  revoke: 'valid',
}
const ACTION_ZH: Record<BodyStep['action'], string> = {
  request_supplement: '一次性告知补正',
  accept: '受理',
  refuse: '不予受理',
  approve: '通过形式审核',
  reject: '审核不通过',
  revoke: '撤销',
}

/** The change a step makes, for every step but the ones that give effect (approve of renewal/cancellation). */
function changeFor(
  step: BodyStep,
  row: RegistrationRow,
  today: string,
  cal: WorkingCalendar,
  config: Config,
): Change {
  const days = config.registration
  switch (step.action) {
    case 'request_supplement': {
      const gaps = step.body.gaps.map((g) => ({ material: g.material, note: g.note.trim() }))
      return {
        set: { status: 'supplement_required', supplementGaps: JSON.stringify({ gaps }) },
        action: 'request_supplement',
        details: { gaps },
      }
    }
    case 'accept': {
      const cancel = row.kind === 'cancellation'
      return {
        set: {
          status: 'under_review',
          reviewDue: cancel ? null : cal.addWorkingDays(today, days.reviewWorkingDays),
          cancelDue: cancel ? cal.addWorkingDays(today, days.cancelWorkingDays) : null,
        },
        action: 'accept',
        reason: step.note ?? null,
        details: { acceptedOn: today, onTime: row.acceptDue === null || today <= row.acceptDue },
      }
    }
    case 'refuse':
    case 'reject':
      return {
        set: {
          status: step.action === 'refuse' ? 'not_accepted' : 'terminated',
          decisionReason: step.reason,
          statusReason: step.reason,
        },
        action: step.action,
        reason: step.reason,
      }
    case 'approve':
      return {
        set: {
          status: 'public_notice',
          noticeStartsOn: today,
          noticeDue: cal.addWorkingDays(today, days.noticeWorkingDays),
        },
        action: 'approve',
        reason: step.note ?? null,
        details: { onTime: row.reviewDue === null || today <= row.reviewDue },
      }
    case 'revoke':
      return { set: { status: 'revoked', statusReason: step.reason }, action: 'revoke', reason: step.reason }
  }
}

async function supplementAlreadyNotified(trx: Trx, id: string): Promise<boolean> {
  const earlier = await t(trx)
    .selectFrom('registrationHistory')
    .select('id')
    .where('registrationId', '=', id)
    .where('action', '=', 'request_supplement')
    .executeTakeFirst()
  return earlier !== undefined
}

export async function bodyStep(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  step: BodyStep,
  now = new Date(),
): Promise<void> {
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isBodyStaff(ctx.actor, row.bodyOrgId)) throw registrationError('registration.forbidden')
    if (row.status !== FROM[step.action]) throw transitionInvalid(row, ACTION_ZH[step.action])
    if (step.action === 'request_supplement' && (await supplementAlreadyNotified(trx, id)))
      throw registrationError('registration.transition_invalid', {
        detail: {
          zh: '补正须一次性告知，已告知过一次，请受理或不予受理',
          en: 'Gaps are notified once; accept or refuse now',
        },
      })
    if (step.action === 'approve' && (row.kind === 'renewal' || row.kind === 'cancellation'))
      return giveEffect(trx, config, ctx, row, now)
    return applyChange(trx, ctx, row, changeFor(step, row, today, cal, config), now)
  })
}
