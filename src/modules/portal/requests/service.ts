/**
 * Open requests (开放申请) for conditionally open data, as a state machine on working-day deadlines:
 *
 *   pending ──approve (agreement offered)──▶ approved ──accept──▶ active ──report outcome──▶ completed
 *   pending ──reject──▶ rejected          pending, approved ──withdraw──▶ withdrawn
 *   pending past its reply deadline ──(job)──▶ escalated: the bureau over the provider may decide too
 *
 * The applicant (a portal developer) applies, withdraws, accepts the agreement and reports outcomes; the provider
 * org (or the bureau once escalated) approves or rejects. Accepting opens the delivery: a sandbox scope over the
 * resource (可用不可见) or a restricted download until the agreement ends. Each step locks the row, checks the
 * state, writes the change, a history entry and an audit event in one transaction.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import {
  addCalendarDays as addDays,
  getWorkingCalendar,
  isCalendarDate,
  shanghaiDate,
} from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import type { FieldIssue } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import type { OpenResourceDetail } from '../../catalog/index.ts'
import { createSandboxScope } from '../../sandbox/index.ts'
import type { Developer } from '../developers/accounts.ts'
import { portalError } from '../errors.ts'
import { requireOpen } from '../open-data/resources.ts'
import { type OpenDelivery, type OpenRequestRow, type OpenRequestStatus, t } from '../tables.ts'
import { canDecide, canSee } from './policy.ts'

/** Longest agreement a provider may offer; renewals are new requests. */
export const MAX_AGREEMENT_DAYS = 366

export const STATUS_ZH: Record<OpenRequestStatus, string> = {
  pending: '待审核',
  approved: '待签署协议',
  rejected: '不同意',
  withdrawn: '已撤回',
  active: '协议生效',
  completed: '已反馈成果',
}

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

function isOpenConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown }
  return (
    e?.code === '23505' &&
    (e.constraint === 'portal_open_requests_open' ||
      String(e.message ?? '').includes('portal_open_requests_open'))
  )
}

export interface OpenRequestInput {
  readonly resourceCode: string
  readonly purpose: string
  readonly scenario: string
  readonly delivery: OpenDelivery
}

/** A new pending request, names copied from the catalog as they are now. */
function newRow(
  id: string,
  developer: Developer,
  resource: OpenResourceDetail,
  input: OpenRequestInput,
  at: { createdOn: string; replyDue: string; now: Date },
): OpenRequestRow {
  return {
    id,
    developerId: developer.id,
    developerName: developer.displayName,
    resourceId: resource.id,
    resourceCode: resource.code,
    resourceName: resource.name,
    providerOrgId: resource.orgId,
    providerRegionCode: resource.regionCode,
    purpose: input.purpose.trim(),
    scenario: input.scenario.trim(),
    delivery: input.delivery,
    status: 'pending',
    createdOn: at.createdOn,
    replyDue: at.replyDue,
    escalatedAt: null,
    decidedAt: null,
    decidedOn: null,
    decidedBy: null,
    decidedByBureau: false,
    decidedOnTime: null,
    decisionReason: null,
    agreementTerms: null,
    agreementUntil: null,
    agreementAcceptedAt: null,
    sandboxScopeId: null,
    outcomeReport: null,
    outcomeReportedAt: null,
    createdAt: at.now,
    updatedAt: at.now,
  }
}

export async function createOpenRequest(
  db: Db,
  config: Config,
  ctx: RequestContext,
  developer: Developer,
  input: OpenRequestInput,
  now = new Date(),
): Promise<string> {
  const issues: FieldIssue[] = []
  if (input.purpose.trim().length < 4)
    issues.push(issue('purpose', 'too short', '请具体说明用途（至少 4 个字）'))
  if (input.scenario.trim().length < 4)
    issues.push(issue('scenario', 'too short', '请具体说明应用场景（至少 4 个字）'))
  if (issues.length) throw portalError('portal.invalid', { fields: issues })
  const resource = await requireOpen(db, input.resourceCode)
  if (resource.openType !== 'conditional') throw portalError('open_request.not_conditional')
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  const id = newId()
  const row = newRow(id, developer, resource, input, {
    createdOn: today,
    replyDue: cal.addWorkingDays(today, config.openApplicationReplyWorkingDays),
    now,
  })
  try {
    await db.transaction().execute(async (trx) => {
      await t(trx).insertInto('portalOpenRequests').values(row).execute()
      await addHistory(
        trx,
        { requestId: id, action: 'create', from: null, to: 'pending', actorName: developer.displayName },
        now,
      )
      await recordAudit(trx, ctx, {
        action: 'open_request.create',
        targetType: 'open_request',
        targetId: id,
        orgId: resource.orgId,
        regionCode: resource.regionCode,
        purpose: input.purpose.trim(),
        details: { developerId: developer.id, resourceId: resource.id, delivery: input.delivery },
      })
    })
  } catch (err) {
    if (isOpenConflict(err)) throw portalError('open_request.duplicate')
    throw err
  }
  return id
}

export async function addHistory(
  trx: Trx,
  entry: {
    requestId: string
    action: string
    from: string | null
    to: string
    actorName: string
    reason?: string | null
  },
  now: Date,
): Promise<void> {
  await t(trx)
    .insertInto('portalOpenRequestHistory')
    .values({
      id: newId(),
      requestId: entry.requestId,
      action: entry.action,
      fromStatus: entry.from,
      toStatus: entry.to,
      actorName: entry.actorName,
      reason: entry.reason ?? null,
      at: now,
    })
    .execute()
}

async function lock(trx: Trx, id: string): Promise<OpenRequestRow | undefined> {
  return t(trx)
    .selectFrom('portalOpenRequests')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

function transitionInvalid(row: OpenRequestRow, action: string) {
  return portalError('open_request.transition_invalid', {
    detail: {
      zh: `当前状态（${STATUS_ZH[row.status]}）不能${action}`,
      en: `Not allowed while the request is ${row.status}`,
    },
    extra: { status: row.status },
  })
}

type Change = Partial<Omit<OpenRequestRow, 'id'>> & { status: OpenRequestStatus }

/** Locks the row, runs `step` (which checks and returns the change), writes it, its history and its audit event. */
async function applyStep(
  db: Db,
  ctx: RequestContext,
  id: string,
  actorName: string,
  action: string,
  step: (row: OpenRequestRow, trx: Trx) => Promise<Change & { reason?: string | null }>,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lock(trx, id)
    if (!row) throw portalError('open_request.not_found')
    const { reason, ...change } = await step(row, trx)
    await t(trx)
      .updateTable('portalOpenRequests')
      .set({ ...change, updatedAt: now })
      .where('id', '=', id)
      .execute()
    await addHistory(
      trx,
      { requestId: id, action, from: row.status, to: change.status, actorName, reason },
      now,
    )
    await recordAudit(trx, ctx, {
      action: `open_request.${action}`,
      targetType: 'open_request',
      targetId: id,
      orgId: row.providerOrgId,
      regionCode: row.providerRegionCode,
      details: { from: row.status, to: change.status, developerId: row.developerId },
    })
  })
}

export interface ApproveInput {
  readonly agreementTerms: string
  readonly agreementUntil: string
  readonly delivery?: OpenDelivery | undefined
}

/** The agreement offered: terms, and an end date from today up to a year ahead. */
function agreementIssues(a: ApproveInput, today: string): void {
  const issues: FieldIssue[] = []
  if (a.agreementTerms.trim().length < 4)
    issues.push(issue('agreementTerms', 'is required', '请填写开放协议条款'))
  if (!isCalendarDate(a.agreementUntil) || a.agreementUntil < today)
    issues.push(issue('agreementUntil', 'not a future date', '协议截止日期须为今天或以后的日期'))
  else if (a.agreementUntil > addDays(today, MAX_AGREEMENT_DAYS))
    issues.push(issue('agreementUntil', 'too long', '协议期限最长一年'))
  if (issues.length) throw portalError('portal.invalid', { fields: issues })
}

/** The provider (or the bureau, once escalated) approves and offers an agreement, or rejects with a reason. */
export async function decideOpenRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
  decision: { approve: ApproveInput } | { reject: string },
  now = new Date(),
): Promise<void> {
  const actor = ctx.actor
  if (actor.kind !== 'user') throw portalError('open_request.forbidden')
  const today = shanghaiDate(now)
  const action = 'approve' in decision ? 'approve' : 'reject'
  await applyStep(
    db,
    ctx,
    id,
    actor.displayName,
    action,
    async (row) => {
      if (!canSee(actor, row) && !canDecide(actor, row)) throw portalError('open_request.not_found')
      if (!canDecide(actor, row)) throw portalError('open_request.forbidden')
      if (row.status !== 'pending') throw transitionInvalid(row, action === 'approve' ? '同意' : '不同意')
      const decided = {
        decidedAt: now,
        decidedOn: today,
        decidedBy: actor.userId,
        decidedByBureau: actor.orgId !== row.providerOrgId,
        decidedOnTime: today <= row.replyDue,
      }
      if ('reject' in decision) {
        if (decision.reject.trim().length < 2)
          throw portalError('portal.invalid', {
            fields: [issue('reason', 'is required', '请说明不同意的理由')],
          })
        return {
          status: 'rejected',
          ...decided,
          decisionReason: decision.reject.trim(),
          reason: decision.reject.trim(),
        }
      }
      const a = decision.approve
      agreementIssues(a, today)
      return {
        status: 'approved',
        ...decided,
        agreementTerms: a.agreementTerms.trim(),
        agreementUntil: a.agreementUntil,
        delivery: a.delivery ?? row.delivery,
      }
    },
    now,
  )
}

function ownRow(row: OpenRequestRow, developer: Developer): void {
  // Another developer's request is indistinguishable from a missing one.
  if (row.developerId !== developer.id) throw portalError('open_request.not_found')
}

export type ApplicantStep = { withdraw: true } | { accept: true } | { outcome: string }

/** The applicant's steps: withdraw (pending or approved), accept the agreement, report outcomes. */
export async function applicantStep(
  db: Db,
  config: Config,
  ctx: RequestContext,
  developer: Developer,
  id: string,
  step: ApplicantStep,
  now = new Date(),
): Promise<void> {
  const today = shanghaiDate(now)
  const action = 'withdraw' in step ? 'withdraw' : 'accept' in step ? 'accept' : 'report'
  await applyStep(
    db,
    ctx,
    id,
    developer.displayName,
    action,
    async (row, trx) => {
      ownRow(row, developer)
      if ('withdraw' in step) {
        if (row.status !== 'pending' && row.status !== 'approved') throw transitionInvalid(row, '撤回')
        return { status: 'withdrawn' }
      }
      if ('accept' in step) {
        if (row.status !== 'approved') throw transitionInvalid(row, '签署协议')
        if (!row.agreementUntil || row.agreementUntil < today)
          throw portalError('open_request.agreement_expired')
        const scopeId =
          row.delivery === 'sandbox'
            ? (
                await createSandboxScope(trx, {
                  kind: 'open_application',
                  refId: row.id,
                  resourceIds: [row.resourceId],
                  epsilonBudget: config.sandboxEpsilonBudget,
                  expiresAt: new Date(Date.parse(`${addDays(row.agreementUntil, 1)}T00:00:00+08:00`)),
                  label: `开放申请：${row.resourceName}（${row.developerName}）`,
                })
              ).id
            : null
        return { status: 'active', agreementAcceptedAt: now, sandboxScopeId: scopeId }
      }
      if (row.status !== 'active') throw transitionInvalid(row, '反馈成果')
      const text = step.outcome.trim()
      if (text.length < 4)
        throw portalError('portal.invalid', {
          fields: [issue('outcome', 'too short', '请填写成果说明（至少 4 个字）')],
        })
      return { status: 'completed', outcomeReport: text, outcomeReportedAt: now, reason: text.slice(0, 200) }
    },
    now,
  )
}

/** The developer's active request with a delivery of this kind, inside its agreement period; refusals otherwise. */
export async function deliverableRequest(
  db: Db,
  developer: Developer,
  id: string,
  delivery: OpenDelivery,
  now = new Date(),
): Promise<OpenRequestRow> {
  const row = await t(db).selectFrom('portalOpenRequests').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.developerId !== developer.id) throw portalError('open_request.not_found')
  if (row.status !== 'active') throw transitionInvalid(row, '获取数据')
  if (row.delivery !== delivery) throw portalError('open_request.delivery_mismatch')
  if (!row.agreementUntil || row.agreementUntil < shanghaiDate(now))
    throw portalError('open_request.agreement_expired')
  return row
}
