import type { Db } from '../../../platform/db/index.ts'
import { datastoreColumns } from '../../datastore/index.ts'
import { mountsOf } from './tables.ts'

/**
 * The real columns behind each mounted resource, for the catalog check "declared fields do not match the
 * mounted columns": the hosted table's columns, or the external table's columns as found when it was mounted
 * (no network call during a check run). HTTP mounts have no columns to compare and are left out.
 */
export async function mountedColumns(
  db: Db,
  resourceIds: readonly string[],
): Promise<ReadonlyMap<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>()
  if (resourceIds.length === 0) return out
  const mounts = await mountsOf(db)
    .selectFrom('resourceMounts')
    .select(['resourceId', 'kind', 'config'])
    .where('resourceId', 'in', [...resourceIds])
    .execute()
  const hosted = await datastoreColumns(
    db,
    mounts.filter((m) => m.kind === 'datastore').map((m) => m.resourceId),
  )
  for (const m of mounts) {
    if (m.kind === 'datastore') {
      const columns = hosted.get(m.resourceId)
      if (columns) out.set(m.resourceId, columns)
    } else if (m.kind === 'postgres') {
      const config = m.config as { columns?: Record<string, string>; extraColumns?: string[] }
      out.set(m.resourceId, [...Object.values(config.columns ?? {}), ...(config.extraColumns ?? [])])
    }
  }
  return out
}
