/** SQL of share requests and their history, and the mapping of rows to the API shape. */
import type { WorkingCalendar } from '../../../platform/calendar/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db, JsonObject } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { orgSummaries } from '../../identity/index.ts'
import type { RowScope } from '../grants-table.ts'
import { t } from '../store.ts'
import { countdown } from './deadlines.ts'
import type { ShareRequest } from './schemas.ts'
import type { ShareRequestRow, ShareRequestStatus } from './tables.ts'

export async function findRequest(db: Db, id: string): Promise<ShareRequestRow | undefined> {
  return t(db).selectFrom('shareRequests').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lockRequest(db: Db, id: string): Promise<ShareRequestRow | undefined> {
  return t(db).selectFrom('shareRequests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function actorName(ctx: RequestContext): string | null {
  const a = ctx.actor
  if (a.kind === 'user') return a.displayName
  if (a.kind === 'app') return a.appName
  if (a.kind === 'system') return `系统（${a.name}）`
  return null
}

export interface HistoryInput {
  readonly requestId: string
  readonly action: string
  readonly from: ShareRequestStatus | null
  readonly to: ShareRequestStatus
  readonly reason?: string | null | undefined
  readonly details?: JsonObject
}

export async function addHistory(db: Db, ctx: RequestContext, input: HistoryInput, at: Date): Promise<void> {
  await t(db)
    .insertInto('shareRequestHistory')
    .values({
      id: newId(),
      requestId: input.requestId,
      at,
      action: input.action,
      fromStatus: input.from,
      toStatus: input.to,
      actorId:
        ctx.actor.kind === 'user' ? ctx.actor.userId : ctx.actor.kind === 'app' ? ctx.actor.appId : null,
      actorName: actorName(ctx),
      reason: input.reason ?? null,
      details: JSON.stringify(input.details ?? {}),
    })
    .execute()
}

export async function historyOf(db: Db, requestId: string) {
  const rows = await t(db)
    .selectFrom('shareRequestHistory')
    .select(['at', 'action', 'fromStatus', 'toStatus', 'actorName', 'reason', 'details'])
    .where('requestId', '=', requestId)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}

export function rowScopeOf(value: JsonObject | null): RowScope | null {
  if (!value || typeof value.field !== 'string' || typeof value.regionCode !== 'string') return null
  return { field: value.field, regionCode: value.regionCode }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** Rows → API shape, with org names and, for pending requests, the working-day countdown as of `today`. */
export async function toShareRequests(
  db: Db,
  rows: readonly ShareRequestRow[],
  cal: WorkingCalendar,
  today: string,
): Promise<ShareRequest[]> {
  const orgs = await orgSummaries(
    db,
    rows.flatMap((r) => [r.providerOrgId, r.consumerOrgId]),
  )
  return rows.map((r) => {
    const pending = r.status === 'pending'
    const clock = pending ? countdown(cal, r.replyDue, today) : { workingDaysLeft: null, overdue: false }
    return {
      id: r.id,
      status: r.status,
      shareType: r.shareType,
      resourceId: r.resourceId,
      resourceCode: r.resourceCode,
      resourceName: r.resourceName,
      providerOrgId: r.providerOrgId,
      providerOrgName: orgs.get(r.providerOrgId)?.name ?? '',
      providerRegionCode: r.providerRegionCode,
      consumerOrgId: r.consumerOrgId,
      consumerOrgName: orgs.get(r.consumerOrgId)?.name ?? '',
      consumerRegionCode: r.consumerRegionCode,
      appId: r.appId,
      appName: r.appName,
      fields: r.fields,
      purpose: r.purpose,
      scenario: r.scenario,
      legalBasis: r.legalBasis,
      deliveryMode: r.deliveryMode,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      rowScope: rowScopeOf(r.rowScope),
      createdOn: r.createdOn,
      replyDue: r.replyDue,
      workingDaysLeft: clock.workingDaysLeft,
      overdue: clock.overdue,
      escalatedAt: iso(r.escalatedAt),
      deliveryDue: r.deliveryDue,
      decidedAt: iso(r.decidedAt),
      decisionReason: r.decisionReason,
      decisionWorkingDays: r.decisionWorkingDays,
      decidedOnTime: r.decidedOnTime,
      approvedFields: r.approvedFields,
      approvedPeriodEnd: r.approvedPeriodEnd,
      quotaPerDay: r.quotaPerDay,
      ratePerSecond: r.ratePerSecond,
      disputeReason: r.disputeReason,
      disputedAt: iso(r.disputedAt),
      arbitrationDecision: r.arbitrationDecision,
      arbitrationReason: r.arbitrationReason,
      arbitratedAt: iso(r.arbitratedAt),
      withdrawnAt: iso(r.withdrawnAt),
      grantId: r.grantId,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }
  })
}
