/**
 * Public reads of the open catalog: search with facets, the portal home, and a resource page with masked
 * preview and chart data. Everything here is limited to published resources whose open type is unconditional or
 * conditional; anything else is "not found", exactly like a code that does not exist.
 */
import { recordAuditNow } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { PageWindow } from '../../../platform/http/index.ts'
import {
  listResources,
  newestOpenResources,
  type OpenResourceDetail,
  openResource,
  openResourcesByIds,
  type ResourceQuery,
} from '../../catalog/index.ts'
import { datastorePage } from '../../datastore/index.ts'
import { portalError } from '../errors.ts'
import { chartOf } from './chart.ts'
import { publicMask } from './masking.ts'
import { servedData } from './served.ts'
import { countUsage, mostUsed, usageOf } from './stats.ts'

const PREVIEW_ROWS = 20
const CHART_SAMPLE = 1000
const ANONYMOUS = { kind: 'anonymous' } as const

export type OpenQuery = Pick<
  ResourceQuery,
  'q' | 'orgId' | 'regionCode' | 'category' | 'openType' | 'updateFrequency' | 'sort'
>

/** The open catalog search, run as an anonymous reader over the open view of the catalog. */
export async function searchOpen(db: Db, query: OpenQuery, window: PageWindow) {
  const found = await listResources(db, ANONYMOUS, { ...query, view: 'open' }, window)
  // Hits are re-read through the open catalog, which only returns public facts.
  const items = await openResourcesByIds(
    db,
    found.items.map((i) => i.id),
  )
  const { shareTypes: _s, ...facets } = found.facets
  return {
    items,
    total: found.total,
    page: found.page,
    pageSize: found.pageSize,
    totalExact: found.totalExact,
    facets,
  }
}

export async function portalHome(db: Db) {
  const all = await listResources(
    db,
    ANONYMOUS,
    { view: 'open' },
    { page: 1, pageSize: 1, limit: 1, offset: 0 },
  )
  const count = (code: string) => all.facets.openTypes.find((f) => f.value === code)?.count ?? 0
  const used = await mostUsed(db, 30, 8)
  const resources = await openResourcesByIds(
    db,
    used.map((u) => u.resourceId),
  )
  const byId = new Map(resources.map((r) => [r.id, r]))
  return {
    totals: {
      resources: all.total,
      open: count('open'),
      conditional: count('conditional'),
      orgs: all.facets.orgs.length,
    },
    mostUsed: used.flatMap((u) => {
      const resource = byId.get(u.resourceId)
      return resource ? [{ resource, usage: u.usage }] : []
    }),
    newest: await newestOpenResources(db, 8),
    categories: all.facets.categories,
  }
}

/** The resource if it is open, else the same 404 as an unknown code. */
export async function requireOpen(db: Db, code: string): Promise<OpenResourceDetail> {
  const resource = await openResource(db, code)
  if (!resource) throw portalError('portal.resource_not_found')
  return resource
}

export async function resourcePage(db: Db, config: Config, ctx: RequestContext, code: string) {
  const resource = await requireOpen(db, code)
  const mask = await publicMask(db, config.secretKey, resource)
  const served = await servedData(db, config, resource)
  const hosted = served.ok
  const codes = resource.fields.map((f) => f.code)
  // Rows of conditionally open data are for approved applicants only: their page shows metadata alone.
  const sample =
    served.ok && resource.openType === 'open'
      ? ((await datastorePage(db, served.key, codes, 0, CHART_SAMPLE)) ?? [])
      : []
  const masked = sample.map((r) => mask.apply(r))
  await countUsage(db, resource.id, 'views')
  await recordAuditNow(db, ctx, {
    action: 'portal.resource_view',
    targetType: 'resource',
    targetId: resource.id,
    orgId: resource.orgId,
    regionCode: resource.regionCode,
    details: { previewRows: Math.min(masked.length, PREVIEW_ROWS) },
  })
  const { fields, ...rest } = resource
  const encoded = encodeURIComponent(resource.code)
  return {
    resource: rest,
    fields: fields.map((f) => ({
      code: f.code,
      name: f.name,
      dataType: f.dataType,
      description: f.description,
      masked: mask.masked.includes(f.code),
    })),
    usage: await usageOf(db, resource.id),
    downloadable: hosted && resource.openType === 'open',
    dataAvailable: hosted,
    dataUpdatedAt: served.ok ? served.updatedAt : null,
    mirror: served.mirror,
    unavailableReason: served.ok ? null : served.code,
    formats: ['csv', 'json', 'xlsx'],
    dcatUrl: '/api/v1/public/catalog/dcat',
    apiUrl: `/gw/open/v1/${encoded}`,
    preview: { rows: masked.slice(0, PREVIEW_ROWS), masked: [...mask.masked] },
    chart: chartOf(fields, mask.masked, masked),
  }
}
