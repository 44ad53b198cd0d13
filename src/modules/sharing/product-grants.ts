/**
 * Grants for authorized-operation products (授权运营): a buyer's API app may call the resource behind an API
 * product through the gateway for the order's term, and the operation module bills the calls it made, counted
 * from the gateway call log. No share request stands behind such a grant (request_id is null).
 */
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { evictGrantCaches } from './gateway/gateway.ts'
import { t } from './store.ts'

export interface ProductGrantInput {
  readonly appId: string
  readonly consumerOrgId: string
  readonly consumerRegionCode: string
  readonly resourceId: string
  readonly resourceCode: string
  readonly providerOrgId: string
  readonly providerRegionCode: string
  readonly fields: readonly string[]
  /** The product and order it serves, e.g. `授权运营产品 P-0001 订单 O-0001`. */
  readonly purpose: string
  readonly validFrom: Date
  readonly validUntil: Date
  readonly quotaPerDay: number | null
}

/** Inserts an active API grant in the caller's transaction and audits it; returns the grant id. */
export async function issueProductGrant(
  trx: Trx,
  ctx: RequestContext,
  input: ProductGrantInput,
): Promise<string> {
  const id = newId()
  await t(trx)
    .insertInto('grants')
    .values({
      id,
      requestId: null,
      appId: input.appId,
      consumerOrgId: input.consumerOrgId,
      consumerRegionCode: input.consumerRegionCode,
      resourceId: input.resourceId,
      resourceCode: input.resourceCode,
      providerOrgId: input.providerOrgId,
      providerRegionCode: input.providerRegionCode,
      fields: [...input.fields],
      purpose: input.purpose,
      scenario: '授权运营',
      deliveryMode: 'api',
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      rowScope: null,
      quotaPerDay: input.quotaPerDay,
      ratePerSecond: null,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    })
    .execute()
  await recordAudit(trx, ctx, {
    action: 'sharing.grant_create',
    targetType: 'grant',
    targetId: id,
    orgId: input.providerOrgId,
    regionCode: input.providerRegionCode,
    purpose: input.purpose,
    details: {
      source: 'operation',
      appId: input.appId,
      consumerOrgId: input.consumerOrgId,
      resourceId: input.resourceId,
      fields: [...input.fields],
      validUntil: input.validUntil.toISOString(),
    },
  })
  return id
}

/** Revokes a product grant (order cancelled or ended) in the caller's transaction. */
export async function revokeProductGrant(
  trx: Trx,
  ctx: RequestContext,
  grantId: string,
  reason: string,
): Promise<void> {
  const now = new Date()
  const res = await t(trx)
    .updateTable('grants')
    .set({ status: 'revoked', statusReason: reason, statusChangedAt: now, updatedAt: now })
    .where('id', '=', grantId)
    .where('status', '<>', 'revoked')
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) return
  await recordAudit(trx, ctx, {
    action: 'sharing.grant_revoke',
    targetType: 'grant',
    targetId: grantId,
    details: { source: 'operation', reason },
  })
  // This replica stops serving the grant now; others within AUTH_CACHE_SECONDS, as for any revocation.
  evictGrantCaches()
}

/** Successful gateway calls made under a grant in [from, to): the metered usage of an API product order. */
export async function meteredCalls(db: Db, grantId: string, from: Date, to: Date): Promise<number> {
  const row = await t(db)
    .selectFrom('gatewayCalls')
    .select(sql<string>`count(*)`.as('n'))
    .where('grantId', '=', grantId)
    .where('calledAt', '>=', from)
    .where('calledAt', '<', to)
    .where('status', '>=', 200)
    .where('status', '<', 300)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
