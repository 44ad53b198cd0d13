/**
 * Bounded search. Counting every hit, computing facets and scoring them all reads every matching row
 * (≈ 17k heap pages for 100k resources): too slow for a search box when a query hits thousands (户籍, 信息, or
 * the unfiltered list). So one statement reads at most BROAD_HITS + 1 hits; when that is all of them the answer
 * is exact. Above it the query is broad and answered from bounded work:
 * - total and facet counts are estimated from a block sample of the table (REPEATABLE, so paging is stable) and
 *   flagged `totalExact: false`, which the console shows as "约 N";
 * - ordered pages (updated, name, code) walk the matching btree index and stop after one page;
 * - relevance ranks a bounded candidate set: exact and prefix name matches (btree) plus the hits read,
 *   scored like the exact path. Deeper relevance pages fall back to the exact path.
 */
import { sql } from 'kysely'
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { PageWindow } from '../../../platform/http/pagination.ts'
import type { SearchMatch } from './match.ts'
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
} from './query-parts.ts'

/** More hits than this and the search estimates instead of counting. */
export const BROAD_HITS = 2000
/** Rows the estimating sample aims to read, whatever the table size. */
const SAMPLE_ROWS = 3000
type FullText = SearchMatch & { kind: 'fulltext' }

/** Table size from the planner's statistics (counted when never analysed, e.g. PGlite); cached a minute. */
const tableSizes = new WeakMap<Db, { at: number; rows: number }>()
async function searchTableRows(db: Db): Promise<number> {
  const cached = tableSizes.get(db)
  if (cached && Date.now() - cached.at < 60_000) return cached.rows
  const r = await sql<{ n: number }>`select reltuples::float8 as n from pg_class
    where oid = 'resource_search'::regclass`.execute(db)
  let rows = Number(r.rows[0]?.n ?? -1)
  if (rows <= 0) {
    const c = await sql<{ n: number }>`select count(*)::int as n from resource_search`.execute(db)
    rows = Number(c.rows[0]?.n ?? 0)
  }
  tableSizes.set(db, { at: Date.now(), rows })
  return rows
}

function hitsOf(db: Db, actor: Actor, query: ResourceQuery, match: FullText | null) {
  let q = st(db).selectFrom('resourceSearch as resources').where(conditions(actor, query))
  if (match) q = q.where(sql<boolean>`resources.document @@ ${match.tsquery}::tsquery`)
  return q
}

/** Sampled facets and total, scaled to the whole table. */
async function estimate(db: Db, actor: Actor, query: ResourceQuery, match: FullText | null, floor: number) {
  const rows = await searchTableRows(db)
  const percent = Number(Math.min(100, Math.max(0.01, (SAMPLE_ROWS / Math.max(rows, 1)) * 100)).toFixed(4))
  const text = match ? sql`and resources.document @@ ${match.tsquery}::tsquery` : sql``
  // Kysely has no TABLESAMPLE; the filters are the same expression the exact path uses.
  const result = await sql<
    Record<string, string | number | null>
  >`select org_id, region_code, share_type, open_type,
      category, update_frequency, count(*)::int as n,
      grouping(org_id, region_code, share_type, open_type, category, update_frequency) as g
    from resource_search as resources tablesample system (${sql.lit(percent)}) repeatable (0)
    where ${conditions(actor, query)} ${text}
    group by grouping sets ((org_id), (region_code), (share_type), (open_type), (category), (update_frequency), ())`.execute(
    db,
  )
  const scale = 100 / percent
  const totalRow = result.rows.find((r) => Number(r.g) === 63)
  return {
    total: Math.max(floor, Math.round(Number(totalRow?.n ?? 0) * scale)),
    facetRows: facetRowsOf(
      result.rows.filter((r) => Number(r.g) !== 63),
      scale,
    ),
  }
}

/** Page orders over the probe (its columns) and over the table (its indexes); both break ties by id. */
const ORDER = {
  updated: { probe: sql`updated_at desc, id`, index: sql`updated_at desc, resource_id` },
  name: { probe: sql`name, id`, index: sql`name, resource_id` },
  code: { probe: sql`code, id`, index: sql`code, resource_id` },
} as const

/** Name matches found through the btree name indexes; the text match is checked per row (fenced by offset 0). */
function nameMatches(actor: Actor, query: ResourceQuery, match: FullText) {
  const named = (where: ReturnType<typeof sql>, n: number) => sql`(select x.id, x.name from (
      select resources.resource_id as id, resources.name, resources.document from resource_search resources
      where ${conditions(actor, query)} and ${where} limit ${n} offset 0) x
    where x.document @@ ${match.tsquery}::tsquery)`
  return sql`${named(sql`resources.name = ${match.q}`, 20)}
    union ${named(sql`resources.name like ${`${likeEscape(match.q)}%`}`, RERANKED)}`
}

/** Relevance of the first pages: cheap name score over the candidates, full-text rank for the best of them. */
function rankedPage(candidates: ReturnType<typeof sql>, match: FullText, window: PageWindow) {
  return sql`select t.id from (
      select resources.id, ${cheapScore(match)} as score from (${candidates}) as resources
      order by score desc, resources.id limit ${RERANKED}) t
    join resource_search s on s.resource_id = t.id
    order by t.score + ts_rank_cd(${RANK_WEIGHTS}::float4[], s.document, ${match.tsquery}::tsquery, 1) desc, t.id
    offset ${window.offset} limit ${window.limit}`
}

/** A page of a broad query in name, code or updated order, walking the matching btree index. */
async function orderedPage(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  match: FullText | null,
  window: PageWindow,
  sort: 'relevance' | 'updated' | 'name' | 'code',
): Promise<string[]> {
  const order = ORDER[sort === 'relevance' ? 'updated' : sort]
  const page = hitsOf(db, actor, query, match).select(sql<string>`resource_id`.as('id'))
  const r = await sql<{
    id: string
  }>`${page} order by ${order.index} offset ${window.offset} limit ${window.limit}`.execute(db)
  return r.rows.map((row) => row.id)
}

/**
 * One statement reads at most broadHits + 1 hits (one GIN scan). When that is all of them, it is the exact
 * answer: count, facets and the page. Otherwise the query is broad: the relevance page comes from the same
 * statement's candidates, ordered pages from an index walk, total and facets from a sample. Null means only
 * the exact path can answer (relevance pages beyond the reranked candidates of a broad query).
 */
export async function boundedSearch(
  db: Db,
  actor: Actor,
  query: ResourceQuery,
  match: FullText | null,
  window: PageWindow,
  broadHits = BROAD_HITS,
): Promise<Found | null> {
  const sort = query.sort ?? (match ? 'relevance' : 'updated')
  const { offset, limit } = window
  const probe = hitsOf(db, actor, query, match)
    .select(HIT_COLUMNS)
    .limit(broadHits + 1)
  const firstPages = sort === 'relevance' && match !== null && offset + limit <= RERANKED
  let pageIds: ReturnType<typeof sql>
  if (firstPages && match) {
    // Only the probe's own best RERANKED can reach the page, so the union dedupes a few hundred rows, not all hits.
    pageIds = rankedPage(
      sql`(select resources.id, resources.name from probe resources
          order by ${cheapScore(match)} desc, resources.id limit ${RERANKED})
        union ${nameMatches(actor, query, match)}`,
      match,
      window,
    )
  } else if (sort === 'relevance' && match) {
    pageIds = sql`select resources.id from probe resources order by ${cheapScore(match)} desc, resources.id
      offset ${offset} limit ${limit}`
  } else {
    const order = ORDER[sort === 'relevance' ? 'updated' : sort]
    pageIds = sql`select id from probe order by ${order.probe} offset ${offset} limit ${limit}`
  }
  // A broad query's facets come from the sample, so the probe's are computed only when they are the answer.
  const result = await sql<{
    n: number
    ids: string[]
    facets: Record<string, string | number | null>[] | null
  }>`
    with probe as materialized (${probe}), counted as (select count(*)::int as n from probe)
    select counted.n,
      to_json(array(select p.id::text from (${pageIds}) p)) as ids,
      case when counted.n <= ${broadHits} then (select coalesce(json_agg(f), '[]'::json) from (
        select org_id, region_code, share_type, open_type, category, update_frequency, count(*)::int as n
        from probe group by ${GROUPING_SETS}) f) end as facets
    from counted
  `.execute(db)
  const row = result.rows[0]
  const n = Number(row?.n ?? 0)
  if (n <= broadHits) {
    return { ids: row?.ids ?? [], total: n, totalExact: true, facetRows: facetRowsOf(row?.facets ?? []) }
  }
  if (!firstPages && sort === 'relevance' && match) return null
  // The page and the estimate are independent: on PostgreSQL they run on two pooled connections at once.
  // The probe saw more than broadHits hits, so the estimate is never below that.
  const [ids, { total, facetRows }] = await Promise.all([
    firstPages ? Promise.resolve(row?.ids ?? []) : orderedPage(db, actor, query, match, window, sort),
    estimate(db, actor, query, match, broadHits + 1),
  ])
  return { ids, total, totalExact: false, facetRows }
}
