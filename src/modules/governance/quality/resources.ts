/** A resource as quality sees it: catalog facts plus fields, with the actor's access checked. */
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type QualityFacts, qualityFacts, resourceForSharing, type SharedField } from '../../catalog/index.ts'
import { qualityError } from './errors.ts'
import { canManageQuality, canSeeQuality } from './policy.ts'

export interface AuditedResource {
  readonly facts: QualityFacts
  readonly fields: readonly SharedField[]
}

export async function loadResource(db: Db, resourceId: string): Promise<AuditedResource> {
  const facts = (await qualityFacts(db, [resourceId])).get(resourceId)
  const shared = facts ? await resourceForSharing(db, resourceId) : undefined
  if (!facts || !shared) throw qualityError('quality.resource_not_found')
  return { facts, fields: shared.fields }
}

/** The resource if the actor may see (or, with `manage`, manage) its quality; 404 before 403 for strangers. */
export async function resourceFor(
  db: Db,
  actor: Actor,
  resourceId: string,
  manage: boolean,
): Promise<AuditedResource> {
  const r = await loadResource(db, resourceId)
  if (!canSeeQuality(actor, r.facts)) throw qualityError('quality.resource_not_found')
  if (manage && !canManageQuality(actor, r.facts)) throw qualityError('quality.forbidden')
  return r
}
