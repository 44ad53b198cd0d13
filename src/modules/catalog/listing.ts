import { sql } from 'kysely'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import type { PageResult, PageWindow } from '../../platform/http/pagination.ts'
import { type Resource, toResources } from './resources.ts'
import { boundedSearch } from './search/broad.ts'
import { type FacetRow, type Facets, facetsOf } from './search/facets.ts'
import { type Highlights, highlightsOf, termPattern } from './search/highlight.ts'
import { refreshStaleSearchIndex } from './search/indexer.ts'
import { correctedMatch, matchOf, type SearchMatch } from './search/match.ts'
import {
  cheapScore,
  conditions,
  type Found,
  facetRowsOf,
  GROUPING_SETS,
  HIT_COLUMNS,
  likeEscape,
  RANK_WEIGHTS,
  RERANKED,
  type ResourceQuery,
  st,
} from './search/query-parts.ts'
import { resourceFields } from './store.ts'

export { type CatalogView, type ResourceQuery, visibleTo } from './search/query-parts.ts'

/**
 * The resources an actor may see that match the query (all rows, for exports and counts). `match` is the
 * prepared text match (see search/match.ts); when omitted, q is matched by segmentation alone.
 */
export function filtered(db: Db, actor: Actor, query: ResourceQuery, match?: SearchMatch | null) {
  let q = st(db).selectFrom('resources').where(conditions(actor, query))
  const m = match === undefined ? (query.q?.trim() ? matchOf(query.q) : null) : match
  if (m?.kind === 'fulltext') {
    q = q.where(
      sql<boolean>`resources.id in (select s.resource_id from resource_search s where s.document @@ ${m.tsquery}::tsquery)`,
    )
  } else if (m?.kind === 'substring') {
    const like = `%${likeEscape(m.q)}%`
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
            .where((w) => w.or([w('f.name', 'like', like), w('f.code', 'like', like)])),
        ),
      ]),
    )
  }
  return q
}

export type ResourceHit = Resource & { highlights?: Highlights }
export type ResourceSearchPage = PageResult<ResourceHit> & { facets: Facets; totalExact: boolean }

/**
 * One statement over the search table alone (filters, visibility and facets read its mirror columns): the hits,
 * their count, one page of ids in order and the facet counts. Without a text match every visible row is a hit.
 */
async function exactIds(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  match: (SearchMatch & { kind: 'fulltext' }) | null,
  window: PageWindow,
): Promise<Found> {
  let hits = st(db)
    .selectFrom('resourceSearch as resources')
    .where(conditions(actor, query))
    .select([...HIT_COLUMNS, match ? cheapScore(match).as('score') : sql<number>`0`.as('score')])
  if (match) hits = hits.where(sql<boolean>`resources.document @@ ${match.tsquery}::tsquery`)
  const sort = query.sort ?? (match ? 'relevance' : 'updated')
  const { offset, limit } = window
  let pageIds: ReturnType<typeof sql>
  if (sort === 'relevance' && match && offset + limit <= RERANKED) {
    pageIds = sql`select t.id from (select id, score from hits order by score desc, id limit ${RERANKED}) t
      join resource_search s on s.resource_id = t.id
      order by t.score + ts_rank_cd(${RANK_WEIGHTS}::float4[], s.document, ${match.tsquery}::tsquery, 1) desc, t.id
      offset ${offset} limit ${limit}`
  } else {
    const order =
      sort === 'relevance' && match
        ? sql`score desc, id`
        : sort === 'name'
          ? sql`name, id`
          : sort === 'code'
            ? sql`code, id`
            : sql`updated_at desc, id`
    pageIds = sql`select id from hits order by ${order} offset ${offset} limit ${limit}`
  }
  const result = await sql<{
    total: number
    ids: string[]
    facets: Record<string, string | number | null>[]
  }>`
    with hits as materialized (${hits})
    select
      (select count(*) from hits)::int as total,
      to_json(array(select p.id::text from (${pageIds}) p)) as ids,
      (select coalesce(json_agg(f), '[]'::json) from (
        select org_id, region_code, share_type, open_type, category, update_frequency, count(*)::int as n
        from hits group by ${GROUPING_SETS}) f) as facets
  `.execute(db)
  const row = result.rows[0]
  return {
    ids: row?.ids ?? [],
    total: Number(row?.total ?? 0),
    totalExact: true,
    facetRows: facetRowsOf(row?.facets ?? []),
  }
}

/** The substring fallback (queries without words) reads resources and resource_fields directly. */
async function substringIds(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  match: SearchMatch,
  window: PageWindow,
): Promise<Found> {
  const base = filtered(db, actor, query, match)
  let rows = base.select(['resources.id', sql<number>`count(*) over ()`.as('fullCount')])
  const exact = sql<number>`(case when lower(resources.name) = lower(${match.q}) then 1 else 0 end)`
  if (query.sort === 'name') rows = rows.orderBy('resources.name')
  else if (query.sort === 'code') rows = rows.orderBy('resources.code')
  else if (query.sort === 'updated') rows = rows.orderBy('resources.updatedAt', 'desc')
  else rows = rows.orderBy(exact, 'desc').orderBy('resources.updatedAt', 'desc')
  const page = await rows.orderBy('resources.id').limit(window.limit).offset(window.offset).execute()
  const total = page[0]
    ? Number(page[0].fullCount)
    : Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const facetRows = await base
    .select([
      'resources.orgId',
      'resources.regionCode',
      'resources.shareType',
      'resources.openType',
      'resources.category',
      'resources.updateFrequency',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(
      sql`grouping sets ((resources.org_id), (resources.region_code), (resources.share_type), (resources.open_type), (resources.category), (resources.update_frequency))`,
    )
    .execute()
  return { ids: page.map((r) => r.id), total, totalExact: true, facetRows: facetRows as FacetRow[] }
}

/** Tests lower the broad-query threshold to exercise the estimating path on small data. */
export interface SearchTuning {
  readonly broadHits?: number
}

async function find(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  match: SearchMatch | null,
  window: PageWindow,
  tuning: SearchTuning,
): Promise<Found> {
  if (match?.kind === 'substring') return substringIds(db, actor, query, match, window)
  const bounded = await boundedSearch(db, actor, query, match, window, tuning.broadHits)
  return bounded ?? exactIds(db, actor, query, match, window)
}

/**
 * The catalog list and search: one page ranked by relevance when q is given, highlights on each item, and
 * facets over the whole filtered result. A query that finds nothing is retried with typo correction.
 */
export async function listResources(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  window: PageWindow,
  tuning: SearchTuning = {},
): Promise<ResourceSearchPage> {
  const text = query.q?.trim()
  let match: SearchMatch | null = null
  if (text) {
    // Documents written since the last search (triggers mark them stale) are rebuilt first.
    const stale = await st(db)
      .selectFrom('resourceSearch')
      .select('resourceId')
      .where('stale', '=', true)
      .limit(1)
      .execute()
    // A failed rebuild (a deadlock with a bulk writer, say) must not fail the search: it retries next time.
    if (stale.length) await refreshStaleSearchIndex(db).catch(() => 0)
    match = matchOf(text)
  }
  let found = await find(db, actor, query, match, window, tuning)
  if (text && found.total === 0) {
    const corrected = await correctedMatch(db, text)
    if (corrected) {
      const retry = await find(db, actor, query, corrected, window, tuning)
      if (retry.total > 0) {
        match = corrected
        found = retry
      }
    }
  }
  // The page's rows and the facet labels are independent reads: run them side by side.
  const [items, facets] = await Promise.all([pageItems(db, found.ids, match), facetsOf(db, found.facetRows)])
  return {
    items,
    total: found.total,
    totalExact: found.totalExact,
    page: window.page,
    pageSize: window.pageSize,
    facets,
  }
}

/** The resources of one page in order, with highlights when there is a text match. */
async function pageItems(db: Db, ids: readonly string[], match: SearchMatch | null): Promise<ResourceHit[]> {
  if (ids.length === 0) return []
  // The field names for highlights do not depend on the rows: read them alongside.
  const [rows, fields] = await Promise.all([
    st(db).selectFrom('resources').selectAll().where('id', 'in', ids).execute(),
    match ? resourceFields(db, ids) : Promise.resolve([]),
  ])
  const order = new Map(ids.map((id, i) => [id, i]))
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  const items: ResourceHit[] = await toResources(db, rows)
  if (match) {
    const pattern = termPattern(match.terms)
    const names = new Map<string, string[]>()
    for (const f of fields) names.set(f.resourceId, [...(names.get(f.resourceId) ?? []), f.name])
    for (const item of items) item.highlights = highlightsOf(item, names.get(item.id) ?? [], pattern)
  }
  return items
}
