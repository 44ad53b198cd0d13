import { fileURLToPath } from 'node:url'
import type { AuditScope } from '../../platform/audit/index.ts'
import type { Actor } from '../../platform/context.ts'
import type { MigrationSource } from '../../platform/db/index.ts'
import type { AppInstance } from '../../platform/http/index.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import type { IdentityDeps } from './auth.ts'
import { hasRole, regionScope } from './policy.ts'
import { authRoutes } from './routes/auth.ts'
import { directoryRoutes } from './routes/directory.ts'
import { enterpriseRoutes } from './routes/enterprises.ts'
import { memberRoutes } from './routes/members.ts'

export { suspendApp } from './app-suspension.ts'
export { type AppFacts, activeOrgApps, appFacts, appSigningKey } from './apps.ts'
export { createAuthResolver, type IdentityDeps, purgeExpiredCredentials } from './auth.ts'
export { type BureauFacts, bureauServing } from './bureaus.ts'
export { identityError } from './errors.ts'
export { getOrg, orgFacts, orgIdsByNames, orgSummaries, provinceBureau } from './orgs.ts'
export type { Role } from './policy.ts'
export {
  canManageMembersOf,
  ENTERPRISE_ROLES,
  hasRole,
  isBureauAdminOver,
  isEnterpriseActor,
  ROLE_LABELS,
  ROLES,
  regionScope,
} from './policy.ts'
export { getRegion, listRegions, regionExists } from './regions.ts'
export { type SeedResult, seedIdentity } from './seed.ts'

export const identityMigrations: MigrationSource = {
  module: 'identity',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}

export async function identityRoutes(app: AppInstance, deps: IdentityDeps): Promise<void> {
  await authRoutes(app, deps)
  await directoryRoutes(app, deps)
  await memberRoutes(app, deps)
  await enterpriseRoutes(app, deps)
}

/**
 * Who reads which part of the audit trail: bureau admins and auditors with a region scope see that region
 * subtree; an auditor of a department sees its own org. Everyone else sees nothing.
 */
export function auditScopeOf(actor: Actor): AuditScope | null {
  if (!hasRole(actor, 'bureau_admin') && !hasRole(actor, 'auditor')) return null
  if (actor.scopeRegionCode) {
    // One deployment serves one province: a province-level reader also sees events bound to no region.
    return {
      regionPrefix: regionPrefix(actor.scopeRegionCode),
      includeUnbound: actor.scopeRegionCode.endsWith('0000'),
    }
  }
  return hasRole(actor, 'auditor') ? { orgId: actor.orgId } : null
}

/** The working-day calendar is national: only a province-level bureau admin may load a year. */
export function canAdministerCalendar(actor: Actor): boolean {
  const scope = regionScope(actor, 'bureau_admin')
  return scope?.endsWith('0000') ?? false
}
