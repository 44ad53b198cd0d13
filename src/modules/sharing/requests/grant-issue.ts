/** Issuing a grant when a share request is approved (by the provider, at once, or by arbitration). */
import { recordAudit } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Trx } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { t } from '../store.ts'
import { endOfDay, startOfDay } from './deadlines.ts'
import type { ShareRequestRow } from './tables.ts'

export interface GrantTerms {
  readonly fields: readonly string[]
  readonly periodEnd: string
  readonly quotaPerDay: number | null
  readonly ratePerSecond: number | null
}

/**
 * Inserts the grant for an approved request, in the caller's transaction. It is valid from the start of the
 * requested period (or now, when that has begun) through the last day of the approved period, Beijing time.
 */
export async function issueGrant(
  trx: Trx,
  ctx: RequestContext,
  req: ShareRequestRow,
  terms: GrantTerms,
  now: Date,
): Promise<string> {
  const id = newId()
  const start = startOfDay(req.periodStart)
  const validFrom = start > now ? start : now
  const validUntil = endOfDay(terms.periodEnd)
  await t(trx)
    .insertInto('grants')
    .values({
      id,
      requestId: req.id,
      appId: req.appId,
      consumerOrgId: req.consumerOrgId,
      consumerRegionCode: req.consumerRegionCode,
      resourceId: req.resourceId,
      resourceCode: req.resourceCode,
      providerOrgId: req.providerOrgId,
      providerRegionCode: req.providerRegionCode,
      fields: [...terms.fields],
      purpose: req.purpose,
      scenario: req.scenario,
      deliveryMode: req.deliveryMode,
      validFrom,
      validUntil,
      rowScope: req.rowScope ? JSON.stringify(req.rowScope) : null,
      quotaPerDay: terms.quotaPerDay,
      ratePerSecond: terms.ratePerSecond,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  await recordAudit(trx, ctx, {
    action: 'sharing.grant_create',
    targetType: 'grant',
    targetId: id,
    orgId: req.providerOrgId,
    regionCode: req.providerRegionCode,
    purpose: req.purpose,
    details: {
      requestId: req.id,
      appId: req.appId,
      consumerOrgId: req.consumerOrgId,
      resourceId: req.resourceId,
      fields: [...terms.fields],
      validUntil: validUntil.toISOString(),
      quotaPerDay: terms.quotaPerDay,
      ratePerSecond: terms.ratePerSecond,
    },
  })
  return id
}
