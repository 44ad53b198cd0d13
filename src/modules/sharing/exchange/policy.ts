/**
 * Who may do what with an exchange job. The consumer org's data stewards and org admins own the job (create,
 * change, delete, run, download); the provider org's stewards and admins and the bureau over the provider's region
 * (bureau admins, reviewers) may look at it; a bureau admin over the provider's region may also start a run (the
 * hub's operators re-run deliveries). The grant's own API app may list and download the files of its runs.
 */
import type { Actor } from '../../../platform/context.ts'
import { isWithinRegion, regionPrefix } from '../../../platform/validators/index.ts'
import { hasRole, regionScope } from '../../identity/index.ts'

export interface JobParties {
  readonly consumerOrgId: string
  readonly providerOrgId: string
  readonly providerRegionCode: string
}

const isSteward = (actor: Actor) => hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin')

/** Data stewards and org admins of `orgId`. */
export function actsFor(actor: Actor, orgId: string): boolean {
  return actor.kind === 'user' && actor.orgId === orgId && isSteward(actor)
}

function bureauOver(actor: Actor, regionCode: string, roles: readonly ('bureau_admin' | 'reviewer')[]) {
  return roles.some((role) => {
    const scope = regionScope(actor, role)
    return scope !== null && isWithinRegion(regionCode, scope)
  })
}

export function canManageJob(actor: Actor, job: JobParties): boolean {
  return actsFor(actor, job.consumerOrgId)
}

export function canRunJob(actor: Actor, job: JobParties): boolean {
  return canManageJob(actor, job) || bureauOver(actor, job.providerRegionCode, ['bureau_admin'])
}

export function canViewJob(actor: Actor, job: JobParties): boolean {
  return (
    canManageJob(actor, job) ||
    actsFor(actor, job.providerOrgId) ||
    bureauOver(actor, job.providerRegionCode, ['bureau_admin', 'reviewer'])
  )
}

/** Delivered data goes to the consumer only: its stewards and admins, or the grant's own API app. */
export function canDownload(actor: Actor, job: JobParties, grantAppId: string): boolean {
  if (actor.kind === 'app') return actor.appId === grantAppId && actor.orgId === job.consumerOrgId
  return canManageJob(actor, job)
}

/** What a job list may show an actor, as SQL-friendly conditions (any of them). */
export interface ListScope {
  readonly consumerOrgId: string | null
  readonly providerOrgId: string | null
  readonly providerRegionPrefixes: readonly string[]
}

export function listScope(actor: Actor): ListScope | null {
  if (actor.kind !== 'user') return null
  const steward = isSteward(actor)
  const prefixes = (['bureau_admin', 'reviewer'] as const)
    .map((role) => regionScope(actor, role))
    .filter((s): s is string => s !== null)
    .map(regionPrefix)
  if (!steward && prefixes.length === 0) return null
  return {
    consumerOrgId: steward ? actor.orgId : null,
    providerOrgId: steward ? actor.orgId : null,
    providerRegionPrefixes: [...new Set(prefixes)],
  }
}
