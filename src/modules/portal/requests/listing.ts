/** Reading open requests: the applicant's own list, the console inboxes, and one request with its history. */

import { getWorkingCalendar, shanghaiDate, type WorkingCalendar } from '../../../platform/calendar/index.ts'
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import type { Developer } from '../developers/accounts.ts'
import { portalError } from '../errors.ts'
import { type OpenRequestRow, type OpenRequestStatus, t } from '../tables.ts'
import { BUREAU_READERS, canDecide, canSee, readsFor, scopesOf } from './policy.ts'

export interface OpenRequestView {
  id: string
  resourceCode: string
  resourceName: string
  providerOrgId: string
  providerOrgName: string
  developerName: string
  purpose: string
  scenario: string
  delivery: string
  status: OpenRequestStatus
  createdOn: string
  replyDue: string
  workingDaysLeft: number | null
  overdue: boolean
  escalated: boolean
  decidedAt: string | null
  decidedOnTime: boolean | null
  decisionReason: string | null
  agreementTerms: string | null
  agreementUntil: string | null
  agreementAcceptedAt: string | null
  sandboxScopeId: string | null
  outcomeReport: string | null
  outcomeReportedAt: string | null
  createdAt: string
}

function countdown(cal: WorkingCalendar, row: OpenRequestRow, today: string) {
  if (row.status !== 'pending') return { workingDaysLeft: null, overdue: false }
  const overdue = today > row.replyDue
  try {
    return { workingDaysLeft: cal.countWorkingDays(today, row.replyDue), overdue }
  } catch {
    return { workingDaysLeft: null, overdue }
  }
}

async function views(db: Db, rows: readonly OpenRequestRow[]): Promise<OpenRequestView[]> {
  const cal = await getWorkingCalendar(db)
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.providerOrgId),
  )
  const today = shanghaiDate(new Date())
  return rows.map((r) => ({
    id: r.id,
    resourceCode: r.resourceCode,
    resourceName: r.resourceName,
    providerOrgId: r.providerOrgId,
    providerOrgName: orgs.get(r.providerOrgId)?.name ?? '',
    developerName: r.developerName,
    purpose: r.purpose,
    scenario: r.scenario,
    delivery: r.delivery,
    status: r.status,
    createdOn: r.createdOn,
    replyDue: r.replyDue,
    ...countdown(cal, r, today),
    escalated: r.escalatedAt !== null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedOnTime: r.decidedOnTime,
    decisionReason: r.decisionReason,
    agreementTerms: r.agreementTerms,
    agreementUntil: r.agreementUntil,
    agreementAcceptedAt: r.agreementAcceptedAt?.toISOString() ?? null,
    sandboxScopeId: r.sandboxScopeId,
    outcomeReport: r.outcomeReport,
    outcomeReportedAt: r.outcomeReportedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }))
}

export interface ConsoleQuery {
  status?: OpenRequestStatus | undefined
  overdue?: boolean | undefined
  escalated?: boolean | undefined
  q?: string | undefined
  sort?: 'created' | 'due' | undefined
}

/** The console inbox: the actor's org as provider, plus every provider in the bureau's region subtrees. */
export async function listForConsole(
  db: Db,
  actor: Actor,
  query: ConsoleQuery,
  window: PageWindow,
): Promise<PageResult<OpenRequestView & { actions: string[] }>> {
  if (actor.kind !== 'user') return { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  // The same rule as canSee, as SQL: the own org for its readers, region subtrees for the bureau.
  const scopes = scopesOf(actor, BUREAU_READERS)
  const ownOrg = readsFor(actor, actor.orgId)
  if (!ownOrg && scopes.length === 0)
    return { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  let q = t(db)
    .selectFrom('portalOpenRequests')
    .where((eb) =>
      eb.or([
        ...(ownOrg ? [eb('providerOrgId', '=', actor.orgId)] : []),
        ...scopes.map((s) => eb('providerRegionCode', 'like', `${regionPrefix(s)}%`)),
      ]),
    )
  if (query.status) q = q.where('status', '=', query.status)
  if (query.escalated !== undefined) q = q.where('escalatedAt', query.escalated ? 'is not' : 'is', null)
  if (query.overdue) q = q.where('status', '=', 'pending').where('replyDue', '<', shanghaiDate(new Date()))
  if (query.q?.trim()) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('resourceName', 'like', like), eb('developerName', 'like', like)]))
  }
  const rows = await q
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .orderBy(query.sort === 'due' ? 'replyDue' : 'createdAt', query.sort === 'due' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () =>
    Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  )
  const items = await views(db, page.items)
  return {
    ...page,
    items: items.map((v, i) => ({ ...v, actions: actionsFor(actor, page.items[i]) })),
  }
}

export function actionsFor(actor: Actor, row: OpenRequestRow | undefined): string[] {
  if (row?.status !== 'pending' || !canDecide(actor, row)) return []
  return ['approve', 'reject']
}

export async function listForDeveloper(
  db: Db,
  developer: Developer,
  window: PageWindow,
): Promise<PageResult<OpenRequestView>> {
  const rows = await t(db)
    .selectFrom('portalOpenRequests')
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .where('developerId', '=', developer.id)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () =>
    Number(
      (
        await t(db)
          .selectFrom('portalOpenRequests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('developerId', '=', developer.id)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  )
  return { ...page, items: await views(db, page.items) }
}

async function historyOf(db: Db, id: string) {
  const rows = await t(db)
    .selectFrom('portalOpenRequestHistory')
    .select(['action', 'fromStatus', 'toStatus', 'actorName', 'reason', 'at'])
    .where('requestId', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}

async function findRow(db: Db, id: string): Promise<OpenRequestRow | undefined> {
  return t(db).selectFrom('portalOpenRequests').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function getForConsole(db: Db, actor: Actor, id: string) {
  const row = await findRow(db, id)
  if (!row || !canSee(actor, row)) throw portalError('open_request.not_found')
  const [view] = await views(db, [row])
  if (!view) throw portalError('open_request.not_found')
  return { ...view, actions: actionsFor(actor, row), history: await historyOf(db, id) }
}

export async function getForDeveloper(db: Db, developer: Developer, id: string) {
  const row = await findRow(db, id)
  if (!row || row.developerId !== developer.id) throw portalError('open_request.not_found')
  const [view] = await views(db, [row])
  if (!view) throw portalError('open_request.not_found')
  return { ...view, history: await historyOf(db, id) }
}
