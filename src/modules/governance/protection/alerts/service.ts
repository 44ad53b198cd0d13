/**
 * The alert inbox and incident actions (应急处置). Acting on an alert may suspend the app (identity) or revoke a
 * grant (sharing) — each audited by its owner module — and is itself audited here and announced to the admins
 * of both parties' orgs. Acknowledge, resolve and dismiss only change the alert.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../../../platform/context.ts'
import type { Db, Json } from '../../../../platform/db/index.ts'
import type { PageResult, PageWindow } from '../../../../platform/http/index.ts'
import { newId } from '../../../../platform/ids.ts'
import { regionPrefix } from '../../../../platform/validators/index.ts'
import { suspendApp } from '../../../identity/index.ts'
import { type AppGrant, grantsOfApp, revokeGrant } from '../../../sharing/index.ts'
import { protectionError } from '../errors.ts'
import { ALERT_READERS, bureauScopes, canActOnAlert, canReadAlert } from '../policy.ts'
import type { AlertRule, AlertSeverity, AlertStatus, RiskAlertRow } from '../tables.ts'
import { p } from '../tables.ts'

export const ALERT_ACTIONS = ['acknowledge', 'resolve', 'dismiss', 'suspend_app', 'revoke_grant'] as const
export type AlertAction = (typeof ALERT_ACTIONS)[number]

export interface AlertQuery {
  readonly status?: AlertStatus | undefined
  readonly severity?: AlertSeverity | undefined
  readonly rule?: AlertRule | undefined
}

export type AlertView = Omit<RiskAlertRow, 'details'> & {
  details: Record<string, string | number | null>
  canAct: boolean
}

function detailsOf(json: Json): Record<string, string | number | null> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {}
  const out: Record<string, string | number | null> = {}
  for (const [k, v] of Object.entries(json))
    out[k] = typeof v === 'string' || typeof v === 'number' ? v : null
  return out
}

const view = (actor: Actor, a: RiskAlertRow): AlertView => ({
  ...a,
  details: detailsOf(a.details),
  canAct: canActOnAlert(actor, a),
})

export async function listAlerts(
  db: Db,
  actor: Actor,
  query: AlertQuery,
  window: PageWindow,
): Promise<PageResult<AlertView>> {
  const empty = { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  if (actor.kind !== 'user') return empty
  const scopes = bureauScopes(actor, ALERT_READERS)
  const prefixes = scopes.map((s) => `${regionPrefix(s)}%`)
  const province = scopes.some((s) => s.endsWith('0000'))
  const orgAdmin = actor.roles.includes('org_admin')
  if (prefixes.length === 0 && !orgAdmin) return empty
  const rows = await p(db)
    .selectFrom('riskAlerts')
    .selectAll()
    .select(sql<string>`count(*) over ()`.as('fullCount'))
    .where((eb) =>
      eb.or([
        ...prefixes.flatMap((x) => [
          eb('consumerRegionCode', 'like', x),
          eb('providerRegionCode', 'like', x),
        ]),
        ...(orgAdmin ? [eb('consumerOrgId', '=', actor.orgId), eb('providerOrgId', '=', actor.orgId)] : []),
        ...(province
          ? [eb.and([eb('consumerRegionCode', 'is', null), eb('providerRegionCode', 'is', null)])]
          : []),
      ]),
    )
    .$if(query.status !== undefined, (q) => q.where('status', '=', query.status as AlertStatus))
    .$if(query.severity !== undefined, (q) => q.where('severity', '=', query.severity as AlertSeverity))
    .$if(query.rule !== undefined, (q) => q.where('rule', '=', query.rule as AlertRule))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  return {
    items: rows.map(({ fullCount: _c, ...a }) => view(actor, a)),
    total: rows[0] ? Number(rows[0].fullCount) : 0,
    page: window.page,
    pageSize: window.pageSize,
  }
}

async function alertOrThrow(db: Db, actor: Actor, id: string): Promise<RiskAlertRow> {
  const a = await p(db).selectFrom('riskAlerts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!a || !canReadAlert(actor, a)) throw protectionError('alert.not_found')
  return a
}

export async function getAlert(
  db: Db,
  actor: Actor,
  id: string,
): Promise<AlertView & { grants: AppGrant[] }> {
  const a = await alertOrThrow(db, actor, id)
  const grants = a.appId && canActOnAlert(actor, a) ? await grantsOfApp(db, a.appId) : []
  return { ...view(actor, a), grants }
}

const STATUS_AFTER: Record<AlertAction, AlertStatus> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  dismiss: 'dismissed',
  suspend_app: 'resolved',
  revoke_grant: 'resolved',
}

/** Performs the incident action itself (through the owning module); returns what was acted on. */
async function perform(
  db: Db,
  ctx: RequestContext,
  a: RiskAlertRow,
  action: AlertAction,
  grantId?: string,
): Promise<Record<string, string>> {
  const reason = `安全预警处置：${a.summary}`
  if (action === 'suspend_app') {
    if (!a.appId) throw protectionError('alert.action_unavailable')
    await suspendApp(db, ctx, a.appId)
    return { appId: a.appId }
  }
  if (action === 'revoke_grant') {
    const target = grantId ?? a.grantId
    if (!target || !a.appId) throw protectionError('alert.action_unavailable')
    const held = await grantsOfApp(db, a.appId)
    if (!held.some((g) => g.id === target)) throw protectionError('alert.action_unavailable')
    await revokeGrant(db, ctx, target, reason)
    return { grantId: target }
  }
  return {}
}

export async function actOnAlert(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { action: AlertAction; grantId?: string | undefined; note?: string | undefined },
): Promise<AlertView> {
  const a = await alertOrThrow(db, ctx.actor, id)
  if (!canActOnAlert(ctx.actor, a)) throw protectionError('alert.forbidden')
  if (a.status === 'resolved' || a.status === 'dismissed') throw protectionError('alert.closed')
  const target = await perform(db, ctx, a, input.action, input.grantId)
  const user = ctx.actor.kind === 'user' ? ctx.actor : null
  const note = input.note?.trim() || null
  await db.transaction().execute(async (trx) => {
    await p(trx)
      .updateTable('riskAlerts')
      .set({
        status: STATUS_AFTER[input.action],
        actions: sql<string[]>`array_append(actions, ${input.action})`,
        handledBy: user?.userId ?? null,
        handledAt: new Date(),
        note,
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: `governance.alert_${input.action}`,
      targetType: 'risk_alert',
      targetId: id,
      orgId: a.consumerOrgId,
      regionCode: a.consumerRegionCode,
      details: { rule: a.rule, ...target, ...(note ? { note } : {}) },
    })
    if (input.action === 'suspend_app' || input.action === 'revoke_grant') {
      const orgs = [...new Set([a.consumerOrgId, a.providerOrgId].filter((o): o is string => o !== null))]
      const what = input.action === 'suspend_app' ? '已停用相关应用' : '已撤销相关共享授权'
      for (const orgId of orgs) {
        await p(trx)
          .insertInto('governanceNotifications')
          .values({ id: newId(), orgId, alertId: id, title: `应急处置：${what}`, body: a.summary })
          .execute()
      }
    }
  })
  return view(ctx.actor, await alertOrThrow(db, ctx.actor, id))
}
