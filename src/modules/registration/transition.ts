/**
 * One step of a registration: lock the row, check who may see it (404) and act (403) and whether the state
 * allows the step (409), then write the change, a history entry and an audit event in one transaction.
 */
import type { Updateable } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { JsonObject, Trx } from '../../platform/db/index.ts'
import { registrationError } from './errors.ts'
import { canRead } from './policy.ts'
import { addHistory, lockRegistration, t } from './store.ts'
import type { RegistrationRow, RegistrationStatus, RegistrationsTable } from './tables.ts'

export const STATUS_ZH: Record<RegistrationStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  supplement_required: '待补正',
  not_accepted: '不予受理',
  under_review: '形式审核中',
  public_notice: '公示中',
  objection_review: '异议复核',
  terminated: '终止',
  valid: '有效',
  expired: '到期',
  cancelled: '已注销',
  revoked: '已撤销',
  completed: '已办结',
  withdrawn: '已撤回',
}

export interface Change {
  readonly set: Updateable<RegistrationsTable> & { status: RegistrationStatus }
  readonly action: string
  readonly reason?: string | null
  readonly details?: JsonObject
}

export function transitionInvalid(row: RegistrationRow, what: string) {
  return registrationError('registration.transition_invalid', {
    detail: {
      zh: `当前状态（${STATUS_ZH[row.status]}）不能${what}`,
      en: `Cannot do this while the registration is ${row.status}`,
    },
    extra: { status: row.status },
  })
}

/** Writes one change of a locked row with its history entry and audit event. */
export async function applyChange(
  trx: Trx,
  ctx: RequestContext,
  row: RegistrationRow,
  change: Change,
  now: Date,
): Promise<void> {
  await t(trx)
    .updateTable('registrations')
    .set({ ...change.set, updatedAt: now, statusChangedAt: now })
    .where('id', '=', row.id)
    .execute()
  await addHistory(
    trx,
    ctx,
    {
      registrationId: row.id,
      action: change.action,
      from: row.status,
      to: change.set.status,
      reason: change.reason ?? null,
      details: change.details ?? {},
    },
    now,
  )
  await recordAudit(trx, ctx, {
    action: `registration.${change.action}`,
    targetType: 'registration',
    targetId: row.id,
    orgId: row.registrantOrgId,
    regionCode: row.registrantRegionCode,
    details: { from: row.status, to: change.set.status, kind: row.kind, ...(change.details ?? {}) },
  })
}

/** Locks a row the actor can see (else 404), in the caller's transaction. */
export async function lockVisible(trx: Trx, ctx: RequestContext, id: string): Promise<RegistrationRow> {
  const row = await lockRegistration(trx, id)
  if (!row || !canRead(ctx.actor, row)) throw registrationError('registration.not_found')
  return row
}
