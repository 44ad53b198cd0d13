/**
 * The daily mirror job: every open or conditionally open resource mounted to an external PostgreSQL database gets
 * a mirror, refreshed when its update frequency's period has passed since its copy was read (irregular and
 * unknown frequencies: daily; a mirror without a copy, or whose last refresh failed, is tried again every day).
 * Copies of resources that are no longer open, published or externally mounted are dropped: data the public may
 * no longer see should not linger on the portal.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import { addCalendarDays, shanghaiDate } from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { listResources, type UpdateFrequency } from '../../catalog/index.ts'
import { dropDatastoreTable } from '../../datastore/index.ts'
import type { MirrorRow } from '../tables.ts'
import { mirrorSource } from './mirror.ts'
import { allMirrors, deleteMirror, findMirror, queueRefresh, refreshInFlight } from './mirror-store.ts'

export const MIRROR_SCHEDULE = 'portal.mirrors.daily'
export const MIRROR_SCHEDULE_QUEUE = 'portal.mirrors.schedule'
/** 02:20 Beijing time, after the night's loads and before the working day. */
export const MIRROR_CRON = '20 2 * * *'

const PAGE = 200
const ANONYMOUS = { kind: 'anonymous' } as const

/** Days between refreshes per update frequency. */
export const PERIOD_DAYS: Record<UpdateFrequency, number> = {
  realtime: 1,
  daily: 1,
  weekly: 7,
  monthly: 30,
  quarterly: 91,
  half_yearly: 182,
  yearly: 365,
  irregular: 1,
}

export function mirrorDue(row: MirrorRow | undefined, frequency: UpdateFrequency, now: Date): boolean {
  if (!row) return true
  if (refreshInFlight(row, now.getTime())) return false
  if (!row.dataKey || !row.refreshedAt || row.status === 'failed' || row.status === 'too_large') return true
  const next = addCalendarDays(shanghaiDate(row.refreshedAt), PERIOD_DAYS[frequency] ?? 1)
  return next <= shanghaiDate(now)
}

/** Ids of every resource in the open catalog, page by page. */
async function* openIds(db: Db): AsyncGenerator<string[]> {
  for (let page = 1; ; page++) {
    const window = { page, pageSize: PAGE, limit: PAGE, offset: (page - 1) * PAGE }
    const found = await listResources(db, ANONYMOUS, { view: 'open' }, window)
    if (found.items.length) yield found.items.map((i) => i.id)
    if (found.items.length < PAGE) return
  }
}

/** Queues the refresh of every mirror that is due; returns the resources queued. */
async function queueDue(db: Db, config: Config, now: Date): Promise<string[]> {
  const queued: string[] = []
  for await (const ids of openIds(db)) {
    for (const id of ids) {
      const found = await mirrorSource(db, config, id)
      if (!found) continue
      if (!mirrorDue(await findMirror(db, id), found.resource.updateFrequency, now)) continue
      const { queued: q } = await db.transaction().execute((trx) => queueRefresh(trx, found.resource, null))
      if (q) queued.push(id)
    }
  }
  return queued
}

/** Drops the copies of resources that are no longer mirrored; returns their ids. */
async function dropStale(db: Db, config: Config, ctx: RequestContext): Promise<string[]> {
  const dropped: string[] = []
  let after: string | null = null
  for (;;) {
    const rows = await allMirrors(db, after, PAGE)
    for (const row of rows) {
      // A copy being written is left alone: its refresh would otherwise write into a dropped mirror.
      if (refreshInFlight(row) || (await mirrorSource(db, config, row.resourceId))) continue
      await db.transaction().execute(async (trx) => {
        for (const key of [row.dataKey, row.spareKey]) if (key) await dropDatastoreTable(trx, key)
        await deleteMirror(trx, row.resourceId)
        await recordAudit(trx, ctx, {
          action: 'portal.mirror_drop',
          targetType: 'resource',
          targetId: row.resourceId,
          orgId: row.orgId,
          regionCode: row.regionCode,
          details: { rows: row.rowCount },
        })
      })
      dropped.push(row.resourceId)
    }
    const last = rows.at(-1)
    if (rows.length < PAGE || !last) return dropped
    after = last.resourceId
  }
}

export async function scheduleMirrors(
  db: Db,
  config: Config,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ queued: string[]; dropped: string[] }> {
  const dropped = await dropStale(db, config, ctx)
  const queued = await queueDue(db, config, now)
  return { queued, dropped }
}
