/**
 * Objections (异议) during public notice: anyone, with real name, contact and evidence; the body reviews each.
 * An upheld objection ends the registration; once the notice has ended and every objection is dismissed, the
 * registration takes effect. Filing is limited per source address (kept only as a keyed hash).
 */
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import { sm3Hmac } from '../../platform/crypto/index.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { decodeAttachment, storeAttachment } from './attachments.ts'
import { shanghaiDate } from './dates.ts'
import { registrationError } from './errors.ts'
import { giveEffect } from './issue.ts'
import { isBodyStaff } from './policy.ts'
import type { ObjectionCreate } from './schemas.ts'
import { addHistory, lockRegistration, t } from './store.ts'
import type { RegistrationRow } from './tables.ts'
import { applyChange, lockVisible, transitionInvalid } from './transition.ts'

/** Objections one source may file per hour, across all registrations. */
export const OBJECTIONS_PER_HOUR = 5

export async function fileObjection(
  db: Db,
  config: Config,
  ctx: RequestContext,
  registrationId: string,
  input: ObjectionCreate,
  now = new Date(),
): Promise<string> {
  const files = (input.attachments ?? []).map(decodeAttachment)
  const sourceHash = sm3Hmac(config.secretKey, `registration-objection:${ctx.ip ?? 'unknown'}`)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    const row = await lockRegistration(trx, registrationId)
    if (!row || !['public_notice', 'objection_review'].includes(row.status))
      throw registrationError(row ? 'registration.objection_closed' : 'registration.not_found')
    if (row.status !== 'public_notice' || (row.noticeDue !== null && shanghaiDate(now) > row.noticeDue))
      throw registrationError('registration.objection_closed')
    const recent = await t(trx)
      .selectFrom('registrationObjections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sourceHash', '=', sourceHash)
      .where('createdAt', '>', new Date(now.getTime() - 3_600_000))
      .executeTakeFirstOrThrow()
    if (Number(recent.n) >= OBJECTIONS_PER_HOUR)
      throw registrationError('registration.rate_limited', { retryAfter: 3600 })
    await t(trx)
      .insertInto('registrationObjections')
      .values({
        id,
        registrationId,
        realName: input.realName.trim(),
        contact: input.contact.trim(),
        content: input.content.trim(),
        sourceHash,
        createdAt: now,
      })
      .execute()
    for (const file of files) await storeAttachment(trx, { objectionId: id }, file)
    await addHistory(
      trx,
      ctx,
      {
        registrationId,
        action: 'objection',
        from: row.status,
        to: row.status,
        details: { objectionId: id, attachments: files.length },
      },
      now,
    )
    // The objector's name and contact are personal data: the audit trail keeps only the ids.
    await recordAudit(trx, ctx, {
      action: 'registration.objection_file',
      targetType: 'registration',
      targetId: registrationId,
      orgId: row.registrantOrgId,
      regionCode: row.registrantRegionCode,
      details: { objectionId: id, attachments: files.length },
    })
  })
  return id
}

export async function decideObjection(
  db: Db,
  config: Config,
  ctx: RequestContext,
  registrationId: string,
  objectionId: string,
  decision: { decision: 'uphold' | 'dismiss'; reason: string },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, registrationId)
    if (!isBodyStaff(ctx.actor, row.bodyOrgId)) throw registrationError('registration.forbidden')
    const objection = await t(trx)
      .selectFrom('registrationObjections')
      .selectAll()
      .where('id', '=', objectionId)
      .where('registrationId', '=', registrationId)
      .forUpdate()
      .executeTakeFirst()
    if (!objection) throw registrationError('registration.objection_not_found')
    if (objection.status !== 'pending' || !['public_notice', 'objection_review'].includes(row.status))
      throw transitionInvalid(row, '复核异议')
    const upheld = decision.decision === 'uphold'
    await t(trx)
      .updateTable('registrationObjections')
      .set({
        status: upheld ? 'upheld' : 'dismissed',
        decisionReason: decision.reason,
        decidedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        decidedAt: now,
      })
      .where('id', '=', objectionId)
      .execute()
    if (upheld) {
      await applyChange(
        trx,
        ctx,
        row,
        {
          set: { status: 'terminated', statusReason: decision.reason },
          action: 'objection_uphold',
          reason: decision.reason,
          details: { objectionId },
        },
        now,
      )
      return
    }
    await recordDismissal(trx, ctx, row, objectionId, decision.reason, now)
    if (row.status === 'objection_review' && (await pendingObjections(trx, registrationId)) === 0)
      await giveEffect(trx, config, ctx, row, now)
  })
}

export async function pendingObjections(db: Db, registrationId: string): Promise<number> {
  const r = await t(db)
    .selectFrom('registrationObjections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registrationId', '=', registrationId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

async function recordDismissal(
  trx: Trx,
  ctx: RequestContext,
  row: RegistrationRow,
  objectionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await addHistory(
    trx,
    ctx,
    {
      registrationId: row.id,
      action: 'objection_dismiss',
      from: row.status,
      to: row.status,
      reason,
      details: { objectionId },
    },
    now,
  )
  await recordAudit(trx, ctx, {
    action: 'registration.objection_dismiss',
    targetType: 'registration',
    targetId: row.id,
    orgId: row.registrantOrgId,
    regionCode: row.registrantRegionCode,
    details: { objectionId },
  })
}
