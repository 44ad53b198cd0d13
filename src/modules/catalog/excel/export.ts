/**
 * Export of any catalogue view or search as the import workbook: every matching resource (not one page), with
 * its fields, within the caller's visibility.
 */
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { filtered, type ResourceQuery } from '../listing.ts'
import { toField, toResources } from '../resources.ts'
import { refreshStaleSearchIndex } from '../search/indexer.ts'
import { resourceFields } from '../store.ts'
import { excelError } from './errors.ts'
import { type ExportItem, exportWorkbook } from './write.ts'

export const MAX_EXPORT_RESOURCES = 50_000
const CHUNK = 2000

export async function exportItems(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  limit = MAX_EXPORT_RESOURCES,
): Promise<ExportItem[]> {
  // A search reads the full-text documents; those written since the last search are rebuilt first, as the list does.
  if (query.q?.trim()) await refreshStaleSearchIndex(db)
  const q = filtered(db, actor, query)
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  if (Number(n) > limit)
    throw excelError('catalog.export_too_large', {
      detail: {
        zh: `符合条件的资源有 ${Number(n)} 条，一次最多导出 ${limit} 条，请按单位、区域或状态缩小范围`,
        en: `${Number(n)} resources match; at most ${limit} per export`,
      },
      extra: { total: Number(n), limit },
    })
  let rows = q.selectAll('resources')
  rows =
    query.sort === 'name'
      ? rows.orderBy('resources.name')
      : query.sort === 'code'
        ? rows.orderBy('resources.code')
        : rows.orderBy('resources.updatedAt', 'desc')
  const all = await rows.orderBy('resources.id').execute()
  const items: ExportItem[] = []
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK)
    const resources = await toResources(db, chunk)
    const fields = await resourceFields(
      db,
      chunk.map((r) => r.id),
    )
    const byResource = new Map<string, ReturnType<typeof toField>[]>()
    for (const f of fields) {
      const list = byResource.get(f.resourceId) ?? []
      list.push(toField(f))
      byResource.set(f.resourceId, list)
    }
    for (const resource of resources) items.push({ resource, fields: byResource.get(resource.id) ?? [] })
  }
  return items
}

export async function exportCatalog(db: Db, actor: Actor, query: ResourceQuery): Promise<Buffer> {
  return exportWorkbook(await exportItems(db, actor, query))
}
