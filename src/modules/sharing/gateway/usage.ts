/**
 * Who used whose data through the gateway. A provider's stewards see the calls to their org's resources, a
 * consumer's stewards their own apps' calls; bureau admins, bureau reviewers and auditors with a region scope see
 * both sides within their region; an auditor of a department sees its org. 溯源 (trace) is for auditors only and
 * is itself audited.
 */
import { type ExpressionBuilder, sql } from 'kysely'
import { recordAuditNow } from '../../../platform/audit/index.ts'
import { toDayNumber } from '../../../platform/calendar/index.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { platformError } from '../../../platform/errors.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/pagination.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import { resourceForSharing } from '../../catalog/index.ts'
import { appFacts, hasRole, orgSummaries } from '../../identity/index.ts'
import { t } from '../store.ts'
import type { SharingTables } from '../tables.ts'
import { gatewayError } from './errors.ts'
import { beijingDay } from './limits.ts'

export type UsageSide = 'provider' | 'consumer' | 'all'

export interface UsageReach {
  /** Calls whose provider or consumer lies in this region prefix. */
  readonly regionPrefix: string | null
  /** Calls whose provider or consumer is this org. */
  readonly orgId: string | null
}

const REGION_ROLES = ['bureau_admin', 'reviewer', 'auditor'] as const
const ORG_ROLES = ['data_steward', 'org_admin', 'auditor'] as const

export function usageReach(actor: Actor): UsageReach {
  if (actor.kind !== 'user') throw platformError('auth.forbidden')
  const regional = actor.scopeRegionCode && REGION_ROLES.some((r) => hasRole(actor, r))
  const own = ORG_ROLES.some((r) => hasRole(actor, r))
  if (!regional && !own) throw gatewayError('gateway.usage_forbidden')
  return {
    regionPrefix: regional && actor.scopeRegionCode ? regionPrefix(actor.scopeRegionCode) : null,
    orgId: own ? actor.orgId : null,
  }
}

export function traceReach(actor: Actor): UsageReach {
  if (!hasRole(actor, 'auditor')) throw gatewayError('gateway.trace_forbidden')
  return usageReach(actor)
}

type ScopedTable = 'gatewayCalls' | 'gatewayUsageDaily'

/** The reach as one OR over provider/consumer columns; `side` keeps one of the two. */
function reachFilter<T extends ScopedTable>(reach: UsageReach, side: UsageSide) {
  return (eb: ExpressionBuilder<SharingTables, T>) => {
    const e = eb as unknown as ExpressionBuilder<SharingTables, 'gatewayUsageDaily'>
    const parts = []
    const provider = side !== 'consumer'
    const consumer = side !== 'provider'
    if (reach.regionPrefix !== null) {
      const like = `${reach.regionPrefix}%`
      if (provider) parts.push(e('providerRegionCode', 'like', like))
      if (consumer) parts.push(e('consumerRegionCode', 'like', like))
    }
    if (reach.orgId !== null) {
      if (provider) parts.push(e('providerOrgId', '=', reach.orgId))
      if (consumer) parts.push(e('consumerOrgId', '=', reach.orgId))
    }
    return e.or(parts)
  }
}

export interface UsageQuery {
  readonly side?: UsageSide | undefined
  readonly resourceId?: string | undefined
  readonly appId?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
}

/** Checked Beijing-day range; defaults to the last 30 days. */
export function dayRange(q: { from?: string | undefined; to?: string | undefined }): {
  from: string
  to: string
} {
  const today = beijingDay(Date.now())
  const to = q.to ?? today
  const from = q.from ?? beijingDay(Date.now() - 29 * 86_400_000)
  const bad: string[] = []
  if (toDayNumber(from) === null) bad.push('query.from')
  if (toDayNumber(to) === null) bad.push('query.to')
  if (bad.length === 0 && from > to) bad.push('query.from')
  if (bad.length > 0) {
    throw platformError('request.invalid', {
      fields: bad.map((field) => ({
        field,
        message: 'is not a date (YYYY-MM-DD) or after `to`',
        messageZh: '不是合法日期或晚于结束日期',
      })),
    })
  }
  return { from, to }
}

const startOf = (day: string) => new Date(`${day}T00:00:00+08:00`)
const endOf = (day: string) => new Date(startOf(day).getTime() + 86_400_000)

export interface UsageSummary {
  from: string
  to: string
  totals: { calls: number; denied: number; rows: number }
  daily: { day: string; calls: number; denied: number; rows: number; avgLatencyMs: number }[]
  byStatus: { status: number; calls: number }[]
  byApp: { appId: string; appName: string; orgId: string; orgName: string; calls: number; denied: number }[]
  byResource: {
    resourceId: string
    resourceCode: string
    resourceName: string
    orgId: string
    orgName: string
    calls: number
    denied: number
  }[]
}

const TOP = 20
const n = (v: unknown) => Number(v ?? 0)

export async function usageSummary(db: Db, actor: Actor, query: UsageQuery): Promise<UsageSummary> {
  const reach = usageReach(actor)
  const { from, to } = dayRange(query)
  let base = t(db)
    .selectFrom('gatewayUsageDaily')
    .where(reachFilter(reach, query.side ?? 'all'))
    .where(sql<boolean>`day between ${from}::date and ${to}::date`)
  if (query.resourceId) base = base.where('resourceId', '=', query.resourceId)
  if (query.appId) base = base.where('appId', '=', query.appId)
  const calls = sql<number>`sum(calls)`
  const denied = sql<number>`coalesce(sum(calls) filter (where status >= 400), 0)`
  const [daily, byStatus, byApp, byResource] = await Promise.all([
    base
      .select([
        sql<string>`day::text`.as('day'),
        calls.as('calls'),
        denied.as('denied'),
        sql<number>`sum(rows_returned)`.as('rows'),
        sql<number>`sum(latency_ms_total) / nullif(sum(calls), 0)`.as('avgLatencyMs'),
      ])
      .groupBy('day')
      .orderBy('day')
      .execute(),
    base
      .select(['status', calls.as('calls')])
      .groupBy('status')
      .orderBy('status')
      .execute(),
    base
      .select(['appId', 'consumerOrgId', calls.as('calls'), denied.as('denied')])
      .groupBy(['appId', 'consumerOrgId'])
      .orderBy(calls, 'desc')
      .orderBy('appId')
      .limit(TOP)
      .execute(),
    base
      .select(['resourceId', 'resourceCode', 'providerOrgId', calls.as('calls'), denied.as('denied')])
      .groupBy(['resourceId', 'resourceCode', 'providerOrgId'])
      .orderBy(calls, 'desc')
      .orderBy('resourceId')
      .limit(TOP)
      .execute(),
  ])
  const orgs = await orgSummaries(db, [
    ...byApp.map((a) => a.consumerOrgId),
    ...byResource.map((r) => r.providerOrgId),
  ])
  const apps = await Promise.all(byApp.map((a) => appFacts(db, a.appId)))
  const resources = await Promise.all(byResource.map((r) => resourceForSharing(db, r.resourceId)))
  return {
    from,
    to,
    totals: {
      calls: daily.reduce((s, d) => s + n(d.calls), 0),
      denied: daily.reduce((s, d) => s + n(d.denied), 0),
      rows: daily.reduce((s, d) => s + n(d.rows), 0),
    },
    daily: daily.map((d) => ({
      day: d.day,
      calls: n(d.calls),
      denied: n(d.denied),
      rows: n(d.rows),
      avgLatencyMs: Math.round(n(d.avgLatencyMs) * 100) / 100,
    })),
    byStatus: byStatus.map((s) => ({ status: s.status, calls: n(s.calls) })),
    byApp: byApp.map((a, i) => ({
      appId: a.appId,
      appName: apps[i]?.name ?? '',
      orgId: a.consumerOrgId,
      orgName: orgs.get(a.consumerOrgId)?.name ?? '',
      calls: n(a.calls),
      denied: n(a.denied),
    })),
    byResource: byResource.map((r, i) => ({
      resourceId: r.resourceId,
      resourceCode: r.resourceCode,
      resourceName: resources[i]?.name ?? '',
      orgId: r.providerOrgId,
      orgName: orgs.get(r.providerOrgId)?.name ?? '',
      calls: n(r.calls),
      denied: n(r.denied),
    })),
  }
}

export interface CallView {
  id: string
  calledAt: string
  authMethod: string
  appId: string | null
  clientId: string | null
  consumerOrgId: string | null
  consumerOrgName: string | null
  resourceId: string | null
  resourceCode: string | null
  providerOrgId: string | null
  providerOrgName: string | null
  grantId: string | null
  purpose: string | null
  fields: string[]
  filterFields: string[]
  rowsReturned: number
  status: number
  errorCode: string | null
  latencyMs: number
}

function callsQuery(
  db: Db,
  reach: UsageReach,
  side: UsageSide,
  q: UsageQuery & { status?: number | undefined },
) {
  const { from, to } = dayRange(q)
  let query = t(db)
    .selectFrom('gatewayCalls')
    .where(reachFilter(reach, side))
    .where('calledAt', '>=', startOf(from))
    .where('calledAt', '<', endOf(to))
  if (q.resourceId) query = query.where('resourceId', '=', q.resourceId)
  if (q.appId) query = query.where('appId', '=', q.appId)
  if (q.status !== undefined) query = query.where('status', '=', q.status)
  return query
}

async function pageOfCalls(
  db: Db,
  query: ReturnType<typeof callsQuery>,
  window: PageWindow,
): Promise<PageResult<CallView>> {
  const rows = await query
    .select([
      'id',
      'calledAt',
      'authMethod',
      'appId',
      'clientId',
      'consumerOrgId',
      'resourceId',
      'resourceCode',
      'providerOrgId',
      'grantId',
      'purpose',
      'fields',
      'filterFields',
      'rowsReturned',
      'status',
      'errorCode',
      'latencyMs',
    ])
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .orderBy('calledAt', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () =>
    n((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n),
  )
  const orgs = await orgSummaries(
    db,
    page.items.flatMap((c) => [c.consumerOrgId, c.providerOrgId]).filter((id): id is string => id !== null),
  )
  return {
    ...page,
    items: page.items.map((c) => ({
      ...c,
      calledAt: new Date(c.calledAt).toISOString(),
      consumerOrgName: c.consumerOrgId ? (orgs.get(c.consumerOrgId)?.name ?? null) : null,
      providerOrgName: c.providerOrgId ? (orgs.get(c.providerOrgId)?.name ?? null) : null,
      latencyMs: n(c.latencyMs),
    })),
  }
}

export async function listCalls(
  db: Db,
  actor: Actor,
  q: UsageQuery & { status?: number | undefined },
  window: PageWindow,
): Promise<PageResult<CallView>> {
  const reach = usageReach(actor)
  return pageOfCalls(db, callsQuery(db, reach, q.side ?? 'all', q), window)
}

export interface TraceQuery {
  readonly keyField?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
}

/**
 * 溯源: the calls (within the auditor's reach) that asked for or returned the record whose key value is given.
 * The value is hashed with the server key exactly as the call log stores it; it is never stored or logged.
 */
export async function traceCalls(
  db: Db,
  ctx: RequestContext,
  hash: string,
  q: TraceQuery,
  window: PageWindow,
): Promise<PageResult<CallView>> {
  const reach = traceReach(ctx.actor)
  const { from, to } = dayRange({ from: q.from ?? '2000-01-01', to: q.to })
  let query = callsQuery(db, reach, 'all', { from, to }).where(
    sql<boolean>`key_hashes @> array[${hash}]::text[]`,
  )
  if (q.keyField) {
    // A lookup on that field, or a listing whose returned rows carried the value as a key.
    query = query.where(
      sql<boolean>`(filter_fields @> array[${q.keyField}]::text[] or cardinality(filter_fields) = 0)`,
    )
  }
  const page = await pageOfCalls(db, query, window)
  await recordAuditNow(db, ctx, {
    action: 'gateway.trace',
    targetType: 'gateway_calls',
    details: {
      valueHash: hash,
      keyField: q.keyField ?? null,
      from,
      to,
      matches: page.total,
    },
  })
  return page
}
