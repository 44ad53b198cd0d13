/**
 * Who may do what with registrations. The registrant side is the data stewards, org admins and operator staff
 * of the registrant org (or, for a third-party correction, of the applicant org); the registration body is the
 * bureau admins and reviewers of the body org itself; bureau readers over the body's region and org auditors
 * may read. Deny by default: anything not listed here is refused. test/permissions-registration.test.ts checks
 * these rules against an independently written oracle.
 */
import type { Actor, UserActor } from '../../platform/context.ts'
import { isWithinRegion } from '../../platform/validators/index.ts'
import { hasRole, type Role, regionScope } from '../identity/index.ts'

const ORG_ACTORS: readonly Role[] = ['data_steward', 'org_admin', 'operator_staff']
const ORG_READERS: readonly Role[] = [...ORG_ACTORS, 'auditor']
const BODY_STAFF: readonly Role[] = ['bureau_admin', 'reviewer']
const BUREAU_READERS: readonly Role[] = ['bureau_admin', 'reviewer', 'auditor']

export interface Parties {
  readonly registrantOrgId: string
  readonly applicantOrgId: string
  readonly bodyOrgId: string
  readonly bodyRegionCode: string
}

const anyRole = (actor: Actor, roles: readonly Role[]) => roles.some((r) => hasRole(actor, r))

/** Files and edits applications for its own org. */
export function actsFor(actor: Actor, orgId: string): actor is UserActor {
  return actor.kind === 'user' && actor.orgId === orgId && anyRole(actor, ORG_ACTORS)
}

/** Staff of the registration body: accept, review, decide objections, issue, revoke. */
export function isBodyStaff(actor: Actor, bodyOrgId: string): actor is UserActor {
  return actor.kind === 'user' && actor.orgId === bodyOrgId && anyRole(actor, BODY_STAFF)
}

/** A bureau admin of the body org itself manages its signing keys. */
export function managesKeys(actor: Actor, bodyOrgId: string): actor is UserActor {
  return actor.kind === 'user' && actor.orgId === bodyOrgId && hasRole(actor, 'bureau_admin')
}

function bureauReaderOver(actor: Actor, regionCode: string): boolean {
  return BUREAU_READERS.some((role) => {
    const scope = regionScope(actor, role)
    return scope !== null && isWithinRegion(regionCode, scope)
  })
}

export function canRead(actor: Actor, p: Parties): boolean {
  if (actor.kind !== 'user') return false
  const orgReader = (orgId: string) => actor.orgId === orgId && anyRole(actor, ORG_READERS)
  return (
    orgReader(p.registrantOrgId) ||
    orgReader(p.applicantOrgId) ||
    isBodyStaff(actor, p.bodyOrgId) ||
    bureauReaderOver(actor, p.bodyRegionCode)
  )
}

/** The applicant's side: edit a draft, submit, answer a supplement notice, withdraw. */
export function isApplicant(actor: Actor, p: Parties): actor is UserActor {
  return actsFor(actor, p.applicantOrgId)
}
