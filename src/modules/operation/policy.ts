/**
 * Who may do what in authorized operation. The authorizer is a bureau admin whose region subtree covers the
 * project; bureau reviewers and auditors read. Operator staff act only inside their own org's mandates. Buyers
 * are the data stewards and org admins of any org, including registered enterprises (企业) once a bureau has
 * verified them. Providers (stewards and admins of the org holding a resource) decide consent.
 * An enterprise actor is only ever a buyer: whatever roles it holds, it never authorizes, reads a region,
 * provides or operates (the auth hook keeps it off those routes too; this is the second lock).
 * test/permissions-operation.test.ts and test/permissions-enterprise.test.ts check these rules.
 */
import type { Actor, UserActor } from '../../platform/context.ts'
import { isWithinRegion } from '../../platform/validators/index.ts'
import { hasRole, isEnterpriseActor, type Role, regionScope } from '../identity/index.ts'

const BUREAU_READERS: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

/** A bureau admin whose region subtree covers `regionCode`: creates projects, mandates, caps. */
export function authorizes(actor: Actor, regionCode: string): actor is UserActor {
  if (isEnterpriseActor(actor)) return false
  const scope = regionScope(actor, 'bureau_admin')
  return actor.kind === 'user' && scope !== null && isWithinRegion(regionCode, scope)
}

export function readsRegion(actor: Actor, regionCode: string): boolean {
  if (isEnterpriseActor(actor)) return false
  return BUREAU_READERS.some((role) => {
    const scope = regionScope(actor, role)
    return scope !== null && isWithinRegion(regionCode, scope)
  })
}

/** The region subtrees an actor reads as a bureau. */
export function readableRegions(actor: Actor): string[] {
  if (isEnterpriseActor(actor)) return []
  return [...new Set(BUREAU_READERS.map((r) => regionScope(actor, r)).filter((s): s is string => s !== null))]
}

export function isOperatorStaff(actor: Actor, operatorOrgId: string): actor is UserActor {
  return (
    actor.kind === 'user' &&
    !isEnterpriseActor(actor) &&
    actor.orgId === operatorOrgId &&
    hasRole(actor, 'operator_staff')
  )
}

export function isProviderOf(actor: Actor, orgId: string): actor is UserActor {
  return (
    actor.kind === 'user' &&
    !isEnterpriseActor(actor) &&
    actor.orgId === orgId &&
    (hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin'))
  )
}

/** A government org's steward or admin, or a verified enterprise's (unverified ones cannot sign in). */
export function isBuyer(actor: Actor): actor is UserActor {
  return actor.kind === 'user' && (hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin'))
}

/** Published products are a market: buyers and operator staff browse it. */
export function browsesMarket(actor: Actor): boolean {
  return isBuyer(actor) || (hasRole(actor, 'operator_staff') && !isEnterpriseActor(actor))
}
