import type { Actor } from '../../platform/context.ts'
import { isWithinRegion } from '../../platform/validators/index.ts'
import { hasRole, regionScope } from '../identity/index.ts'
import type { ResourceStatus } from './vocabulary.ts'

/** Data stewards and org admins catalogue their own org's resources. */
export function canEditFor(actor: Actor, orgId: string): boolean {
  return (hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin')) && actor.orgId === orgId
}

/** Bureau reviewers (and bureau admins) decide on resources of providers in their region subtree. */
export function canReviewIn(actor: Actor, regionCode: string): boolean {
  for (const role of ['reviewer', 'bureau_admin'] as const) {
    const scope = regionScope(actor, role)
    if (scope && isWithinRegion(regionCode, scope)) return true
  }
  return false
}

export const PUBLIC_STATUSES: readonly ResourceStatus[] = ['published', 'retired']

/** Published entries are the province's shared catalog; work in progress stays with its makers and reviewers. */
export function canRead(
  actor: Actor,
  resource: { orgId: string; regionCode: string; status: ResourceStatus },
): boolean {
  if (actor.kind !== 'user' && actor.kind !== 'app') return false
  if (PUBLIC_STATUSES.includes(resource.status)) return true
  return canEditFor(actor, resource.orgId) || canReviewIn(actor, resource.regionCode)
}
