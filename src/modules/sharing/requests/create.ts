/**
 * Making a share request (共享申请): the consumer org names one of its apps, the fields, purpose, scenario, legal
 * basis, delivery mode, period and optional row scope. Unconditional resources are granted in the same
 * transaction; conditional ones wait for the provider until a working-day deadline.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import { getWorkingCalendar, isCalendarDate } from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { FieldIssue } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import { canRead, catalogError, resourceForSharing } from '../../catalog/index.ts'
import { appFacts, regionExists } from '../../identity/index.ts'
import { t } from '../store.ts'
import { addDays, shanghaiDate } from './deadlines.ts'
import { requestError } from './errors.ts'
import { issueGrant } from './grant-issue.ts'
import { actsFor } from './policy.ts'
import type { ShareRequestCreate } from './schemas.ts'
import { addHistory } from './store.ts'

/** Longest period one request may ask for; renewals are new requests. */
export const MAX_PERIOD_DAYS = 3 * 366

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

function invalid(fields: FieldIssue[]) {
  return requestError('share_request.invalid', { fields })
}

function textIssues(input: ShareRequestCreate): FieldIssue[] {
  const issues: FieldIssue[] = []
  const texts = [
    ['purpose', '用途'],
    ['scenario', '应用场景'],
    ['legalBasis', '依据'],
  ] as const
  for (const [key, zh] of texts) {
    if (input[key].trim().length < 2) issues.push(issue(key, 'is required', `请填写${zh}`))
  }
  return issues
}

/** The requested period: starts today or later, ends on or after the start, and spans at most three years. */
export function periodIssues(start: string, end: string, today: string): FieldIssue[] {
  if (!isCalendarDate(start)) return [issue('periodStart', 'not a date', '开始日期不是有效日期')]
  if (!isCalendarDate(end)) return [issue('periodEnd', 'not a date', '结束日期不是有效日期')]
  if (start < today) return [issue('periodStart', 'is in the past', '开始日期不能早于今天')]
  if (end < start) return [issue('periodEnd', 'before start', '结束日期不能早于开始日期')]
  if (end > addDays(start, MAX_PERIOD_DAYS))
    return [issue('periodEnd', 'period too long', '使用期限最长三年')]
  return []
}

function fieldIssues(requested: readonly string[], known: ReadonlySet<string>, key: string): FieldIssue[] {
  const unknown = requested.filter((code) => !known.has(code))
  const issues: FieldIssue[] = []
  if (unknown.length)
    issues.push(
      issue(key, `unknown fields: ${unknown.join(', ')}`, `资源中没有这些信息项：${unknown.join('、')}`),
    )
  if (new Set(requested).size !== requested.length) issues.push(issue(key, 'duplicate fields', '信息项重复'))
  return issues
}

function isOpenRequestConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown }
  return (
    e?.code === '23505' &&
    (e.constraint === 'share_requests_open' || String(e.message ?? '').includes('share_requests_open'))
  )
}

export async function createShareRequest(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: ShareRequestCreate,
  now = new Date(),
): Promise<string> {
  const actor = ctx.actor
  if (actor.kind !== 'user' || !actsFor(actor, actor.orgId)) throw requestError('share_request.forbidden')
  const today = shanghaiDate(now)
  const early = [...textIssues(input), ...periodIssues(input.periodStart, input.periodEnd, today)]
  if (early.length) throw invalid(early)
  // Read before the transaction: on PGlite the one connection is held by the transaction.
  const cal = await getWorkingCalendar(db)
  const id = newId()
  try {
    await db.transaction().execute(async (trx) => {
      const resource = await resourceForSharing(trx, input.resourceId)
      if (!resource || !canRead(actor, resource)) throw catalogError('catalog.resource_not_found')
      if (resource.orgId === actor.orgId) throw requestError('share_request.own_resource')
      if (resource.status !== 'published') throw requestError('sharing.resource_unavailable')
      if (resource.shareType === 'none') throw requestError('sharing.resource_not_shareable')
      const app = await appFacts(trx, input.appId)
      if (!app || app.orgId !== actor.orgId || app.status !== 'active' || !app.orgActive)
        throw requestError('share_request.app_invalid', {
          fields: [issue('appId', 'not an active app of your org', '请选择本单位启用中的应用')],
        })
      const known = new Set(resource.fields.map((f) => f.code))
      const issues = fieldIssues(input.fields, known, 'fields')
      const scope = input.rowScope ?? null
      if (scope) {
        if (!known.has(scope.field))
          issues.push(issue('rowScope.field', 'unknown field', '行级范围的信息项不在该资源中'))
        if (!(await regionExists(trx, scope.regionCode)))
          issues.push(issue('rowScope.regionCode', 'unknown region', '行政区划不存在'))
        else if (!isWithinRegion(scope.regionCode, actor.regionCode))
          issues.push(
            issue('rowScope.regionCode', 'outside your region', '行级范围只能是本单位所在区划或其下级区划'),
          )
      }
      if (issues.length) throw invalid(issues)
      const open = await t(trx)
        .selectFrom('shareRequests')
        .select('id')
        .where('appId', '=', app.id)
        .where('resourceId', '=', resource.id)
        .where('status', 'in', ['pending', 'disputed'])
        .executeTakeFirst()
      if (open) throw requestError('share_request.duplicate', { extra: { requestId: open.id } })

      const unconditional = resource.shareType === 'unconditional'
      const row = {
        id,
        consumerOrgId: actor.orgId,
        consumerRegionCode: actor.regionCode,
        appId: app.id,
        appName: app.name,
        resourceId: resource.id,
        resourceCode: resource.code,
        resourceName: resource.name,
        providerOrgId: resource.orgId,
        providerRegionCode: resource.regionCode,
        shareType: resource.shareType,
        fields: [...input.fields],
        purpose: input.purpose.trim(),
        scenario: input.scenario.trim(),
        legalBasis: input.legalBasis.trim(),
        deliveryMode: input.deliveryMode,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        rowScope: scope ? JSON.stringify(scope) : null,
        status: unconditional ? ('approved' as const) : ('pending' as const),
        createdOn: today,
        replyDue: unconditional ? null : cal.addWorkingDays(today, config.shareReplyWorkingDays),
        deliveryDue: unconditional ? cal.addWorkingDays(today, config.shareDeliveryWorkingDays) : null,
        decidedAt: unconditional ? now : null,
        decidedOn: unconditional ? today : null,
        decisionWorkingDays: unconditional ? 0 : null,
        decidedOnTime: unconditional ? true : null,
        approvedFields: unconditional ? [...input.fields] : null,
        approvedPeriodEnd: unconditional ? input.periodEnd : null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      }
      await t(trx).insertInto('shareRequests').values(row).execute()
      await addHistory(trx, ctx, { requestId: id, action: 'create', from: null, to: 'pending' }, now)
      await recordAudit(trx, ctx, {
        action: 'sharing.request_create',
        targetType: 'share_request',
        targetId: id,
        orgId: actor.orgId,
        regionCode: actor.regionCode,
        purpose: row.purpose,
        details: {
          resourceId: resource.id,
          providerOrgId: resource.orgId,
          appId: app.id,
          fields: row.fields,
          shareType: resource.shareType,
          replyDue: row.replyDue,
        },
      })
      if (unconditional) {
        const requestRow = await t(trx)
          .selectFrom('shareRequests')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        const grantId = await issueGrant(
          trx,
          ctx,
          requestRow,
          { fields: row.fields, periodEnd: row.periodEnd, quotaPerDay: null, ratePerSecond: null },
          now,
        )
        await t(trx).updateTable('shareRequests').set({ grantId }).where('id', '=', id).execute()
        await addHistory(
          trx,
          ctx,
          {
            requestId: id,
            action: 'auto_approve',
            from: 'pending',
            to: 'approved',
            details: { grantId, reason: '无条件共享，自动授权' },
          },
          now,
        )
      }
    })
  } catch (err) {
    if (isOpenRequestConflict(err)) throw requestError('share_request.duplicate')
    throw err
  }
  return id
}
