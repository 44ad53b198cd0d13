/**
 * What data governance needs to audit a resource's quality: its owner and region, update frequency, when data
 * last arrived, and whether it is mounted. Read-only; governance decides who may see what.
 */
import type { Db } from '../../platform/db/index.ts'
import { t } from './store.ts'
import type { ResourceStatus, UpdateFrequency } from './vocabulary.ts'

export interface QualityFacts {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly orgId: string
  readonly regionCode: string
  readonly status: ResourceStatus
  readonly updateFrequency: UpdateFrequency
  readonly mountStatus: 'unmounted' | 'mounted' | 'error'
  readonly lastDataUpdateAt: Date | null
}

const COLUMNS = [
  'id',
  'code',
  'name',
  'orgId',
  'regionCode',
  'status',
  'updateFrequency',
  'mountStatus',
  'lastDataUpdateAt',
] as const

export async function qualityFacts(db: Db, ids: readonly string[]): Promise<Map<string, QualityFacts>> {
  if (ids.length === 0) return new Map()
  const rows = await t(db)
    .selectFrom('resources')
    .select(COLUMNS)
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}

/** Mounted resources whose data arrived after `since` (all mounted ones when null), oldest arrival first. */
export async function resourcesLoadedSince(
  db: Db,
  since: Date | null,
  limit: number,
): Promise<QualityFacts[]> {
  let q = t(db)
    .selectFrom('resources')
    .select(COLUMNS)
    .where('mountStatus', '=', 'mounted')
    .where('lastDataUpdateAt', 'is not', null)
  if (since) q = q.where('lastDataUpdateAt', '>', since)
  return q.orderBy('lastDataUpdateAt').orderBy('id').limit(limit).execute()
}

/** Declared lengths of a resource's fields (code → length), for length-rule suggestions. */
export async function fieldLengths(db: Db, resourceId: string): Promise<Map<string, number | null>> {
  const rows = await t(db)
    .selectFrom('resourceFields')
    .select(['code', 'length'])
    .where('resourceId', '=', resourceId)
    .execute()
  return new Map(rows.map((r) => [r.code, r.length]))
}
