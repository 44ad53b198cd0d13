/**
 * Who may act on open requests (开放申请) in the console. The provider side is the data stewards and org admins of
 * the resource's provider org; the bureau (bureau admins and reviewers whose region subtree covers the provider)
 * decides requests escalated after the reply deadline; auditors read. The applicant is a portal developer and acts
 * only through the public routes, on their own requests.
 */
import type { Actor, UserActor } from '../../../platform/context.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import { hasRole, type Role, regionScope } from '../../identity/index.ts'

const ORG_ACTORS: readonly Role[] = ['data_steward', 'org_admin']
const ORG_READERS: readonly Role[] = ['data_steward', 'org_admin', 'auditor']
export const BUREAU_DECIDERS: readonly Role[] = ['bureau_admin', 'reviewer']
export const BUREAU_READERS: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

export interface Provider {
  readonly providerOrgId: string
  readonly providerRegionCode: string
}

export function actsFor(actor: Actor, orgId: string): actor is UserActor {
  return actor.kind === 'user' && actor.orgId === orgId && ORG_ACTORS.some((r) => hasRole(actor, r))
}

export function readsFor(actor: Actor, orgId: string): boolean {
  return actor.kind === 'user' && actor.orgId === orgId && ORG_READERS.some((r) => hasRole(actor, r))
}

export function scopesOf(actor: Actor, roles: readonly Role[]): string[] {
  const scopes = new Set<string>()
  for (const role of roles) {
    const scope = regionScope(actor, role)
    if (scope) scopes.add(scope)
  }
  return [...scopes]
}

export function bureauOver(actor: Actor, regionCode: string, roles: readonly Role[]): boolean {
  return scopesOf(actor, roles).some((scope) => isWithinRegion(regionCode, scope))
}

export function canSee(actor: Actor, p: Provider): boolean {
  return readsFor(actor, p.providerOrgId) || bureauOver(actor, p.providerRegionCode, BUREAU_READERS)
}

/** Approve or reject: the provider, or the bureau once the request was escalated. */
export function canDecide(actor: Actor, p: Provider & { escalatedAt: Date | null }): boolean {
  return (
    actsFor(actor, p.providerOrgId) ||
    (p.escalatedAt !== null && bureauOver(actor, p.providerRegionCode, BUREAU_DECIDERS))
  )
}
