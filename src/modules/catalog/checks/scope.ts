import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { isRegionCodeFormat, isWithinRegion, regionPrefix } from '../../../platform/validators/index.ts'
import { hasRole, orgFacts, regionScope } from '../../identity/index.ts'
import { checksError } from './errors.ts'

/** What a run covers: a region subtree (prefix of region codes, '' = everything) and optionally one org. */
export interface CheckScope {
  readonly regionPrefix: string
  readonly orgId: string | null
}

/** What an actor may read: region subtrees (reviewers, bureau admins) and orgs (stewards, org admins). */
export interface ReadScope {
  readonly regionPrefixes: readonly string[]
  readonly orgIds: readonly string[]
}

function reviewScopes(actor: Actor): string[] {
  const out: string[] = []
  for (const role of ['reviewer', 'bureau_admin'] as const) {
    const scope = regionScope(actor, role)
    if (scope && isRegionCodeFormat(scope)) out.push(scope)
  }
  return out
}

function catalogues(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin')
}

/** Checks are governance output: reviewers and bureau admins for their region, stewards for their own org. */
export function readScopeOf(actor: Actor): ReadScope {
  const scope: ReadScope = {
    regionPrefixes: reviewScopes(actor).map(regionPrefix),
    orgIds: catalogues(actor) ? [actor.orgId] : [],
  }
  if (scope.regionPrefixes.length === 0 && scope.orgIds.length === 0)
    throw checksError('catalog.checks_forbidden')
  return scope
}

/**
 * The scope of an on-demand run. An org (orgId) takes precedence over a region; without either, a reviewer runs
 * their whole region and a steward their own org.
 */
export async function runScopeFor(
  db: Db,
  actor: Actor,
  request: { orgId?: string | undefined; regionCode?: string | undefined },
): Promise<CheckScope> {
  const regions = reviewScopes(actor)
  if (request.orgId) {
    const org = await orgFacts(db, request.orgId)
    if (!org) throw checksError('catalog.checks_scope_invalid')
    const mine = catalogues(actor) && actor.orgId === org.id
    if (!mine && !regions.some((r) => isWithinRegion(org.regionCode, r)))
      throw checksError('catalog.checks_forbidden')
    return { regionPrefix: '', orgId: org.id }
  }
  if (request.regionCode) {
    if (!isRegionCodeFormat(request.regionCode)) throw checksError('catalog.checks_scope_invalid')
    const code = request.regionCode
    if (!regions.some((r) => isWithinRegion(code, r))) throw checksError('catalog.checks_forbidden')
    return { regionPrefix: regionPrefix(code), orgId: null }
  }
  const widest = regions.map(regionPrefix).sort((a, b) => a.length - b.length)[0]
  if (widest !== undefined) return { regionPrefix: widest, orgId: null }
  if (catalogues(actor)) return { regionPrefix: '', orgId: actor.orgId }
  throw checksError('catalog.checks_forbidden')
}
