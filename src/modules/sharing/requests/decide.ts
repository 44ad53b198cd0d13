/**
 * The state machine of a share request after it was made:
 *
 *   pending ──approve──▶ approved (grant issued)        pending ──withdraw──▶ withdrawn
 *   pending ──reject───▶ rejected ──dispute──▶ disputed ──arbitrate(approve)──▶ approved (grant issued)
 *                                                      └─arbitrate(reject)───▶ rejected (final)
 *   pending, escalated (overdue) ──arbitrate──▶ approved | rejected   (the bureau decides for a silent provider)
 *
 * Each step locks the row, checks visibility (404), the actor's side (403) and the state (409), then writes
 * the change, a history entry and an audit event in one transaction.
 */
import type { Updateable } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import { getWorkingCalendar, type WorkingCalendar } from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import type { FieldIssue } from '../../../platform/errors.ts'
import { t } from '../store.ts'
import { shanghaiDate, workingDaysBetween } from './deadlines.ts'
import { requestError } from './errors.ts'
import { issueGrant } from './grant-issue.ts'
import { actsFor, canArbitrate, canSeeParties } from './policy.ts'
import type { ApproveBody, ArbitrateBody, RequestAction } from './schemas.ts'
import { addHistory, lockRequest } from './store.ts'
import type { ShareRequestRow, ShareRequestStatus, ShareRequestsTable } from './tables.ts'

export type Step =
  | { readonly action: 'approve'; readonly body: ApproveBody }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'withdraw' }
  | { readonly action: 'dispute'; readonly reason: string }
  | { readonly action: 'arbitrate'; readonly body: ArbitrateBody }

export const STATUS_ZH: Record<ShareRequestStatus, string> = {
  pending: '待审核',
  approved: '已同意',
  rejected: '不同意',
  withdrawn: '已撤回',
  disputed: '申诉中',
}
const ACTION_ZH: Record<RequestAction, string> = {
  approve: '同意',
  reject: '不同意',
  withdraw: '撤回',
  dispute: '申诉',
  arbitrate: '裁决',
}

/** States each step starts from. */
const FROM: Record<RequestAction, readonly ShareRequestStatus[]> = {
  approve: ['pending'],
  reject: ['pending'],
  withdraw: ['pending'],
  dispute: ['rejected'],
  arbitrate: ['disputed', 'pending'],
}

function mayDo(actor: Actor, row: ShareRequestRow, action: RequestAction): boolean {
  switch (action) {
    case 'approve':
    case 'reject':
      return actsFor(actor, row.providerOrgId)
    case 'withdraw':
    case 'dispute':
      return actsFor(actor, row.consumerOrgId)
    case 'arbitrate':
      return canArbitrate(actor, row)
  }
}

/** Whether the step applies in the row's state (beyond FROM): arbitration of a pending request needs escalation. */
function stateAllows(row: ShareRequestRow, action: RequestAction): boolean {
  if (!FROM[action].includes(row.status)) return false
  if (action === 'arbitrate' && row.status === 'pending') return row.escalatedAt !== null
  return true
}

/** The steps this actor may take on the request now (for the console's buttons). */
export function availableActions(actor: Actor, row: ShareRequestRow): RequestAction[] {
  const all: RequestAction[] = ['approve', 'reject', 'withdraw', 'dispute', 'arbitrate']
  return all.filter(
    (a) =>
      mayDo(actor, row, a) && stateAllows(row, a) && !(a === 'dispute' && row.arbitrationDecision !== null),
  )
}

function transitionInvalid(row: ShareRequestRow, action: RequestAction) {
  const pendingNotEscalated = action === 'arbitrate' && row.status === 'pending'
  return requestError('share_request.transition_invalid', {
    detail: pendingNotEscalated
      ? {
          zh: '待审核的申请仅在超期升级后才能由数据局裁决',
          en: 'A pending request can be arbitrated only after it was escalated as overdue',
        }
      : {
          zh: `当前状态（${STATUS_ZH[row.status]}）不能${ACTION_ZH[action]}`,
          en: `Cannot ${action} a request that is ${row.status}`,
        },
    extra: { status: row.status },
  })
}

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

/** What the provider grants: a subset of the requested fields, a period no longer than requested. */
function approvedTerms(row: ShareRequestRow, body: ApproveBody, today: string) {
  const fields = body.fields ?? row.fields
  const periodEnd = body.periodEnd ?? row.periodEnd
  const issues: FieldIssue[] = []
  const extra = fields.filter((f) => !row.fields.includes(f))
  if (extra.length)
    issues.push(issue('fields', 'not requested', `只能同意申请中的信息项，不含：${extra.join('、')}`))
  if (new Set(fields).size !== fields.length) issues.push(issue('fields', 'duplicate fields', '信息项重复'))
  if (periodEnd > row.periodEnd)
    issues.push(issue('periodEnd', 'longer than requested', '同意的期限不能长于申请的期限'))
  if (periodEnd < row.periodStart || periodEnd < today)
    issues.push(issue('periodEnd', 'ends too early', '结束日期不能早于开始日期或今天'))
  if (issues.length) throw requestError('share_request.invalid', { fields: issues })
  return {
    fields,
    periodEnd,
    quotaPerDay: body.quotaPerDay ?? null,
    ratePerSecond: body.ratePerSecond ?? null,
  }
}

type Change = Updateable<ShareRequestsTable> & { status: ShareRequestStatus }

async function approveWith(
  trx: Trx,
  ctx: RequestContext,
  row: ShareRequestRow,
  terms: ReturnType<typeof approvedTerms>,
  cal: WorkingCalendar,
  config: Config,
  now: Date,
): Promise<Change> {
  if (row.periodEnd < shanghaiDate(now)) throw requestError('share_request.period_passed')
  const grantId = await issueGrant(trx, ctx, row, terms, now)
  return {
    status: 'approved',
    grantId,
    approvedFields: [...terms.fields],
    approvedPeriodEnd: terms.periodEnd,
    quotaPerDay: terms.quotaPerDay,
    ratePerSecond: terms.ratePerSecond,
    deliveryDue: cal.addWorkingDays(shanghaiDate(now), config.shareDeliveryWorkingDays),
  }
}

/** The provider's (or, for a silent provider, the bureau's) decision: when it came and whether it was on time. */
function decisionFacts(row: ShareRequestRow, ctx: RequestContext, cal: WorkingCalendar, now: Date) {
  const today = shanghaiDate(now)
  return {
    decidedAt: now,
    decidedOn: today,
    decidedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    decisionWorkingDays: workingDaysBetween(cal, row.createdOn, today),
    decidedOnTime: row.replyDue ? today <= row.replyDue : true,
  }
}

async function changeFor(
  trx: Trx,
  ctx: RequestContext,
  row: ShareRequestRow,
  step: Step,
  cal: WorkingCalendar,
  config: Config,
  now: Date,
): Promise<Change> {
  const today = shanghaiDate(now)
  switch (step.action) {
    case 'approve': {
      const terms = approvedTerms(row, step.body, today)
      const approved = await approveWith(trx, ctx, row, terms, cal, config, now)
      return {
        ...approved,
        ...decisionFacts(row, ctx, cal, now),
        decisionReason: step.body.note?.trim() || null,
      }
    }
    case 'reject':
      return { status: 'rejected', ...decisionFacts(row, ctx, cal, now), decisionReason: step.reason }
    case 'withdraw':
      return { status: 'withdrawn', withdrawnAt: now }
    case 'dispute':
      if (row.arbitrationDecision !== null) throw requestError('share_request.already_arbitrated')
      return { status: 'disputed', disputeReason: step.reason, disputedAt: now }
    case 'arbitrate': {
      const arbitration = {
        arbitrationDecision: step.body.decision,
        arbitrationReason: step.body.reason,
        arbitratedAt: now,
        arbitratedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      }
      // A silent provider's request decided by the bureau: that is the (late) decision.
      const decision = row.status === 'pending' ? decisionFacts(row, ctx, cal, now) : {}
      if (step.body.decision === 'reject') return { status: 'rejected', ...arbitration, ...decision }
      const terms = { fields: row.fields, periodEnd: row.periodEnd, quotaPerDay: null, ratePerSecond: null }
      const approved = await approveWith(trx, ctx, row, terms, cal, config, now)
      return { ...approved, ...arbitration, ...decision }
    }
  }
}

function reasonOf(step: Step): string | null {
  if (step.action === 'reject' || step.action === 'dispute') return step.reason
  if (step.action === 'arbitrate') return step.body.reason
  if (step.action === 'approve') return step.body.note?.trim() || null
  return null
}

export async function actOnRequest(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  step: Step,
  now = new Date(),
): Promise<void> {
  const reason = reasonOf(step)
  if (
    (step.action === 'reject' || step.action === 'dispute' || step.action === 'arbitrate') &&
    !reason?.trim()
  )
    throw requestError('share_request.invalid', {
      fields: [issue('reason', 'is required', '请填写理由')],
    })
  const cal = await getWorkingCalendar(db)
  await db.transaction().execute(async (trx) => {
    const row = await lockRequest(trx, id)
    if (!row || !canSeeParties(ctx.actor, row)) throw requestError('share_request.not_found')
    if (!mayDo(ctx.actor, row, step.action)) throw requestError('share_request.forbidden')
    if (!stateAllows(row, step.action)) throw transitionInvalid(row, step.action)
    const change = await changeFor(trx, ctx, row, step, cal, config, now)
    await t(trx)
      .updateTable('shareRequests')
      .set({ ...change, updatedAt: now })
      .where('id', '=', id)
      .execute()
    const details = {
      ...(change.grantId ? { grantId: change.grantId } : {}),
      ...(change.approvedFields ? { fields: change.approvedFields } : {}),
      ...(change.approvedPeriodEnd ? { periodEnd: change.approvedPeriodEnd } : {}),
      ...(step.action === 'arbitrate' ? { decision: step.body.decision } : {}),
    }
    await addHistory(
      trx,
      ctx,
      {
        requestId: id,
        action: step.action,
        from: row.status,
        to: change.status,
        reason: reason?.trim(),
        details,
      },
      now,
    )
    const consumerSide = step.action === 'withdraw' || step.action === 'dispute'
    await recordAudit(trx, ctx, {
      action: `sharing.request_${step.action}`,
      targetType: 'share_request',
      targetId: id,
      orgId: consumerSide ? row.consumerOrgId : row.providerOrgId,
      regionCode: consumerSide ? row.consumerRegionCode : row.providerRegionCode,
      details: {
        from: row.status,
        to: change.status,
        ...details,
        ...(reason ? { reason: reason.trim() } : {}),
      },
    })
  })
}
