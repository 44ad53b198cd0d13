import { recordAudit } from '../../platform/audit/index.ts'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import type { JsonObject } from '../../platform/db/schema.ts'
import { catalogError } from './errors.ts'
import { canEditFor, canRead, canReviewIn } from './policy.ts'
import { getResource, type ResourceDetail, resourceDetail } from './resources.ts'
import { lockResource, resourceFields, t } from './store.ts'
import type { ResourceRow } from './tables.ts'
import { publishIssues } from './validate.ts'
import type { ResourceStatus } from './vocabulary.ts'

export type Transition = 'submit' | 'publish' | 'return' | 'retire' | 'revise'

/** draft → submitted → (returned → submitted …) → published → retired; revise brings a published entry back to draft. */
const FROM: Record<Transition, readonly ResourceStatus[]> = {
  submit: ['draft', 'returned'],
  publish: ['submitted'],
  return: ['submitted'],
  retire: ['published'],
  revise: ['published', 'retired'],
}
const TO: Record<Transition, ResourceStatus> = {
  submit: 'submitted',
  publish: 'published',
  return: 'returned',
  retire: 'retired',
  revise: 'draft',
}

function todayInShanghai(): string {
  return shanghaiDate(new Date())
}

function mayDo(ctx: RequestContext, row: ResourceRow, step: Transition): boolean {
  return step === 'submit' || step === 'revise'
    ? canEditFor(ctx.actor, row.orgId)
    : canReviewIn(ctx.actor, row.regionCode)
}

export async function transition(
  db: Db,
  ctx: RequestContext,
  id: string,
  step: Transition,
  reason?: string,
): Promise<ResourceDetail> {
  await db.transaction().execute(async (trx) => {
    const row = await lockResource(trx, id)
    if (!row || !canRead(ctx.actor, row)) throw catalogError('catalog.resource_not_found')
    if (!mayDo(ctx, row, step)) throw catalogError('catalog.forbidden')
    if (!FROM[step].includes(row.status)) {
      throw catalogError('catalog.transition_invalid', {
        detail: {
          zh: `当前状态（${row.status}）不能执行此操作`,
          en: `Cannot ${step} a resource that is ${row.status}`,
        },
        extra: { status: row.status },
      })
    }
    const now = new Date()
    let version = row.version
    if (step === 'submit' || step === 'publish') {
      const fields = await resourceFields(trx, [id])
      const issues = publishIssues({ fields })
      if (issues.length) throw catalogError('catalog.resource_invalid', { fields: issues })
    }
    if (step === 'publish') {
      version += 1
      const publishDate = row.publishDate ?? todayInShanghai()
      await t(trx).updateTable('resources').set({ publishDate }).where('id', '=', id).execute()
      const detail = await resourceDetail(trx, { ...row, publishDate, status: 'published', version })
      await t(trx)
        .insertInto('resourceVersions')
        .values({
          resourceId: id,
          version,
          snapshot: JSON.stringify(snapshotOf(detail)),
          publishedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        })
        .execute()
    }
    await t(trx)
      .updateTable('resources')
      .set({
        status: TO[step],
        version,
        updatedAt: now,
        returnReason: step === 'return' ? (reason ?? null) : null,
        ...(step === 'submit' ? { submittedAt: now } : {}),
        ...(step === 'publish' ? { publishedAt: now } : {}),
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: `catalog.resource_${step}`,
      targetType: 'resource',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
      details: { from: row.status, to: TO[step], version, ...(reason ? { reason } : {}) },
    })
  })
  return getResource(db, ctx, id)
}

/** What a version keeps: the metadata and fields as published, without moving parts like mount state. */
export function snapshotOf(detail: ResourceDetail): JsonObject {
  const {
    mountStatus: _m,
    lastDataUpdateAt: _l,
    fieldCount: _f,
    updatedAt: _u,
    submittedAt: _s,
    returnReason: _r,
    ...rest
  } = detail
  return JSON.parse(JSON.stringify(rest)) as JsonObject
}
