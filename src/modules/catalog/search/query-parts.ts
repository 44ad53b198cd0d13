/**
 * The pieces every catalog search statement shares: the query shape, visibility (deny by default), the
 * structured filters, and the cheap name score. Used by the exact path (listing.ts) and the broad path (broad.ts).
 */
import { type Expression, type ExpressionBuilder, expressionBuilder, type SqlBool, sql } from 'kysely'
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import { hasRole, regionScope } from '../../identity/index.ts'
import type { ResourcesTable } from '../tables.ts'
import type { Category, OpenType, ResourceStatus, ShareType, UpdateFrequency } from '../vocabulary.ts'
import type { FacetRow } from './facets.ts'
import type { SearchMatch } from './match.ts'
import type { SearchTables } from './tables.ts'

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
  /** relevance (the default when q is given) needs q; without q it falls back to updated. */
  sort?: 'relevance' | 'updated' | 'name' | 'code' | undefined
}

export const st = (db: Db) => db.withTables<SearchTables>()
type Eb = ExpressionBuilder<SearchTables, 'resources'>

/** The columns filters read; resources and its search mirror (resource_search) both have them. */
type FilterTables = {
  resources: Pick<
    ResourcesTable,
    'status' | 'orgId' | 'regionCode' | 'category' | 'shareType' | 'openType' | 'updateFrequency' | 'operable'
  >
}
const fb = () => expressionBuilder<FilterTables, 'resources'>()

function visibility(actor: Actor): Expression<SqlBool> {
  const eb = fb()
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

/** Deny by default: published entries for everyone signed in, work in progress for its org and its reviewers. */
export function visibleTo(actor: Actor) {
  return (_eb: Eb) => visibility(actor)
}

/** Visibility, view and the structured filters, on `resources` or on its search mirror aliased as `resources`. */
export function conditions(actor: Actor, query: ResourceQuery): Expression<SqlBool> {
  const eb = fb()
  const all: Expression<SqlBool>[] = [visibility(actor)]
  if (query.view) {
    all.push(eb('resources.status', '=', 'published'))
    if (query.view === 'share') all.push(eb('resources.shareType', '!=', 'none'))
    if (query.view === 'open') all.push(eb('resources.openType', '!=', 'closed'))
    if (query.view === 'operation') all.push(eb('resources.operable', '=', true))
  }
  if (query.orgId) all.push(eb('resources.orgId', '=', query.orgId))
  if (query.regionCode && /^\d{6}$/.test(query.regionCode)) {
    all.push(eb('resources.regionCode', 'like', `${regionPrefix(query.regionCode)}%`))
  }
  if (query.status) all.push(eb('resources.status', '=', query.status))
  if (query.category) all.push(eb('resources.category', '=', query.category))
  if (query.shareType) all.push(eb('resources.shareType', '=', query.shareType))
  if (query.openType) all.push(eb('resources.openType', '=', query.openType))
  if (query.updateFrequency) all.push(eb('resources.updateFrequency', '=', query.updateFrequency))
  if (query.operable !== undefined) all.push(eb('resources.operable', '=', query.operable))
  return eb.and(all)
}

/** Weights of D, C, B, A in ts_rank_cd: a hit in the name counts ten times one in the summary or codes. */
export const RANK_WEIGHTS = '{0.05, 0.1, 0.4, 1.0}'

export function likeEscape(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** One page of ids in order, the number of hits and the facet rows of a search. */
export interface Found {
  ids: string[]
  total: number
  /** False when total and facet counts are estimated from a sample (broad queries, see broad.ts). */
  totalExact: boolean
  facetRows: FacetRow[]
}

/** Rows ranked by full-text rank within the best candidates; deeper pages follow the cheap score alone. */
export const RERANKED = 200

export const GROUPING_SETS = sql`grouping sets ((org_id), (region_code), (share_type), (open_type), (category), (update_frequency))`

/**
 * Cheap relevance for every hit, from the name alone: exact, prefix, contains the query, contains each query word.
 * The document stays out of line (TOAST) and is read only for the best RERANKED candidates, ranked by ts_rank_cd.
 */
export function cheapScore(match: SearchMatch & { kind: 'fulltext' }) {
  const q = match.q
  const words = match.words
    .slice(0, 8)
    .map((w) => sql`case when strpos(resources.name, ${w}) > 0 then 50 else 0 end`)
  return sql<number>`(case when resources.name = ${q} then 1000
    when resources.name like ${`${likeEscape(q)}%`} then 500
    when strpos(resources.name, ${q}) > 0 then 200 else 0 end${words.length ? sql` + ${sql.join(words, sql` + `)}` : sql``})`
}

/** Facet rows come back as JSON (or plain rows); Kysely's CamelCasePlugin may rename keys, so read either. */
export function facetRowsOf(rows: readonly Record<string, string | number | null>[], scale = 1): FacetRow[] {
  const key = (f: Record<string, string | number | null>, camel: string, snake: string) =>
    (f[camel] ?? f[snake] ?? null) as string | null
  return rows.map((f) => ({
    orgId: key(f, 'orgId', 'org_id'),
    regionCode: key(f, 'regionCode', 'region_code'),
    shareType: key(f, 'shareType', 'share_type'),
    openType: key(f, 'openType', 'open_type'),
    category: key(f, 'category', 'category'),
    updateFrequency: key(f, 'updateFrequency', 'update_frequency'),
    n: Math.max(1, Math.round(Number(f.n ?? 0) * scale)),
  }))
}

/** What the search statements read of each hit: its id, the facet dimensions and the sort keys. */
export const HIT_COLUMNS = [
  'resources.resourceId as id',
  'resources.orgId',
  'resources.regionCode',
  'resources.shareType',
  'resources.openType',
  'resources.category',
  'resources.updateFrequency',
  'resources.name',
  'resources.code',
  'resources.updatedAt',
] as const
