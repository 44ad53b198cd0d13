/**
 * Who may do what with quality rules, audits and rectification tickets. The provider side is the resource
 * owner's data stewards and org admins (auditors read); the bureau is a bureau admin, reviewer or auditor whose
 * region subtree covers the provider (auditors read only). Reporters (纠错) are stewards and admins of any other
 * org who can read the resource in the catalog. test/permissions-governance-quality.test.ts checks these rules
 * against an independently written oracle.
 */
import type { Actor, UserActor } from '../../../platform/context.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import { hasRole, type Role, regionScope } from '../../identity/index.ts'

const ORG_ACTORS: readonly Role[] = ['data_steward', 'org_admin']
const ORG_READERS: readonly Role[] = ['data_steward', 'org_admin', 'auditor']
export const BUREAU_DECIDERS: readonly Role[] = ['bureau_admin', 'reviewer']
export const BUREAU_READERS: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

export interface Owner {
  readonly orgId: string
  readonly regionCode: string
}

export function actsFor(actor: Actor, orgId: string): actor is UserActor {
  return actor.kind === 'user' && actor.orgId === orgId && ORG_ACTORS.some((r) => hasRole(actor, r))
}

export function readsFor(actor: Actor, orgId: string): boolean {
  return actor.kind === 'user' && actor.orgId === orgId && ORG_READERS.some((r) => hasRole(actor, r))
}

export function scopesOf(actor: Actor, roles: readonly Role[]): string[] {
  const out = new Set<string>()
  for (const role of roles) {
    const s = regionScope(actor, role)
    if (s) out.add(s)
  }
  return [...out]
}

export function bureauOver(actor: Actor, regionCode: string, roles: readonly Role[]): boolean {
  return scopesOf(actor, roles).some((s) => isWithinRegion(regionCode, s))
}

/** See rules, runs and scores of a resource. */
export function canSeeQuality(actor: Actor, owner: Owner): boolean {
  return readsFor(actor, owner.orgId) || bureauOver(actor, owner.regionCode, BUREAU_READERS)
}

/** Edit rules and start audits: the owner's stewards and admins, or a bureau admin over the owner. */
export function canManageQuality(actor: Actor, owner: Owner): boolean {
  return actsFor(actor, owner.orgId) || bureauOver(actor, owner.regionCode, ['bureau_admin'])
}

export interface TicketParties {
  readonly providerOrgId: string
  readonly providerRegionCode: string
  readonly reporterOrgId: string | null
  readonly reporterRegionCode: string | null
}

export function canSeeTicket(actor: Actor, t: TicketParties): boolean {
  return (
    readsFor(actor, t.providerOrgId) ||
    (t.reporterOrgId !== null && readsFor(actor, t.reporterOrgId)) ||
    bureauOver(actor, t.providerRegionCode, BUREAU_READERS)
  )
}

/** Report an error (纠错): stewards and admins of an org. */
export function canReport(actor: Actor): actor is UserActor {
  return actor.kind === 'user' && ORG_ACTORS.some((r) => hasRole(actor, r))
}
