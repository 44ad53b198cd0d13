/** Lists and details of share requests, scoped to what the actor may see. */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import { getWorkingCalendar } from '../../../platform/calendar/index.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import { resourceForSharing } from '../../catalog/index.ts'
import { hasRole } from '../../identity/index.ts'
import { t } from '../store.ts'
import type { SharingTables } from '../tables.ts'
import { shanghaiDate } from './deadlines.ts'
import { availableActions } from './decide.ts'
import { requestError } from './errors.ts'
import { BUREAU_DECIDERS, BUREAU_READERS, canSeeParties, ORG_READERS, scopesOf } from './policy.ts'
import type { ShareRequest, ShareRequestDetail } from './schemas.ts'
import { findRequest, historyOf, toShareRequests } from './store.ts'
import type { ShareRequestStatus } from './tables.ts'

/** mine = my org's requests; inbox = requests to my org; arbitration = disputes and escalations for the bureau; region = everything in the bureau's region. */
export type RequestBox = 'mine' | 'inbox' | 'arbitration' | 'region'

export interface RequestQuery {
  box?: RequestBox | undefined
  status?: ShareRequestStatus | undefined
  overdue?: boolean | undefined
  escalated?: boolean | undefined
  resourceId?: string | undefined
  q?: string | undefined
  sort?: 'created' | 'due' | 'updated' | undefined
}

type Eb = ExpressionBuilder<SharingTables, 'shareRequests'>

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`)

function orgReader(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return ORG_READERS.some((role) => hasRole(actor, role))
}

function inRegions(eb: Eb, column: 'providerRegionCode' | 'consumerRegionCode', scopes: string[]) {
  return eb.or(scopes.map((s) => eb(column, 'like', `${regionPrefix(s)}%`)))
}

function boxCondition(eb: Eb, actor: Actor, box: RequestBox): Expression<SqlBool> {
  const none = sql<SqlBool>`false`
  switch (box) {
    case 'mine':
      return orgReader(actor) ? eb('consumerOrgId', '=', actor.orgId) : none
    case 'inbox':
      return orgReader(actor) ? eb('providerOrgId', '=', actor.orgId) : none
    case 'arbitration': {
      const scopes = scopesOf(actor, BUREAU_DECIDERS)
      if (!scopes.length) return none
      return eb.and([
        inRegions(eb, 'providerRegionCode', scopes),
        eb.or([
          eb('status', '=', 'disputed'),
          eb.and([eb('status', '=', 'pending'), eb('escalatedAt', 'is not', null)]),
        ]),
      ])
    }
    case 'region': {
      const scopes = scopesOf(actor, BUREAU_READERS)
      if (!scopes.length) return none
      return eb.or([inRegions(eb, 'providerRegionCode', scopes), inRegions(eb, 'consumerRegionCode', scopes)])
    }
  }
}

function filters(eb: Eb, actor: Actor, query: RequestQuery, today: string): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [boxCondition(eb, actor, query.box ?? 'mine')]
  if (query.status) all.push(eb('status', '=', query.status))
  const overdue = eb.and([eb('status', '=', 'pending'), eb('replyDue', '<', today)])
  if (query.overdue === true) all.push(overdue)
  if (query.overdue === false) all.push(eb.not(overdue))
  if (query.escalated !== undefined) all.push(eb('escalatedAt', query.escalated ? 'is not' : 'is', null))
  if (query.resourceId) all.push(eb('resourceId', '=', query.resourceId))
  const q = query.q?.trim()
  if (q) {
    const like = `%${likeEscape(q)}%`
    all.push(
      eb.or([
        eb('resourceName', 'ilike', like),
        eb('resourceCode', 'ilike', like),
        eb('purpose', 'ilike', like),
        eb('scenario', 'ilike', like),
        eb('appName', 'ilike', like),
      ]),
    )
  }
  return eb.and(all)
}

export async function listRequests(
  db: Db,
  actor: Actor,
  query: RequestQuery,
  window: PageWindow,
  now = new Date(),
): Promise<PageResult<ShareRequest>> {
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  let q = t(db)
    .selectFrom('shareRequests')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where((eb) => filters(eb, actor, query, today))
  switch (query.sort ?? 'created') {
    case 'due':
      q = q.orderBy(sql`reply_due asc nulls last`).orderBy('createdAt', 'desc')
      break
    case 'updated':
      q = q.orderBy('updatedAt', 'desc')
      break
    case 'created':
      q = q.orderBy('createdAt', 'desc')
  }
  const rows = await q.orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute()
  const page = await pageOf(rows, window, async () => {
    const c = await t(db)
      .selectFrom('shareRequests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => filters(eb, actor, query, today))
      .executeTakeFirstOrThrow()
    return Number(c.n)
  })
  return { ...page, items: await toShareRequests(db, page.items, cal, today) }
}

export async function getRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
  now = new Date(),
): Promise<ShareRequestDetail> {
  const row = await findRequest(db, id)
  if (!row || !canSeeParties(ctx.actor, row)) throw requestError('share_request.not_found')
  const cal = await getWorkingCalendar(db)
  const [item] = await toShareRequests(db, [row], cal, shanghaiDate(now))
  if (!item) throw requestError('share_request.not_found')
  const resource = await resourceForSharing(db, row.resourceId)
  return {
    ...item,
    history: await historyOf(db, id),
    resourceFields: (resource?.fields ?? []).map((f) => ({ code: f.code, name: f.name })),
    actions: availableActions(ctx.actor, row),
  }
}
