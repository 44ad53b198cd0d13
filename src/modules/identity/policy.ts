import type { Actor, UserActor } from '../../platform/context.ts'
import { platformError } from '../../platform/errors.ts'
import { isWithinRegion, regionPrefix } from '../../platform/validators/index.ts'

export const ROLES = [
  'bureau_admin',
  'org_admin',
  'data_steward',
  'reviewer',
  'auditor',
  'operator_staff',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  bureau_admin: '数据局管理员',
  org_admin: '单位管理员',
  data_steward: '数据专员',
  reviewer: '审核员',
  auditor: '审计员',
  operator_staff: '运营机构人员',
}

/**
 * Roles a member of a registered enterprise may hold: it is a buyer, never a bureau, reviewer, provider or
 * operator, whoever grants the role.
 */
export const ENTERPRISE_ROLES: readonly Role[] = ['org_admin', 'data_steward']

/** Roles whose reach is a region subtree when their org is a bureau; everyone else acts for their own org. */
export const REGION_SCOPED_ROLES: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

export function hasRole(actor: Actor, role: Role): actor is UserActor {
  return actor.kind === 'user' && actor.roles.includes(role)
}

export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw platformError('auth.forbidden')
  return actor
}

/** Region subtree a region-scoped role of this user reaches, or null. */
export function regionScope(actor: Actor, role: Role): string | null {
  if (!hasRole(actor, role)) return null
  return actor.scopeRegionCode
}

export function isBureauAdminOver(actor: Actor, regionCode: string): boolean {
  const scope = regionScope(actor, 'bureau_admin')
  return scope !== null && isWithinRegion(regionCode, scope)
}

/** Org admins manage their own org only; bureau admins every org in their region subtree. */
export function canManageMembersOf(actor: Actor, org: { id: string; regionCode: string }): boolean {
  if (isBureauAdminOver(actor, org.regionCode)) return true
  return hasRole(actor, 'org_admin') && actor.orgId === org.id
}

/** Which roles an actor may hand out in an org. */
export function grantableRoles(
  actor: Actor,
  org: { id: string; regionCode: string; type?: string },
): readonly Role[] {
  const roles: readonly Role[] = isBureauAdminOver(actor, org.regionCode)
    ? ROLES
    : hasRole(actor, 'org_admin') && actor.orgId === org.id
      ? ['org_admin', 'data_steward', 'reviewer', 'auditor', 'operator_staff']
      : []
  return org.type === 'enterprise' ? roles.filter((r) => ENTERPRISE_ROLES.includes(r)) : roles
}

/** The actor acts for a registered enterprise (set by the auth resolver from the org's type). */
export function isEnterpriseActor(actor: Actor): boolean {
  return (actor.kind === 'user' || actor.kind === 'app') && actor.enterprise === true
}

/**
 * Whose users and apps an actor may list: a bureau admin every org of its region subtree (by code prefix), an org
 * admin its own org. Anyone else may list nothing.
 */
export function memberListScope(actor: UserActor): { regionPrefix: string | null; orgId: string | null } {
  const scope = regionScope(actor, 'bureau_admin')
  const orgId = hasRole(actor, 'org_admin') ? actor.orgId : null
  if (!scope && !orgId) throw platformError('auth.forbidden')
  return { regionPrefix: scope ? regionPrefix(scope) : null, orgId }
}
