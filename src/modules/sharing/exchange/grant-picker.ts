/** The grant picker of the job form: the actor org's grants a job may be created on. */
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { platformError } from '../../../platform/errors.ts'
import { orgSummaries } from '../../identity/index.ts'
import { t } from '../store.ts'
import { grantInForce, grantScope } from './grant.ts'
import { maskFor } from './plan.ts'
import { actsFor } from './policy.ts'
import type { UsableGrant } from './schemas.ts'
import { resourcesById } from './views.ts'

/** Grants of the actor's org that a job may be created on (active, batch or file), with their fields. */
export async function usableGrants(db: Db, ctx: RequestContext): Promise<UsableGrant[]> {
  if (ctx.actor.kind !== 'user') throw platformError('auth.forbidden')
  if (!actsFor(ctx.actor, ctx.actor.orgId)) return []
  const grants = (
    await t(db)
      .selectFrom('grants')
      .selectAll()
      .where('consumerOrgId', '=', ctx.actor.orgId)
      .where('deliveryMode', 'in', ['batch', 'file'])
      .where('status', '=', 'active')
      .orderBy('createdAt', 'desc')
      .limit(200)
      .execute()
  ).filter((g) => grantInForce(g))
  const resources = await resourcesById(
    db,
    grants.map((g) => g.resourceId),
  )
  const orgs = await orgSummaries(
    db,
    grants.map((g) => g.providerOrgId),
  )
  return grants.map((g) => {
    const resource = resources.get(g.resourceId)
    const granted = new Set(g.fields)
    return {
      id: g.id,
      resourceId: g.resourceId,
      resourceCode: g.resourceCode,
      resourceName: resource?.name ?? null,
      providerOrgName: orgs.get(g.providerOrgId)?.name ?? null,
      deliveryMode: g.deliveryMode === 'file' ? 'file' : 'batch',
      validUntil: g.validUntil.toISOString(),
      rowScope: grantScope(g),
      fields: (resource?.fields ?? [])
        .filter((f) => granted.has(f.code))
        .map((f) => ({
          code: f.code,
          name: f.name,
          dataType: f.dataType,
          isKey: f.isKey,
          masked: resource ? maskFor(f, resource, g) !== null : false,
        })),
    }
  })
}
