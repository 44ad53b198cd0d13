/**
 * Grants (共享授权) seen and managed: consumers see their org's, providers the grants on their resources, the
 * bureau those of its region. Providers and the bureau suspend, resume and revoke; revocation is final. Every
 * status change bumps updated_at, which the gateway's caches poll, so it applies on every replica within
 * seconds. Expiry needs no change: a grant past valid_until shows as expired.
 */

import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { regionPrefix } from '../../../platform/validators/index.ts'
import { hasRole, orgSummaries } from '../../identity/index.ts'
import { evictGrantCaches } from '../gateway/gateway.ts'
import type { GrantRow } from '../grants-table.ts'
import { t } from '../store.ts'
import type { SharingTables } from '../tables.ts'
import { requestError } from './errors.ts'
import { BUREAU_READERS, canManageGrant, canSeeParties, ORG_READERS, scopesOf } from './policy.ts'
import type { Grant } from './schemas.ts'
import { rowScopeOf } from './store.ts'

export type GrantView = Grant['status']
export type GrantSide = 'consumer' | 'provider' | 'region'
export type GrantAction = 'suspend' | 'resume' | 'revoke'

export interface GrantQuery {
  side?: GrantSide | undefined
  status?: GrantView | undefined
  resourceId?: string | undefined
  appId?: string | undefined
  requestId?: string | undefined
  q?: string | undefined
}

type Eb = ExpressionBuilder<SharingTables & { r: SharingTables['shareRequests'] }, 'grants' | 'r'>

export function viewStatus(g: Pick<GrantRow, 'status' | 'validUntil'>, now: Date): GrantView {
  if (g.status === 'revoked') return 'revoked'
  if (g.validUntil.getTime() <= now.getTime()) return 'expired'
  return g.status
}

export function grantActions(actor: Actor, g: GrantRow, now: Date): GrantAction[] {
  if (!canManageGrant(actor, g)) return []
  const view = viewStatus(g, now)
  if (view === 'active') return ['suspend', 'revoke']
  if (view === 'suspended') return ['resume', 'revoke']
  if (view === 'expired') return ['revoke']
  return []
}

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`)

function visible(eb: Eb, actor: Actor, side: GrantSide | undefined): Expression<SqlBool> {
  const reader = ORG_READERS.some((role) => hasRole(actor, role)) && actor.kind === 'user'
  const own = reader ? actor.orgId : null
  const scopes = scopesOf(actor, BUREAU_READERS)
  const inScope = (col: 'grants.providerRegionCode' | 'grants.consumerRegionCode') =>
    scopes.map((s) => eb(col, 'like', `${regionPrefix(s)}%`))
  const consumer = own ? [eb('grants.consumerOrgId', '=', own)] : []
  const provider = own ? [eb('grants.providerOrgId', '=', own)] : []
  const region = [...inScope('grants.providerRegionCode'), ...inScope('grants.consumerRegionCode')]
  const parts =
    side === 'consumer'
      ? consumer
      : side === 'provider'
        ? provider
        : side === 'region'
          ? region
          : [...consumer, ...provider, ...region]
  return parts.length ? eb.or(parts) : sql<SqlBool>`false`
}

function conditions(eb: Eb, actor: Actor, query: GrantQuery, now: Date): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [visible(eb, actor, query.side)]
  const expired = eb.and([eb('grants.status', '!=', 'revoked'), eb('grants.validUntil', '<=', now)])
  if (query.status === 'expired') all.push(expired)
  else if (query.status === 'revoked') all.push(eb('grants.status', '=', 'revoked'))
  else if (query.status)
    all.push(eb.and([eb('grants.status', '=', query.status), eb('grants.validUntil', '>', now)]))
  if (query.resourceId) all.push(eb('grants.resourceId', '=', query.resourceId))
  if (query.appId) all.push(eb('grants.appId', '=', query.appId))
  if (query.requestId) all.push(eb('grants.requestId', '=', query.requestId))
  const q = query.q?.trim()
  if (q) {
    const like = `%${likeEscape(q)}%`
    all.push(
      eb.or([
        eb('grants.resourceCode', 'ilike', like),
        eb('grants.purpose', 'ilike', like),
        eb('r.resourceName', 'ilike', like),
        eb('r.appName', 'ilike', like),
      ]),
    )
  }
  return eb.and(all)
}

function base(db: Db) {
  return t(db)
    .selectFrom('grants')
    .leftJoin('shareRequests as r', 'r.id', 'grants.requestId')
    .selectAll('grants')
    .select(['r.resourceName', 'r.appName'])
}

type JoinedRow = GrantRow & { resourceName: string | null; appName: string | null }

async function toGrants(db: Db, actor: Actor, rows: readonly JoinedRow[], now: Date): Promise<Grant[]> {
  const orgs = await orgSummaries(
    db,
    rows.flatMap((g) => [g.providerOrgId, g.consumerOrgId]),
  )
  return rows.map((g) => ({
    id: g.id,
    requestId: g.requestId,
    appId: g.appId,
    appName: g.appName ?? '',
    consumerOrgId: g.consumerOrgId,
    consumerOrgName: orgs.get(g.consumerOrgId)?.name ?? '',
    consumerRegionCode: g.consumerRegionCode,
    resourceId: g.resourceId,
    resourceCode: g.resourceCode,
    resourceName: g.resourceName ?? g.resourceCode,
    providerOrgId: g.providerOrgId,
    providerOrgName: orgs.get(g.providerOrgId)?.name ?? '',
    providerRegionCode: g.providerRegionCode,
    fields: g.fields,
    purpose: g.purpose,
    scenario: g.scenario,
    deliveryMode: g.deliveryMode,
    validFrom: g.validFrom.toISOString(),
    validUntil: g.validUntil.toISOString(),
    rowScope: rowScopeOf(g.rowScope),
    quotaPerDay: g.quotaPerDay,
    ratePerSecond: g.ratePerSecond,
    status: viewStatus(g, now),
    statusReason: g.statusReason,
    statusChangedAt: g.statusChangedAt?.toISOString() ?? null,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
    actions: grantActions(actor, g, now),
  }))
}

export async function listGrants(
  db: Db,
  actor: Actor,
  query: GrantQuery,
  window: PageWindow,
  now = new Date(),
): Promise<PageResult<Grant>> {
  const rows = await base(db)
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where((eb) => conditions(eb, actor, query, now))
    .orderBy('grants.createdAt', 'desc')
    .orderBy('grants.id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () => {
    const c = await t(db)
      .selectFrom('grants')
      .leftJoin('shareRequests as r', 'r.id', 'grants.requestId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => conditions(eb, actor, query, now))
      .executeTakeFirstOrThrow()
    return Number(c.n)
  })
  return { ...page, items: await toGrants(db, actor, page.items, now) }
}

export async function getGrant(db: Db, ctx: RequestContext, id: string, now = new Date()): Promise<Grant> {
  const row = await base(db).where('grants.id', '=', id).executeTakeFirst()
  if (!row || !canSeeParties(ctx.actor, row)) throw requestError('share_grant.not_found')
  const [grant] = await toGrants(db, ctx.actor, [row], now)
  if (!grant) throw requestError('share_grant.not_found')
  return grant
}

const TO = { suspend: 'suspended', resume: 'active', revoke: 'revoked' } as const

export async function changeGrant(
  db: Db,
  ctx: RequestContext,
  id: string,
  action: GrantAction,
  reason: string | null,
  now = new Date(),
): Promise<Grant> {
  const why = reason?.trim() ?? ''
  if (action !== 'resume' && why.length < 2)
    throw requestError('share_grant.invalid', {
      fields: [{ field: 'body.reason', message: 'is required', messageZh: '请填写理由' }],
    })
  const changed = await db.transaction().execute(async (trx) => {
    const g = await t(trx)
      .selectFrom('grants')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!g || !canSeeParties(ctx.actor, g)) throw requestError('share_grant.not_found')
    if (!canManageGrant(ctx.actor, g)) throw requestError('share_grant.forbidden')
    if (g.status === 'revoked') throw requestError('share_grant.revoked')
    if (!grantActions(ctx.actor, g, now).includes(action))
      throw requestError('share_grant.transition_invalid', {
        detail: {
          zh: `授权当前状态（${viewStatus(g, now)}）不能执行此操作`,
          en: `Cannot ${action} a grant that is ${viewStatus(g, now)}`,
        },
        extra: { status: viewStatus(g, now) },
      })
    await t(trx)
      .updateTable('grants')
      .set({
        status: TO[action],
        statusReason: why || null,
        statusChangedAt: now,
        statusChangedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        // The gateway's caches poll this column (see the module header).
        updatedAt: sql<Date>`greatest(now(), ${now})`,
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: `sharing.grant_${action}`,
      targetType: 'grant',
      targetId: id,
      orgId: g.providerOrgId,
      regionCode: g.providerRegionCode,
      details: {
        from: g.status,
        to: TO[action],
        appId: g.appId,
        resourceId: g.resourceId,
        ...(why ? { reason: why } : {}),
      },
    })
    return g
  })
  // This replica's gateways apply the change at once; the others within AUTH_CACHE_SECONDS.
  evictGrantCaches({ appId: changed.appId, resourceId: changed.resourceId })
  return getGrant(db, ctx, id, now)
}
