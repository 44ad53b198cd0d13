/** Lists, details and per-org statistics of rectification tickets, scoped to what the actor may see. */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import {
  getWorkingCalendar,
  shanghaiDate,
  type WorkingCalendar,
} from '../../../../platform/calendar/index.ts'
import type { Actor, RequestContext } from '../../../../platform/context.ts'
import type { Db } from '../../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../../platform/http/index.ts'
import { regionPrefix } from '../../../../platform/validators/index.ts'
import { orgSummaries } from '../../../identity/index.ts'
import { BUREAU_READERS, readsFor, scopesOf } from '../policy.ts'
import { q } from '../store.ts'
import type { QualityTables, TicketRow, TicketSource, TicketStatus } from '../tables.ts'
import { allowedActions, ticketOrThrow } from './service.ts'
import { eventsOf } from './store.ts'

/** provider = to my org; reporter = my org's reports; bureau = the bureau's region (escalated: overdue only). */
export type TicketBox = 'provider' | 'reporter' | 'bureau' | 'escalated'

export interface TicketQuery {
  box?: TicketBox | undefined
  status?: TicketStatus | undefined
  source?: TicketSource | undefined
  overdue?: boolean | undefined
  resourceId?: string | undefined
  q?: string | undefined
  sort?: 'due' | 'created' | undefined
}

type Eb = ExpressionBuilder<QualityTables, 'rectificationTickets'>
const none = sql<SqlBool>`false`

function inScopes(eb: Eb, actor: Actor): Expression<SqlBool> {
  const scopes = scopesOf(actor, BUREAU_READERS)
  if (!scopes.length) return none
  return eb.or(scopes.map((s) => eb('providerRegionCode', 'like', `${regionPrefix(s)}%`)))
}

function boxCondition(eb: Eb, actor: Actor, box: TicketBox): Expression<SqlBool> {
  const orgId = actor.kind === 'user' ? actor.orgId : ''
  switch (box) {
    case 'provider':
      return readsFor(actor, orgId) ? eb('providerOrgId', '=', orgId) : none
    case 'reporter':
      return readsFor(actor, orgId) ? eb('reporterOrgId', '=', orgId) : none
    case 'bureau':
      return inScopes(eb, actor)
    case 'escalated':
      return eb.and([inScopes(eb, actor), eb('escalatedAt', 'is not', null), eb('status', '=', 'open')])
  }
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

function filters(eb: Eb, actor: Actor, query: TicketQuery, today: string): Expression<SqlBool> {
  const all = [boxCondition(eb, actor, query.box ?? 'provider')]
  if (query.status) all.push(eb('status', '=', query.status))
  if (query.source) all.push(eb('source', '=', query.source))
  const overdue = eb.and([eb('status', '=', 'open'), eb('dueDate', '<', today)])
  if (query.overdue === true) all.push(overdue)
  if (query.overdue === false) all.push(eb.not(overdue))
  if (query.resourceId) all.push(eb('resourceId', '=', query.resourceId))
  const text = query.q?.trim()
  if (text) {
    const like = `%${likeEscape(text)}%`
    all.push(eb.or([eb('resourceName', 'ilike', like), eb('description', 'ilike', like)]))
  }
  return eb.and(all)
}

export interface TicketView {
  id: string
  resourceId: string
  resourceName: string
  providerOrgId: string
  providerOrgName: string | null
  reporterOrgId: string | null
  reporterOrgName: string | null
  source: TicketSource
  ruleId: string | null
  runId: string | null
  recordKey: string | null
  fieldCode: string | null
  description: string
  status: TicketStatus
  resolution: string | null
  dueDate: string
  workingDaysLeft: number | null
  overdue: boolean
  escalatedAt: string | null
  reopenCount: number
  answer: string | null
  answeredAt: string | null
  createdAt: string
  closedAt: string | null
}

function daysLeft(cal: WorkingCalendar, due: string, today: string): number | null {
  try {
    return cal.countWorkingDays(today, due)
  } catch {
    return null
  }
}

async function toViews(db: Db, rows: readonly TicketRow[], now: Date): Promise<TicketView[]> {
  const cal = await getWorkingCalendar(db)
  const today = shanghaiDate(now)
  const orgs = await orgSummaries(
    db,
    rows.flatMap((r) => [r.providerOrgId, ...(r.reporterOrgId ? [r.reporterOrgId] : [])]),
  )
  const iso = (d: Date | null) => (d ? d.toISOString() : null)
  return rows.map((r) => ({
    id: r.id,
    resourceId: r.resourceId,
    resourceName: r.resourceName,
    providerOrgId: r.providerOrgId,
    providerOrgName: orgs.get(r.providerOrgId)?.name ?? null,
    reporterOrgId: r.reporterOrgId,
    reporterOrgName: r.reporterOrgId ? (orgs.get(r.reporterOrgId)?.name ?? null) : null,
    source: r.source,
    ruleId: r.ruleId,
    runId: r.runId,
    recordKey: r.recordKey,
    fieldCode: r.fieldCode,
    description: r.description,
    status: r.status,
    resolution: r.resolution,
    dueDate: r.dueDate,
    workingDaysLeft: r.status === 'open' ? daysLeft(cal, r.dueDate, today) : null,
    overdue: r.status === 'open' && today > r.dueDate,
    escalatedAt: iso(r.escalatedAt),
    reopenCount: r.reopenCount,
    answer: r.answer,
    answeredAt: iso(r.answeredAt),
    createdAt: r.createdAt.toISOString(),
    closedAt: iso(r.closedAt),
  }))
}

export async function listTickets(
  db: Db,
  actor: Actor,
  query: TicketQuery,
  window: PageWindow,
  now = new Date(),
): Promise<PageResult<TicketView>> {
  const today = shanghaiDate(now)
  let list = q(db)
    .selectFrom('rectificationTickets')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where((eb) => filters(eb, actor, query, today))
  list =
    query.sort === 'due'
      ? list.orderBy('dueDate').orderBy('createdAt', 'desc')
      : list.orderBy('createdAt', 'desc')
  const rows = await list.orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute()
  const page = await pageOf(rows, window, async () => {
    const c = await q(db)
      .selectFrom('rectificationTickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => filters(eb, actor, query, today))
      .executeTakeFirstOrThrow()
    return Number(c.n)
  })
  return { ...page, items: await toViews(db, page.items, now) }
}

export async function getTicket(db: Db, ctx: RequestContext, id: string, now = new Date()) {
  const row = await ticketOrThrow(db, ctx, id)
  const [view] = await toViews(db, [row], now)
  return { ...(view as TicketView), events: await eventsOf(db, id), actions: allowedActions(ctx, row) }
}

export interface OrgTicketStats {
  orgId: string
  orgName: string | null
  total: number
  open: number
  rechecking: number
  disputed: number
  closed: number
  overdue: number
  escalated: number
  fixed: number
  answeredOnTime: number
}

/** Per provider org: counts by state, overdue, escalated, fixed, answered on time. */
export async function ticketStats(db: Db, actor: Actor, now = new Date()): Promise<OrgTicketStats[]> {
  const today = shanghaiDate(now)
  const rows = await q(db)
    .selectFrom('rectificationTickets')
    .select((eb) => [
      'providerOrgId',
      eb.fn.countAll<string>().as('total'),
      sql<string>`count(*) filter (where status = 'open')`.as('open'),
      sql<string>`count(*) filter (where status = 'rechecking')`.as('rechecking'),
      sql<string>`count(*) filter (where status = 'disputed')`.as('disputed'),
      sql<string>`count(*) filter (where status = 'closed')`.as('closed'),
      sql<string>`count(*) filter (where status = 'open' and due_date < ${today})`.as('overdue'),
      sql<string>`count(*) filter (where escalated_at is not null)`.as('escalated'),
      sql<string>`count(*) filter (where resolution = 'fixed')`.as('fixed'),
      sql<string>`count(*) filter (where answered_at is not null and (answered_at + interval '8 hours')::date <= due_date)`.as(
        'answeredOnTime',
      ),
    ])
    .where((eb) =>
      eb.or([
        inScopes(eb, actor),
        readsFor(actor, actor.kind === 'user' ? actor.orgId : '')
          ? eb('providerOrgId', '=', actor.kind === 'user' ? actor.orgId : '')
          : none,
      ]),
    )
    .groupBy('providerOrgId')
    .execute()
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.providerOrgId),
  )
  return rows
    .map((r) => ({
      orgId: r.providerOrgId,
      orgName: orgs.get(r.providerOrgId)?.name ?? null,
      total: Number(r.total),
      open: Number(r.open),
      rechecking: Number(r.rechecking),
      disputed: Number(r.disputed),
      closed: Number(r.closed),
      overdue: Number(r.overdue),
      escalated: Number(r.escalated),
      fixed: Number(r.fixed),
      answeredOnTime: Number(r.answeredOnTime),
    }))
    .sort((a, b) => b.total - a.total)
}
