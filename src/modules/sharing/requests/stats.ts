/**
 * Fulfilment statistics (共享统计) per provider org, region or month: fulfilment rate = approved / decided
 * (approved + rejected, auto-granted unconditional requests included), on-time rate and average working days
 * to decide over reviewed (conditional) requests, and the pending, overdue and escalated counts. Scoped to the
 * caller: the bureau sees providers in its region subtree, anyone else the requests made to their own org.
 */
import { sql } from 'kysely'
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { isWithinRegion, regionPrefix } from '../../../platform/validators/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import { t } from '../store.ts'
import { shanghaiDate } from './deadlines.ts'
import { requestError } from './errors.ts'
import { BUREAU_READERS, scopesOf } from './policy.ts'
import { groupRegion, pct, regionNamer } from './regions.ts'

export type StatsBy = 'org' | 'region' | 'month'

export interface StatsQuery {
  by?: StatsBy | undefined
  regionCode?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

interface Counts {
  requests: number
  pending: number
  overdue: number
  escalated: number
  approved: number
  rejected: number
  withdrawn: number
  disputed: number
  reviewed: number
  onTime: number
  daySum: number
}

export interface Metrics extends Omit<Counts, 'daySum'> {
  decided: number
  fulfilmentRate: number | null
  onTimeRate: number | null
  avgDecisionWorkingDays: number | null
}

export interface StatsGroup extends Metrics {
  key: string
  label: string
  regionCode: string | null
}

export interface SharingStats {
  by: StatsBy
  regionCode: string | null
  orgId: string | null
  groups: StatsGroup[]
  total: Metrics
}

const ZERO: Counts = {
  requests: 0,
  pending: 0,
  overdue: 0,
  escalated: 0,
  approved: 0,
  rejected: 0,
  withdrawn: 0,
  disputed: 0,
  reviewed: 0,
  onTime: 0,
  daySum: 0,
}

function metrics(c: Counts): Metrics {
  const { daySum, ...rest } = c
  const decided = c.approved + c.rejected
  return {
    ...rest,
    decided,
    fulfilmentRate: pct(c.approved, decided),
    onTimeRate: pct(c.onTime, c.reviewed),
    avgDecisionWorkingDays: c.reviewed === 0 ? null : Math.round((daySum / c.reviewed) * 10) / 10,
  }
}

function add(into: Counts, from: Counts): void {
  for (const k of Object.keys(ZERO) as (keyof Counts)[]) into[k] += from[k]
}

/** The region subtree (bureau) or the org (anyone else) the statistics cover. */
function scopeOf(
  actor: Actor,
  regionCode: string | undefined,
): { region: string | null; orgId: string | null } {
  const scopes = scopesOf(actor, BUREAU_READERS)
  if (regionCode) {
    if (!scopes.some((s) => isWithinRegion(regionCode, s))) throw requestError('sharing.stats_forbidden')
    return { region: regionCode, orgId: null }
  }
  // The widest of the actor's scopes (a province scope contains a city one).
  const widest = [...scopes].sort((a, b) => regionPrefix(a).length - regionPrefix(b).length)[0]
  if (widest) return { region: widest, orgId: null }
  if (actor.kind !== 'user') throw requestError('sharing.stats_forbidden')
  return { region: null, orgId: actor.orgId }
}

export async function sharingStats(
  db: Db,
  actor: Actor,
  query: StatsQuery,
  now = new Date(),
): Promise<SharingStats> {
  const by = query.by ?? 'org'
  const scope = scopeOf(actor, query.regionCode)
  const today = shanghaiDate(now)
  const month = sql<string>`to_char(created_on, 'YYYY-MM')`
  let q = t(db)
    .selectFrom('shareRequests')
    .select([
      'providerOrgId',
      'providerRegionCode',
      month.as('month'),
      sql<number>`count(*)`.as('requests'),
      sql<number>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<number>`count(*) filter (where status = 'pending' and reply_due < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where escalated_at is not null)`.as('escalated'),
      sql<number>`count(*) filter (where status = 'approved')`.as('approved'),
      sql<number>`count(*) filter (where status = 'rejected')`.as('rejected'),
      sql<number>`count(*) filter (where status = 'withdrawn')`.as('withdrawn'),
      sql<number>`count(*) filter (where status = 'disputed')`.as('disputed'),
      sql<number>`count(*) filter (where decided_at is not null and share_type = 'conditional')`.as(
        'reviewed',
      ),
      sql<number>`count(*) filter (where decided_on_time and share_type = 'conditional')`.as('ontime'),
      sql<number>`coalesce(sum(decision_working_days) filter (where decided_at is not null and share_type = 'conditional'), 0)`.as(
        'daysum',
      ),
    ])
    .groupBy(['providerOrgId', 'providerRegionCode', month])
  if (scope.region) q = q.where('providerRegionCode', 'like', `${regionPrefix(scope.region)}%`)
  if (scope.orgId) q = q.where('providerOrgId', '=', scope.orgId)
  if (query.from) q = q.where('createdOn', '>=', query.from)
  if (query.to) q = q.where('createdOn', '<=', query.to)
  const rows = await q.execute()

  const groups = new Map<string, { counts: Counts; regionCode: string | null }>()
  const total: Counts = { ...ZERO }
  for (const r of rows) {
    const counts: Counts = {
      requests: Number(r.requests),
      pending: Number(r.pending),
      overdue: Number(r.overdue),
      escalated: Number(r.escalated),
      approved: Number(r.approved),
      rejected: Number(r.rejected),
      withdrawn: Number(r.withdrawn),
      disputed: Number(r.disputed),
      reviewed: Number(r.reviewed),
      onTime: Number(r.ontime),
      daySum: Number(r.daysum),
    }
    const region = groupRegion(r.providerRegionCode, scope.region)
    const key = by === 'org' ? r.providerOrgId : by === 'region' ? region : r.month
    const group = groups.get(key) ?? {
      counts: { ...ZERO },
      regionCode: by === 'org' ? r.providerRegionCode.trim() : by === 'region' ? region : null,
    }
    add(group.counts, counts)
    groups.set(key, group)
    add(total, counts)
  }
  const orgNames = by === 'org' ? await orgSummaries(db, [...groups.keys()]) : new Map()
  const regionName =
    by === 'region' ? await regionNamer(db, scope.region, groups.keys()) : (code: string) => code
  const label = (key: string) =>
    by === 'org' ? (orgNames.get(key)?.name ?? key) : by === 'region' ? regionName(key) : key
  const list: StatsGroup[] = [...groups.entries()].map(([key, g]) => ({
    key,
    label: label(key),
    regionCode: g.regionCode,
    ...metrics(g.counts),
  }))
  list.sort((a, b) =>
    by === 'month' ? a.key.localeCompare(b.key) : b.requests - a.requests || a.key.localeCompare(b.key),
  )
  return { by, regionCode: scope.region, orgId: scope.orgId, groups: list, total: metrics(total) }
}
