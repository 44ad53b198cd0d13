/**
 * Usage of open resources (浏览、下载、接口调用) per Beijing-time day: one upsert per event, read back as totals
 * per resource and as the portal home's "most used" list.
 */
import { sql } from 'kysely'
import { addCalendarDays as addDays, shanghaiDate } from '../../../platform/calendar/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import { t } from '../tables.ts'

export type UsageKind = 'views' | 'downloads' | 'apiCalls'

export async function countUsage(
  db: Db,
  resourceId: string,
  kind: UsageKind,
  now = new Date(),
): Promise<void> {
  const day = shanghaiDate(now)
  const one = (k: UsageKind) => (k === kind ? 1 : 0)
  await t(db)
    .insertInto('portalResourceStats')
    .values({ resourceId, day, views: one('views'), downloads: one('downloads'), apiCalls: one('apiCalls') })
    .onConflict((oc) =>
      oc.columns(['resourceId', 'day']).doUpdateSet({
        views: sql`portal_resource_stats.views + excluded.views`,
        downloads: sql`portal_resource_stats.downloads + excluded.downloads`,
        apiCalls: sql`portal_resource_stats.api_calls + excluded.api_calls`,
      }),
    )
    .execute()
}

export interface Usage {
  readonly views: number
  readonly downloads: number
  readonly apiCalls: number
}

export async function usageOf(db: Db, resourceId: string): Promise<Usage> {
  const row = await t(db)
    .selectFrom('portalResourceStats')
    .select([
      sql<number>`coalesce(sum(views), 0)`.as('views'),
      sql<number>`coalesce(sum(downloads), 0)`.as('downloads'),
      sql<number>`coalesce(sum(api_calls), 0)`.as('apiCalls'),
    ])
    .where('resourceId', '=', resourceId)
    .executeTakeFirstOrThrow()
  return { views: Number(row.views), downloads: Number(row.downloads), apiCalls: Number(row.apiCalls) }
}

/** Resources ranked by downloads and API calls (views count a tenth) over the last `days` days. */
export async function mostUsed(
  db: Db,
  days: number,
  limit: number,
  now = new Date(),
): Promise<{ resourceId: string; usage: Usage }[]> {
  const since = addDays(shanghaiDate(now), -days)
  const rows = await t(db)
    .selectFrom('portalResourceStats')
    .select([
      'resourceId',
      sql<number>`sum(views)`.as('views'),
      sql<number>`sum(downloads)`.as('downloads'),
      sql<number>`sum(api_calls)`.as('apiCalls'),
    ])
    .where('day', '>', since)
    .groupBy('resourceId')
    .orderBy(sql`sum(downloads) + sum(api_calls) + sum(views) / 10.0`, 'desc')
    .orderBy('resourceId')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    resourceId: r.resourceId,
    usage: { views: Number(r.views), downloads: Number(r.downloads), apiCalls: Number(r.apiCalls) },
  }))
}
