import type { Resource, User } from '../../../types'

export interface Permissions {
  /** Catalogue: edit drafts, submit, revise, mount (own org's data stewards and org admins). */
  edit: boolean
  /** Review: publish, return, retire (reviewers and bureau admins of the resource's region). */
  review: boolean
}

/** 430000 → 43, 430300 → 4303, 430321 → 430321 (the server's region subtree rule). */
function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return code
}

/** Mirrors the server's policy to decide which buttons to show; the server still checks every action. */
export function permissionsFor(user: User, resource: Pick<Resource, 'orgId' | 'regionCode'>): Permissions {
  const edit =
    user.roles.some((r) => r === 'data_steward' || r === 'org_admin') && user.orgId === resource.orgId
  const reviewer = user.roles.some((r) => r === 'reviewer' || r === 'bureau_admin')
  const inScope = !user.scopeRegionCode || resource.regionCode.startsWith(regionPrefix(user.scopeRegionCode))
  return { edit, review: reviewer && inScope }
}
