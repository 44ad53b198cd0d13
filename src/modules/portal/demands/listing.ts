/** Reading data demands: the public list with replies, public statistics, and the console inbox. */
import { sql } from 'kysely'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import {
  actsFor,
  BUREAU_DECIDERS,
  BUREAU_READERS,
  bureauOver,
  readsFor,
  scopesOf,
} from '../requests/policy.ts'
import { type DataDemandRow, type DemandStatus, t } from '../tables.ts'

export interface DemandView {
  id: string
  title: string
  description: string
  category: string | null
  orgId: string
  orgName: string
  regionCode: string
  askerName: string
  status: DemandStatus
  createdOn: string
  replyDue: string
  overdue: boolean
  reply: string | null
  repliedOn: string | null
  repliedOnTime: boolean | null
}

/** What anyone may see of a demand: never the contact or address hashes, nor who replied. */
function publicView(r: DataDemandRow, today: string): DemandView {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    orgId: r.orgId,
    orgName: r.orgName,
    regionCode: r.regionCode,
    askerName: r.askerName,
    status: r.status,
    createdOn: r.createdOn,
    replyDue: r.replyDue,
    overdue: r.status === 'pending' && today > r.replyDue,
    reply: r.reply,
    repliedOn: r.repliedOn,
    repliedOnTime: r.repliedOnTime,
  }
}

export interface DemandQuery {
  status?: DemandStatus | undefined
  overdue?: boolean | undefined
  orgId?: string | undefined
  q?: string | undefined
}

function filtered(db: Db, query: DemandQuery) {
  let q = t(db).selectFrom('portalDataDemands')
  if (query.status) q = q.where('status', '=', query.status)
  if (query.orgId) q = q.where('orgId', '=', query.orgId)
  if (query.overdue) q = q.where('status', '=', 'pending').where('replyDue', '<', shanghaiDate(new Date()))
  if (query.q?.trim()) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('title', 'like', like), eb('description', 'like', like)]))
  }
  return q
}

async function page(q: ReturnType<typeof filtered>, window: PageWindow) {
  const rows = await q
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const counted = await pageOf(rows, window, async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  )
  const today = shanghaiDate(new Date())
  return { ...counted, items: counted.items.map((r) => publicView(r, today)) }
}

export async function listPublicDemands(db: Db, query: DemandQuery, window: PageWindow) {
  return page(filtered(db, query), window)
}

/** The console inbox: demands addressed to the actor's org, and those in the bureau's region subtrees. */
export async function listDemandInbox(
  db: Db,
  actor: Actor,
  query: DemandQuery,
  window: PageWindow,
): Promise<PageResult<DemandView & { canReply: boolean }>> {
  const empty = { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  if (actor.kind !== 'user') return empty
  const scopes = scopesOf(actor, BUREAU_READERS)
  const ownOrg = readsFor(actor, actor.orgId)
  if (!ownOrg && scopes.length === 0) return empty
  const q = filtered(db, query).where((eb) =>
    eb.or([
      ...(ownOrg ? [eb('orgId', '=', actor.orgId)] : []),
      ...scopes.map((s) => eb('regionCode', 'like', `${regionPrefix(s)}%`)),
    ]),
  )
  const result = await page(q, window)
  return {
    ...result,
    items: result.items.map((d) => ({
      ...d,
      canReply:
        d.status === 'pending' &&
        (actsFor(actor, d.orgId) || bureauOver(actor, d.regionCode, BUREAU_DECIDERS)),
    })),
  }
}

export interface DemandStats {
  total: number
  replied: number
  pending: number
  overdue: number
  repliedOnTime: number
  /** Share of replied demands answered by the deadline, 0..1 (null before the first reply). */
  onTimeRate: number | null
  byOrg: { orgId: string; orgName: string; total: number; replied: number; overdue: number }[]
}

export async function demandStats(db: Db): Promise<DemandStats> {
  const today = shanghaiDate(new Date())
  const rows = await t(db)
    .selectFrom('portalDataDemands')
    .select([
      'orgId',
      'orgName',
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) filter (where status = 'replied')`.as('replied'),
      sql<number>`count(*) filter (where status = 'pending' and reply_due < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where replied_on_time)`.as('onTime'),
    ])
    .groupBy(['orgId', 'orgName'])
    .execute()
  const sum = (k: 'total' | 'replied' | 'overdue' | 'onTime') => rows.reduce((n, r) => n + Number(r[k]), 0)
  const replied = sum('replied')
  return {
    total: sum('total'),
    replied,
    pending: sum('total') - replied,
    overdue: sum('overdue'),
    repliedOnTime: sum('onTime'),
    onTimeRate: replied ? sum('onTime') / replied : null,
    byOrg: rows
      .map((r) => ({
        orgId: r.orgId,
        orgName: r.orgName,
        total: Number(r.total),
        replied: Number(r.replied),
        overdue: Number(r.overdue),
      }))
      .sort((a, b) => b.total - a.total || a.orgName.localeCompare(b.orgName))
      .slice(0, 20),
  }
}

export async function getPublicDemand(db: Db, id: string): Promise<DemandView | undefined> {
  const row = await t(db).selectFrom('portalDataDemands').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? publicView(row, shanghaiDate(new Date())) : undefined
}
