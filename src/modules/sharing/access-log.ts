/**
 * The gateway access log as governance's risk monitoring (监测预警) reads it: aggregates over time windows, never
 * the key values themselves (only their hashes are logged). Also the two incident actions on sharing's side —
 * revoke a grant, list an app's grants — and `replayCalls`, which appends call-log rows recorded elsewhere (a
 * cascaded hub's log, or a crafted pattern when rules are tested).
 */
import { sql } from 'kysely'
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

type Row = {
  bucket: number | string
  app_id: string | null
  client_id: string | null
  consumer_org_id: string | null
  consumer_region_code: string | null
  provider_org_id: string | null
  provider_region_code: string | null
  resource_id: string | null
  grant_id: string | null
  error_code: string | null
  calls: number | string
  rows: number | string
  distinct_keys: number | string
}

/** Calls per caller (app, else client id) and time bucket, with rows returned and distinct keys asked/returned. */
export async function accessAggregates(db: Db, q: AccessQuery): Promise<CallAggregate[]> {
  const size = Math.max(1, Math.floor(q.bucketSeconds))
  const bucket = sql`floor(extract(epoch from c.called_at) / ${sql.lit(size)})`
  const caller = sql`coalesce(c.app_id::text, c.client_id, '')`
  const grantCols = q.byGrant ? sql`, c.grant_id, c.error_code` : sql``
  const statuses = q.statuses?.length ? sql`and c.status in (${sql.join(q.statuses.map(Number))})` : sql``
  const codes = q.errorCodes?.length ? sql`and c.error_code in (${sql.join(q.errorCodes)})` : sql``
  const night = q.offHours
    ? sql`and extract(hour from c.called_at at time zone 'UTC') between 14 and 21`
    : sql``
  const result = await sql<Row>`
    select ${bucket} * ${sql.lit(size)} as bucket,
      (array_agg(c.app_id))[1] as app_id, (array_agg(c.client_id))[1] as client_id,
      (array_agg(c.consumer_org_id))[1] as consumer_org_id,
      (array_agg(c.consumer_region_code))[1] as consumer_region_code,
      case when count(distinct c.resource_id) = 1 then (array_agg(c.provider_org_id))[1] end as provider_org_id,
      case when count(distinct c.resource_id) = 1 then (array_agg(c.provider_region_code))[1] end
        as provider_region_code,
      case when count(distinct c.resource_id) = 1 then (array_agg(c.resource_id))[1] end as resource_id,
      ${q.byGrant ? sql`c.grant_id, c.error_code` : sql`null::uuid as grant_id, null::text as error_code`},
      count(*) as calls, coalesce(sum(c.rows_returned), 0) as rows,
      (select count(distinct h) from gateway_calls k, unnest(k.key_hashes) h
        where k.called_at >= ${q.from} and k.called_at < ${q.to}
          and coalesce(k.app_id::text, k.client_id, '') = ${caller}
          and floor(extract(epoch from k.called_at) / ${sql.lit(size)}) = ${bucket}) as distinct_keys
    from gateway_calls c
    where c.called_at >= ${q.from} and c.called_at < ${q.to} ${statuses} ${codes} ${night}
    group by ${bucket}, ${caller} ${grantCols}
    order by 1`.execute(db)
  return result.rows.map((r) => ({
    bucket: new Date(Number(r.bucket) * 1000),
    appId: r.app_id,
    clientId: r.client_id,
    consumerOrgId: r.consumer_org_id,
    consumerRegionCode: r.consumer_region_code,
    providerOrgId: r.provider_org_id,
    providerRegionCode: r.provider_region_code,
    resourceId: r.resource_id,
    grantId: r.grant_id,
    errorCode: r.error_code,
    calls: Number(r.calls),
    rows: Number(r.rows),
    distinctKeys: Number(r.distinct_keys),
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
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
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
