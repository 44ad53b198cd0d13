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
import { getWorkingCalendar } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { shanghaiDate } from './dates.ts'
import { registrationError } from './errors.ts'
import { giveEffect } from './issue.ts'
import { isBodyStaff } from './policy.ts'
import type { SupplementBody } from './schemas.ts'
import { t } from './store.ts'
import type { RegistrationStatus } from './tables.ts'
import { applyChange, lockVisible, transitionInvalid } from './transition.ts'

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
  const days = config.registration
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isBodyStaff(ctx.actor, row.bodyOrgId)) throw registrationError('registration.forbidden')
    if (row.status !== FROM[step.action]) throw transitionInvalid(row, ACTION_ZH[step.action])
    switch (step.action) {
      case 'request_supplement': {
        const earlier = await t(trx)
          .selectFrom('registrationHistory')
          .select('id')
          .where('registrationId', '=', id)
          .where('action', '=', 'request_supplement')
          .executeTakeFirst()
        if (earlier)
          throw registrationError('registration.transition_invalid', {
            detail: {
              zh: '补正须一次性告知，已告知过一次，请受理或不予受理',
              en: 'Gaps are notified once; accept or refuse now',
            },
          })
        const gaps = step.body.gaps.map((g) => ({ material: g.material, note: g.note.trim() }))
        return applyChange(
          trx,
          ctx,
          row,
          {
            set: { status: 'supplement_required', supplementGaps: JSON.stringify({ gaps }) },
            action: 'request_supplement',
            details: { gaps },
          },
          now,
        )
      }
      case 'accept': {
        const cancel = row.kind === 'cancellation'
        return applyChange(
          trx,
          ctx,
          row,
          {
            set: {
              status: 'under_review',
              reviewDue: cancel ? null : cal.addWorkingDays(today, days.reviewWorkingDays),
              cancelDue: cancel ? cal.addWorkingDays(today, days.cancelWorkingDays) : null,
            },
            action: 'accept',
            reason: step.note ?? null,
            details: { acceptedOn: today, onTime: row.acceptDue === null || today <= row.acceptDue },
          },
          now,
        )
      }
      case 'refuse':
      case 'reject':
        return applyChange(
          trx,
          ctx,
          row,
          {
            set: {
              status: step.action === 'refuse' ? 'not_accepted' : 'terminated',
              decisionReason: step.reason,
              statusReason: step.reason,
            },
            action: step.action,
            reason: step.reason,
          },
          now,
        )
      case 'approve': {
        if (row.kind === 'renewal' || row.kind === 'cancellation')
          return giveEffect(trx, config, ctx, row, now)
        return applyChange(
          trx,
          ctx,
          row,
          {
            set: {
              status: 'public_notice',
              noticeStartsOn: today,
              noticeDue: cal.addWorkingDays(today, days.noticeWorkingDays),
            },
            action: 'approve',
            reason: step.note ?? null,
            details: { onTime: row.reviewDue === null || today <= row.reviewDue },
          },
          now,
        )
      }
      case 'revoke':
        return applyChange(
          trx,
          ctx,
          row,
          { set: { status: 'revoked', statusReason: step.reason }, action: 'revoke', reason: step.reason },
          now,
        )
    }
  })
}
