/**
 * The gateway access log as governance's risk monitoring (监测预警) reads it: aggregates over time windows, never
 * the key values themselves (only their hashes are logged). Also the two incident actions on sharing's side —
 * revoke a grant, list an app's grants — and `replayCalls`, which appends call-log rows recorded elsewhere (a
 * cascaded hub's log, or a crafted pattern when rules are tested).
 */
import { sql } from 'kysely'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { changeGrant } from './requests/grants.ts'
import { t } from './store.ts'

/** Who made a set of calls: the app, its org, and the provider side when the calls named one resource. */
export interface CallSubject {
  readonly appId: string | null
  readonly clientId: string | null
  readonly consumerOrgId: string | null
  readonly consumerRegionCode: string | null
  readonly providerOrgId: string | null
  readonly providerRegionCode: string | null
  readonly resourceId: string | null
  readonly grantId: string | null
}

export interface CallAggregate extends CallSubject {
  /** Start of the time bucket (UTC), when the query buckets. */
  readonly bucket: Date
  readonly calls: number
  readonly rows: number
  readonly distinctKeys: number
  readonly errorCode: string | null
}

export interface AccessQuery {
  readonly from: Date
  readonly to: Date
  readonly bucketSeconds: number
  /** Group by grant and error code as well (calls refused for a revoked or expired grant). */
  readonly byGrant?: boolean
  readonly statuses?: readonly number[]
  readonly errorCodes?: readonly string[]
  /** Only calls between 22:00 and 06:00 Beijing time (14:00–22:00 UTC; China keeps no daylight saving). */
  readonly offHours?: boolean
}

/** Result columns as the query returns them (the handle camel-cases names). */
type Row = {
  bucket: number | string
  appId: string | null
  clientId: string | null
  consumerOrgId: string | null
  consumerRegionCode: string | null
  providerOrgId: string | null
  providerRegionCode: string | null
  resourceId: string | null
  grantId: string | null
  errorCode: string | null
  calls: number | string
  rows: number | string
  distinctKeys: number | string
}

/** Calls per caller (app, else client id) and time bucket, with rows returned and distinct keys asked/returned. */
export async function accessAggregates(db: Db, q: AccessQuery): Promise<CallAggregate[]> {
  const size = sql.lit(Math.max(1, Math.floor(q.bucketSeconds)))
  const grantCols = q.byGrant ? sql`, grant_id, error_code` : sql``
  const statuses = q.statuses?.length ? sql`and status in (${sql.join(q.statuses.map(Number))})` : sql``
  const codes = q.errorCodes?.length ? sql`and error_code in (${sql.join(q.errorCodes)})` : sql``
  const night = q.offHours
    ? sql`and extract(hour from called_at at time zone 'UTC') between 14 and 21`
    : sql``
  const result = await sql<Row>`
    with c as (
      select *, floor(extract(epoch from called_at) / ${size}) as b, coalesce(app_id::text, client_id, '') as caller
      from gateway_calls
      where called_at >= ${q.from} and called_at < ${q.to} ${statuses} ${codes} ${night}
    ), g as (
      select b, caller,
        (array_agg(app_id))[1] as app_id, (array_agg(client_id))[1] as client_id,
        (array_agg(consumer_org_id))[1] as consumer_org_id,
        (array_agg(consumer_region_code))[1] as consumer_region_code,
        case when count(distinct resource_id) = 1 then (array_agg(provider_org_id))[1] end as provider_org_id,
        case when count(distinct resource_id) = 1 then (array_agg(provider_region_code))[1] end
          as provider_region_code,
        case when count(distinct resource_id) = 1 then (array_agg(resource_id))[1] end as resource_id,
        ${q.byGrant ? sql`grant_id, error_code` : sql`null::uuid as grant_id, null::text as error_code`},
        count(*) as calls, coalesce(sum(rows_returned), 0) as rows
      from c group by b, caller ${grantCols}
    ), k as (
      select b, caller, count(distinct h) as distinct_keys from c, unnest(c.key_hashes) h group by b, caller
    )
    select g.b * ${size} as bucket, g.app_id, g.client_id, g.consumer_org_id, g.consumer_region_code,
      g.provider_org_id, g.provider_region_code, g.resource_id, g.grant_id, g.error_code, g.calls, g.rows,
      coalesce(k.distinct_keys, 0) as distinct_keys
    from g left join k on k.b = g.b and k.caller = g.caller
    order by 1`.execute(db)
  return result.rows.map((r) => ({
    ...r,
    bucket: new Date(Number(r.bucket) * 1000),
    calls: Number(r.calls),
    rows: Number(r.rows),
    distinctKeys: Number(r.distinctKeys),
  }))
}

/** Calls per app over a span, for each app's own baseline. */
export async function callCountsByApp(db: Db, from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await t(db)
    .selectFrom('gatewayCalls')
    .select(['appId', (eb) => eb.fn.countAll<string>().as('calls')])
    .where('calledAt', '>=', from)
    .where('calledAt', '<', to)
    .where('appId', 'is not', null)
    .groupBy('appId')
    .execute()
  return new Map(rows.flatMap((r) => (r.appId ? [[r.appId, Number(r.calls)] as const] : [])))
}

export interface ReplayedCall {
  readonly calledAt: Date
  readonly status: number
  readonly appId?: string | null
  readonly clientId?: string | null
  readonly consumerOrgId?: string | null
  readonly consumerRegionCode?: string | null
  readonly resourceId?: string | null
  readonly resourceCode?: string | null
  readonly providerOrgId?: string | null
  readonly providerRegionCode?: string | null
  readonly grantId?: string | null
  readonly errorCode?: string | null
  readonly rowsReturned?: number
  readonly keyHashes?: string[]
}

/** Appends call-log rows as they were recorded (time, caller, outcome); the day is the Beijing date. */
export async function replayCalls(db: Db, calls: readonly ReplayedCall[]): Promise<void> {
  const day = (d: Date) => shanghaiDate(d)
  for (let i = 0; i < calls.length; i += 500) {
    await t(db)
      .insertInto('gatewayCalls')
      .values(
        calls.slice(i, i + 500).map((c) => ({
          ...c,
          id: newId(),
          day: day(c.calledAt),
          authMethod: 'bearer' as const,
          fields: [],
          filterFields: [],
          keyHashes: c.keyHashes ?? [],
          latencyMs: 1,
        })),
      )
      .execute()
  }
}

export interface AppGrant {
  readonly id: string
  readonly resourceId: string
  readonly resourceCode: string
  readonly providerOrgId: string
  readonly status: string
  readonly validUntil: Date
}

/** The grants an app holds (any status), newest first. */
export async function grantsOfApp(db: Db, appId: string): Promise<AppGrant[]> {
  return t(db)
    .selectFrom('grants')
    .select(['id', 'resourceId', 'resourceCode', 'providerOrgId', 'status', 'validUntil'])
    .where('appId', '=', appId)
    .orderBy('createdAt', 'desc')
    .execute()
}

/** Revokes a grant with the grant service's own rules, audit and cache eviction. */
export async function revokeGrant(db: Db, ctx: RequestContext, grantId: string, reason: string) {
  return changeGrant(db, ctx, grantId, 'revoke', reason)
}
