import { type ExpressionBuilder, sql } from 'kysely'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../platform/http/pagination.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { hasRole, regionScope } from '../identity/index.ts'
import { type Resource, toResources } from './resources.ts'
import { t } from './store.ts'
import type { CatalogTables } from './tables.ts'
import type { Category, OpenType, ResourceStatus, ShareType, UpdateFrequency } from './vocabulary.ts'

/** The published catalog seen three ways: what may be shared, opened, or operated under a mandate. */
export type CatalogView = 'share' | 'open' | 'operation'

export interface ResourceQuery {
  q?: string | undefined
  orgId?: string | undefined
  regionCode?: string | undefined
  status?: ResourceStatus | undefined
  category?: Category | undefined
  shareType?: ShareType | undefined
  openType?: OpenType | undefined
  updateFrequency?: UpdateFrequency | undefined
  operable?: boolean | undefined
  view?: CatalogView | undefined
  sort?: 'updated' | 'name' | 'code' | undefined
}

type Eb = ExpressionBuilder<CatalogTables, 'resources'>

/** Deny by default: published entries for everyone signed in, work in progress for its org and its reviewers. */
export function visibleTo(actor: Actor) {
  return (eb: Eb) => {
    const allowed = [eb('resources.status', 'in', ['published', 'retired'])]
    if (actor.kind === 'user') {
      if (hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin'))
        allowed.push(eb('resources.orgId', '=', actor.orgId))
      for (const role of ['reviewer', 'bureau_admin'] as const) {
        const scope = regionScope(actor, role)
        if (scope) allowed.push(eb('resources.regionCode', 'like', `${regionPrefix(scope)}%`))
      }
    }
    return eb.or(allowed)
  }
}

export function filtered(db: Db, actor: Actor, query: ResourceQuery) {
  let q = t(db).selectFrom('resources').where(visibleTo(actor))
  if (query.view) {
    q = q.where('resources.status', '=', 'published')
    if (query.view === 'share') q = q.where('resources.shareType', '!=', 'none')
    if (query.view === 'open') q = q.where('resources.openType', '!=', 'closed')
    if (query.view === 'operation') q = q.where('resources.operable', '=', true)
  }
  if (query.q?.trim()) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) =>
      eb.or([
        eb('resources.name', 'like', like),
        eb('resources.summary', 'like', like),
        eb('resources.code', 'like', like),
        eb.exists(
          eb
            .selectFrom('resourceFields as f')
            .select('f.id')
            .whereRef('f.resourceId', '=', 'resources.id')
            .where((fb) => fb.or([fb('f.name', 'like', like), fb('f.code', 'like', like)])),
        ),
      ]),
    )
  }
  if (query.orgId) q = q.where('resources.orgId', '=', query.orgId)
  if (query.regionCode && /^\d{6}$/.test(query.regionCode)) {
    q = q.where('resources.regionCode', 'like', `${regionPrefix(query.regionCode)}%`)
  }
  if (query.status) q = q.where('resources.status', '=', query.status)
  if (query.category) q = q.where('resources.category', '=', query.category)
  if (query.shareType) q = q.where('resources.shareType', '=', query.shareType)
  if (query.openType) q = q.where('resources.openType', '=', query.openType)
  if (query.updateFrequency) q = q.where('resources.updateFrequency', '=', query.updateFrequency)
  if (query.operable !== undefined) q = q.where('resources.operable', '=', query.operable)
  return q
}

export async function listResources(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  window: PageWindow,
): Promise<PageResult<Resource>> {
  const q = filtered(db, actor, query)
  const countAll = async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  let rows = q.selectAll('resources').select(sql<number>`count(*) over ()`.as('fullCount'))
  rows =
    query.sort === 'name'
      ? rows.orderBy('resources.name')
      : query.sort === 'code'
        ? rows.orderBy('resources.code')
        : rows.orderBy('resources.updatedAt', 'desc')
  const page = await pageOf(
    await rows.orderBy('resources.id').limit(window.limit).offset(window.offset).execute(),
    window,
    countAll,
  )
  return { ...page, items: await toResources(db, page.items) }
}
