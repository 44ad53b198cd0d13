/**
 * Who may do what with share requests, grants and channels. The consumer and provider sides are the data
 * stewards and org admins of their org; the bureau is a bureau admin or reviewer whose region subtree covers
 * the provider; bureau auditors and org auditors may read. test/permissions-sharing.test.ts checks these rules
 * against an independently written oracle.
 */
import type { Actor, UserActor } from '../../../platform/context.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import { hasRole, type Role, regionScope } from '../../identity/index.ts'

/** Roles acting for their own org: request, decide, withdraw, dispute, manage channels. */
const ORG_ACTORS: readonly Role[] = ['data_steward', 'org_admin']
/** Roles reading their own org's requests and grants. */
export const ORG_READERS: readonly Role[] = ['data_steward', 'org_admin', 'auditor']
/** Bureau roles deciding for a region subtree: arbitration, escalations, grant suspension. */
export const BUREAU_DECIDERS: readonly Role[] = ['bureau_admin', 'reviewer']
/** Bureau roles reading a region subtree. */
export const BUREAU_READERS: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

export function actsFor(actor: Actor, orgId: string): actor is UserActor {
  return ORG_ACTORS.some((role) => hasRole(actor, role)) && actor.kind === 'user' && actor.orgId === orgId
}

export function readsFor(actor: Actor, orgId: string): boolean {
  return ORG_READERS.some((role) => hasRole(actor, role)) && actor.kind === 'user' && actor.orgId === orgId
}

/** The region subtrees the actor reaches with any of `roles` (bureau roles carry one scope each). */
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

/** The parties of a request, grant or channel. */
export interface Parties {
  readonly providerOrgId: string
  readonly providerRegionCode: string
  readonly consumerOrgId: string
  readonly consumerRegionCode: string
}

/** Either party's stewards, admins and auditors, and the bureau of either party's region. */
export function canSeeParties(actor: Actor, p: Parties): boolean {
  return (
    readsFor(actor, p.providerOrgId) ||
    readsFor(actor, p.consumerOrgId) ||
    bureauOver(actor, p.providerRegionCode, BUREAU_READERS) ||
    bureauOver(actor, p.consumerRegionCode, BUREAU_READERS)
  )
}

/** Arbitration, escalations and grant suspension: the bureau over the provider's region. */
export function canArbitrate(actor: Actor, p: Pick<Parties, 'providerRegionCode'>): boolean {
  return bureauOver(actor, p.providerRegionCode, BUREAU_DECIDERS)
}

/** Suspend, resume, revoke a grant: the provider's stewards and org admins, or the bureau over the provider. */
export function canManageGrant(actor: Actor, p: Parties): boolean {
  return actsFor(actor, p.providerOrgId) || canArbitrate(actor, p)
}

/** Register and edit a channel: either party's stewards and org admins, or a bureau admin over either party. */
export function canManageChannel(actor: Actor, p: Parties): boolean {
  return (
    actsFor(actor, p.providerOrgId) ||
    actsFor(actor, p.consumerOrgId) ||
    bureauOver(actor, p.providerRegionCode, ['bureau_admin']) ||
    bureauOver(actor, p.consumerRegionCode, ['bureau_admin'])
  )
}
