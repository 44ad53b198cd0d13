/**
 * Who may do what in protection. Grading and discovery: the owning org's data stewards and org admins, and
 * bureau reviewers/admins over the resource's region; only the bureau marks a grading reviewed. The grade policy:
 * read by every signed-in user, changed by a province-level bureau admin. Alerts: bureau admins, reviewers and
 * auditors over either party's region read them; bureau admins over either party act; an org admin of either
 * party reads its org's alerts and notifications. Deny by default.
 */
import type { Actor } from '../../../platform/context.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import { canEditFor, canReviewIn } from '../../catalog/index.ts'
import { hasRole, type Role, regionScope } from '../../identity/index.ts'

export interface Owned {
  readonly orgId: string
  readonly regionCode: string
}

export function canGrade(actor: Actor, r: Owned): boolean {
  return canEditFor(actor, r.orgId) || canReviewIn(actor, r.regionCode)
}

export const canReviewGrading = (actor: Actor, r: Owned): boolean => canReviewIn(actor, r.regionCode)

export function canEditGradePolicy(actor: Actor): boolean {
  return regionScope(actor, 'bureau_admin')?.endsWith('0000') ?? false
}

export const isSignedIn = (actor: Actor): boolean => actor.kind === 'user'

export interface AlertParties {
  readonly consumerOrgId: string | null
  readonly consumerRegionCode: string | null
  readonly providerOrgId: string | null
  readonly providerRegionCode: string | null
}

export function bureauScopes(actor: Actor, roles: readonly Role[]): string[] {
  return [...new Set(roles.flatMap((role) => regionScope(actor, role) ?? []))]
}

export const ALERT_READERS: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

function regionsOf(a: AlertParties): string[] {
  return [a.consumerRegionCode, a.providerRegionCode].filter((r): r is string => r !== null)
}

/**
 * A bureau scope covers an alert when it covers either party's region; an alert with no known party (calls with
 * forged credentials) belongs to the province level, as audit events bound to no region do.
 */
function covers(scopes: readonly string[], a: AlertParties): boolean {
  const regions = regionsOf(a)
  if (regions.length === 0) return scopes.some((s) => s.endsWith('0000'))
  return scopes.some((s) => regions.some((r) => isWithinRegion(r, s)))
}

export function canReadAlert(actor: Actor, a: AlertParties): boolean {
  return covers(bureauScopes(actor, ALERT_READERS), a) || orgAdminOf(actor, a)
}

export function canActOnAlert(actor: Actor, a: AlertParties): boolean {
  return covers(bureauScopes(actor, ['bureau_admin']), a)
}

export function orgAdminOf(actor: Actor, a: AlertParties): boolean {
  return (
    hasRole(actor, 'org_admin') &&
    actor.kind === 'user' &&
    (actor.orgId === a.consumerOrgId || actor.orgId === a.providerOrgId)
  )
}
