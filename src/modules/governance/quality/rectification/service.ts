/**
 * The rectification state machine (反馈整改 / 校核纠错):
 *   open ─answer fixed→ rechecking ─(audit re-check passes | reporter confirms)→ closed(fixed)
 *                                  └(re-check fails | reporter reopens)→ open (fresh deadline)
 *   open ─answer explained→ closed(explained)
 *   open ─answer disputed→ disputed ─bureau upholds→ open (fresh deadline) | ─bureau dismisses→ closed(dismissed)
 * Overdue open tickets are escalated to the bureau by a job (escalation.ts). Every step is one transaction with
 * a history event and an audit event.
 */
import { recordAudit } from '../../../../platform/audit/index.ts'
import type { Config } from '../../../../platform/config.ts'
import type { RequestContext } from '../../../../platform/context.ts'
import type { Db, Trx } from '../../../../platform/db/index.ts'
import { newId } from '../../../../platform/ids.ts'
import { canRead, qualityFacts, resourceForSharing } from '../../../catalog/index.ts'
import { qualityError } from '../errors.ts'
import { actsFor, BUREAU_DECIDERS, bureauOver, canReport, canSeeTicket } from '../policy.ts'
import { runAudit } from '../runs.ts'
import { q } from '../store.ts'
import type { TicketResolution, TicketRow, TicketStatus } from '../tables.ts'
import { dueDate } from './audit-tickets.ts'
import { addEvent, findTicket, lockTicket } from './store.ts'

export interface ReportInput {
  readonly resourceId: string
  readonly recordKey?: string | undefined
  readonly fieldCode?: string | undefined
  readonly description: string
}

const invalid = (field: string, message: string, messageZh: string) =>
  qualityError('rectification.invalid', { fields: [{ field: `body.${field}`, message, messageZh }] })

/** A consumer reports an error on a resource or one record (纠错): a ticket to the provider org. */
export async function reportError(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: ReportInput,
  now = new Date(),
) {
  const actor = ctx.actor
  if (!canReport(actor)) throw qualityError('rectification.forbidden')
  const facts = (await qualityFacts(db, [input.resourceId])).get(input.resourceId)
  if (!facts || !canRead(actor, facts)) throw invalid('resourceId', 'no such resource', '数据资源不存在')
  if (facts.orgId === actor.orgId) throw qualityError('rectification.own_resource')
  if (input.fieldCode) {
    const shared = await resourceForSharing(db, input.resourceId)
    if (!shared?.fields.some((f) => f.code === input.fieldCode))
      throw invalid('fieldCode', 'unknown field', '资源没有该信息项')
  }
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await q(trx)
      .insertInto('rectificationTickets')
      .values({
        id,
        resourceId: facts.id,
        resourceName: facts.name,
        providerOrgId: facts.orgId,
        providerRegionCode: facts.regionCode,
        source: 'report',
        ruleId: null,
        runId: null,
        reporterOrgId: actor.orgId,
        reporterRegionCode: actor.regionCode,
        recordKey: input.recordKey?.trim() || null,
        fieldCode: input.fieldCode ?? null,
        description: input.description.trim(),
        status: 'open',
        resolution: null,
        dueDate: await dueDate(trx, config, now),
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await addEvent(trx, ctx, { ticketId: id, action: 'report', from: null, to: 'open' }, now)
    await recordAudit(trx, ctx, {
      action: 'rectification.report',
      targetType: 'rectification_ticket',
      targetId: id,
      orgId: facts.orgId,
      regionCode: facts.regionCode,
      details: { resourceId: facts.id, reporterOrgId: actor.orgId },
    })
  })
  return id
}

export type TicketAction =
  | { readonly action: 'answer'; readonly outcome: 'fixed' | 'explained' | 'disputed'; readonly note: string }
  | { readonly action: 'confirm'; readonly note?: string | undefined }
  | { readonly action: 'reopen'; readonly note: string }
  | { readonly action: 'arbitrate'; readonly decision: 'uphold' | 'dismiss'; readonly note: string }

/** The actions this actor may take on the ticket now (also shown by the UI). */
export function allowedActions(ctx: RequestContext, t: TicketRow): TicketAction['action'][] {
  const a = ctx.actor
  const out: TicketAction['action'][] = []
  if (t.status === 'open' && actsFor(a, t.providerOrgId)) out.push('answer')
  if (t.status === 'rechecking' && t.source === 'report' && t.reporterOrgId && actsFor(a, t.reporterOrgId))
    out.push('confirm', 'reopen')
  if (t.status === 'disputed' && bureauOver(a, t.providerRegionCode, BUREAU_DECIDERS)) out.push('arbitrate')
  return out
}

/** Whether the actor holds the side this action belongs to, whatever the ticket's state. */
function mayTake(ctx: RequestContext, t: TicketRow, action: TicketAction['action']): boolean {
  const a = ctx.actor
  if (action === 'answer') return actsFor(a, t.providerOrgId)
  if (action === 'arbitrate') return bureauOver(a, t.providerRegionCode, BUREAU_DECIDERS)
  return t.source === 'report' && t.reporterOrgId !== null && actsFor(a, t.reporterOrgId)
}

interface Step {
  readonly to: TicketStatus
  readonly resolution: TicketResolution | null
  readonly event: string
  readonly freshDeadline: boolean
}

function stepOf(t: TicketRow, act: TicketAction): Step {
  switch (act.action) {
    case 'answer':
      if (act.outcome === 'fixed')
        return { to: 'rechecking', resolution: null, event: 'answer_fixed', freshDeadline: false }
      if (act.outcome === 'explained')
        return { to: 'closed', resolution: 'explained', event: 'answer_explained', freshDeadline: false }
      return { to: 'disputed', resolution: null, event: 'answer_disputed', freshDeadline: false }
    case 'confirm':
      return { to: 'closed', resolution: 'fixed', event: 'confirm', freshDeadline: false }
    case 'reopen':
      return { to: 'open', resolution: null, event: 'reopen', freshDeadline: true }
    case 'arbitrate':
      return act.decision === 'uphold'
        ? { to: 'open', resolution: null, event: 'arbitrate_uphold', freshDeadline: true }
        : { to: 'closed', resolution: 'dismissed', event: 'arbitrate_dismiss', freshDeadline: false }
  }
  return { to: t.status, resolution: null, event: 'none', freshDeadline: false }
}

async function applyStep(
  trx: Trx,
  config: Config,
  ctx: RequestContext,
  t: TicketRow,
  act: TicketAction,
  now: Date,
) {
  const step = stepOf(t, act)
  const note = 'note' in act ? (act.note?.trim() ?? null) : null
  await q(trx)
    .updateTable('rectificationTickets')
    .set({
      status: step.to,
      resolution: step.resolution,
      updatedAt: now,
      ...(act.action === 'answer' ? { answer: note, answeredAt: now } : {}),
      ...(step.to === 'closed' ? { closedAt: now } : {}),
      ...(step.freshDeadline
        ? { dueDate: await dueDate(trx, config, now), reopenCount: t.reopenCount + 1, escalatedAt: null }
        : {}),
    })
    .where('id', '=', t.id)
    .execute()
  await addEvent(trx, ctx, { ticketId: t.id, action: step.event, from: t.status, to: step.to, note }, now)
  await recordAudit(trx, ctx, {
    action: `rectification.${step.event}`,
    targetType: 'rectification_ticket',
    targetId: t.id,
    orgId: t.providerOrgId,
    regionCode: t.providerRegionCode,
    details: { from: t.status, to: step.to },
  })
}

export async function actOnTicket(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  act: TicketAction,
  now = new Date(),
): Promise<void> {
  const recheck = await db.transaction().execute(async (trx) => {
    const t = await lockTicket(trx, id)
    if (!t || !canSeeTicket(ctx.actor, t)) throw qualityError('rectification.not_found')
    if (!mayTake(ctx, t, act.action)) throw qualityError('rectification.forbidden')
    if (!allowedActions(ctx, t).includes(act.action)) throw qualityError('rectification.invalid_state')
    await applyStep(trx, config, ctx, t, act, now)
    return act.action === 'answer' && act.outcome === 'fixed' && t.source === 'audit' ? t.resourceId : null
  })
  // The re-check reads the data after the answer is stored; if the source is down the ticket waits for the
  // nightly audit, which settles it the same way.
  if (recheck) await runAudit(db, config, ctx, recheck, 'recheck', now).catch(() => undefined)
}

export async function ticketOrThrow(db: Db, ctx: RequestContext, id: string): Promise<TicketRow> {
  const t = await findTicket(db, id)
  if (!t || !canSeeTicket(ctx.actor, t)) throw qualityError('rectification.not_found')
  return t
}
