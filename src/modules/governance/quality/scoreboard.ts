import { shanghaiDate } from '../../../platform/calendar/index.ts'
/**
 * The quality scoreboard: each resource's latest successful run, rolled up to orgs and regions (mean of their
 * resources' scores, per dimension too), with open-ticket counts and a daily trend of run scores. Bureau roles
 * see their region subtree; org roles their own org.
 */
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { isWithinRegion, regionPrefix } from '../../../platform/validators/index.ts'
import { getRegion, orgSummaries } from '../../identity/index.ts'
import { BUREAU_READERS, readsFor, scopesOf } from './policy.ts'
import { DIMENSIONS } from './rule-types.ts'
import { q } from './store.ts'

export type ScoreBy = 'resource' | 'org' | 'region'

export interface ScoreRow {
  key: string
  name: string
  resources: number
  score: number | null
  scores: Record<string, number>
  openTickets: number
  lastRunAt: string | null
}

export interface Scoreboard {
  items: ScoreRow[]
  trend: { date: string; score: number; runs: number }[]
}

const TREND_DAYS = 30
const round2 = (n: number) => Math.round(n * 100) / 100
const mean = (xs: readonly number[]) => (xs.length ? round2(xs.reduce((a, b) => a + b, 0) / xs.length) : null)

interface Scope {
  readonly prefixes: string[]
  readonly orgId: string | null
}

function scopeOf(actor: Actor, regionCode: string | undefined): Scope | null {
  const scopes = scopesOf(actor, BUREAU_READERS)
  if (scopes.length) {
    const within = regionCode ? scopes.filter((s) => isWithinRegion(regionCode, s)) : scopes
    if (!within.length) return null
    return { prefixes: regionCode ? [regionPrefix(regionCode)] : within.map(regionPrefix), orgId: null }
  }
  if (actor.kind === 'user' && readsFor(actor, actor.orgId)) return { prefixes: [], orgId: actor.orgId }
  return null
}

function latestRuns(db: Db, scope: Scope) {
  let query = q(db)
    .selectFrom('qualityRuns')
    .select(['resourceId', 'resourceName', 'orgId', 'regionCode', 'score', 'scores', 'startedAt'])
    .distinctOn('resourceId')
    .where('status', '=', 'succeeded')
  if (scope.orgId) query = query.where('orgId', '=', scope.orgId)
  else query = query.where((eb) => eb.or(scope.prefixes.map((p) => eb('regionCode', 'like', `${p}%`))))
  return query.orderBy('resourceId').orderBy('startedAt', 'desc').execute()
}

export async function scoreboard(
  db: Db,
  actor: Actor,
  by: ScoreBy,
  regionCode: string | undefined,
  now = new Date(),
): Promise<Scoreboard> {
  const scope = scopeOf(actor, regionCode)
  if (!scope) return { items: [], trend: [] }
  const runs = await latestRuns(db, scope)
  let tickets = q(db)
    .selectFrom('rectificationTickets')
    .select(['resourceId', 'providerOrgId', 'providerRegionCode'])
    .where('status', '<>', 'closed')
  if (scope.orgId) tickets = tickets.where('providerOrgId', '=', scope.orgId)
  else
    tickets = tickets.where((eb) =>
      eb.or(scope.prefixes.map((p) => eb('providerRegionCode', 'like', `${p}%`))),
    )
  const open = await tickets.execute()
  const orgs =
    by === 'org'
      ? await orgSummaries(
          db,
          runs.map((r) => r.orgId),
        )
      : new Map()
  const regionKey = rollupOf(scope)
  const keyOf = (r: { resourceId: string; orgId: string; regionCode: string }) =>
    by === 'resource' ? r.resourceId : by === 'org' ? r.orgId : regionKey(r.regionCode)
  const groups = new Map<string, typeof runs>()
  for (const r of runs) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r])
  const regions = by === 'region' ? await regionNames(db, [...groups.keys()]) : new Map<string, string>()
  const items: ScoreRow[] = [...groups.entries()].map(([key, rs]) => {
    const scores: Record<string, number> = {}
    for (const d of DIMENSIONS) {
      const m = mean(
        rs.flatMap((r) => {
          const v = (r.scores as Record<string, number>)[d]
          return typeof v === 'number' ? [v] : []
        }),
      )
      if (m !== null) scores[d] = m
    }
    const first = rs[0]
    return {
      key,
      name:
        by === 'resource'
          ? (first?.resourceName ?? key)
          : by === 'org'
            ? (orgs.get(key)?.name ?? key)
            : (regions.get(key) ?? key),
      resources: rs.length,
      score: mean(rs.flatMap((r) => (r.score === null ? [] : [Number(r.score)]))),
      scores,
      openTickets: open.filter(
        (t) =>
          keyOf({ resourceId: t.resourceId, orgId: t.providerOrgId, regionCode: t.providerRegionCode }) ===
          key,
      ).length,
      lastRunAt:
        rs.reduce<Date | null>((a, r) => (!a || r.startedAt > a ? r.startedAt : a), null)?.toISOString() ??
        null,
    }
  })
  items.sort((a, b) => (a.score ?? 101) - (b.score ?? 101))
  return { items, trend: await trendOf(db, scope, now) }
}

/**
 * Regions roll up one level below the viewer's scope: a province bureau sees its cities (XXYY00), a city bureau
 * its districts and counties; several scopes or an org viewer see each resource's own region.
 */
function rollupOf(scope: Scope): (code: string) => string {
  const only = scope.prefixes.length === 1 ? scope.prefixes[0] : undefined
  if (only?.length === 2) return (code) => (code.endsWith('0000') ? code : `${code.slice(0, 4)}00`)
  return (code) => code
}

async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const code of codes) {
    const region = await getRegion(db, code).catch(() => null)
    if (region) out.set(code, region.name)
  }
  return out
}

async function trendOf(db: Db, scope: Scope, now: Date): Promise<Scoreboard['trend']> {
  const since = new Date(now.getTime() - TREND_DAYS * 86_400_000)
  let query = q(db)
    .selectFrom('qualityRuns')
    .select(['score', 'startedAt'])
    .where('status', '=', 'succeeded')
    .where('startedAt', '>=', since)
    .where('score', 'is not', null)
  if (scope.orgId) query = query.where('orgId', '=', scope.orgId)
  else query = query.where((eb) => eb.or(scope.prefixes.map((p) => eb('regionCode', 'like', `${p}%`))))
  const rows = await query.execute()
  const days = new Map<string, number[]>()
  for (const r of rows) {
    const d = shanghaiDate(r.startedAt)
    days.set(d, [...(days.get(d) ?? []), Number(r.score)])
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, xs]) => ({ date, score: mean(xs) ?? 0, runs: xs.length }))
}
