/** Audit runs as the console shows them: a resource's runs with the score trend, and one run's rule results. */
import { sql } from 'kysely'
import { recordAuditNow } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../../platform/http/index.ts'
import { qualityError } from './errors.ts'
import { canSeeQuality } from './policy.ts'
import { resourceFor } from './resources.ts'
import { q } from './store.ts'
import type { RunRow } from './tables.ts'

export interface RunView {
  id: string
  resourceId: string
  resourceName: string
  trigger: string
  status: string
  rowCount: number | null
  scores: Record<string, number>
  score: number | null
  error: string | null
  durationMs: number | null
  startedAt: string
  finishedAt: string | null
}

export function runView(r: RunRow): RunView {
  return {
    id: r.id,
    resourceId: r.resourceId,
    resourceName: r.resourceName,
    trigger: r.trigger,
    status: r.status,
    rowCount: r.rowCount === null ? null : Number(r.rowCount),
    scores: (r.scores ?? {}) as Record<string, number>,
    score: r.score === null ? null : Number(r.score),
    error: r.error,
    durationMs: r.durationMs,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  }
}

export async function listRuns(
  db: Db,
  ctx: RequestContext,
  resourceId: string,
  window: PageWindow,
): Promise<PageResult<RunView>> {
  await resourceFor(db, ctx.actor, resourceId, false)
  const rows = await q(db)
    .selectFrom('qualityRuns')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where('resourceId', '=', resourceId)
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, async () => {
    const c = await q(db)
      .selectFrom('qualityRuns')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('resourceId', '=', resourceId)
      .executeTakeFirstOrThrow()
    return Number(c.n)
  })
  return { ...page, items: page.items.map(runView) }
}

export async function getRun(db: Db, ctx: RequestContext, id: string) {
  const run = await q(db).selectFrom('qualityRuns').selectAll().where('id', '=', id).executeTakeFirst()
  if (!run || !canSeeQuality(ctx.actor, run)) throw qualityError('quality.run_not_found')
  // The failing samples are (masked) data of the resource: reading them is a data access.
  await recordAuditNow(db, ctx, {
    action: 'quality.run_read',
    targetType: 'quality_run',
    targetId: id,
    orgId: run.orgId,
    regionCode: run.regionCode,
    purpose: '查看稽查结果',
    details: { resourceId: run.resourceId },
  })
  const results = await q(db)
    .selectFrom('qualityRuleResults')
    .selectAll()
    .where('runId', '=', id)
    .orderBy('dimension')
    .orderBy('name')
    .execute()
  const tickets = results.length
    ? await q(db)
        .selectFrom('rectificationTickets')
        .select(['id', 'ruleId', 'status', 'dueDate'])
        .where(
          'ruleId',
          'in',
          results.map((r) => r.ruleId),
        )
        .where('source', '=', 'audit')
        .orderBy('createdAt', 'desc')
        .execute()
    : []
  return {
    ...runView(run),
    results: results.map((r) => {
      const ticket = tickets.find((t) => t.ruleId === r.ruleId)
      return {
        ruleId: r.ruleId,
        type: r.ruleType,
        dimension: r.dimension,
        fields: r.fieldCodes,
        name: r.name,
        threshold: Number(r.threshold),
        evaluated: r.evaluated,
        checked: Number(r.checked),
        failed: Number(r.failed),
        failRate: Number(r.checked) > 0 ? Number(r.failed) / Number(r.checked) : 0,
        breached: r.breached,
        note: r.note,
        samples: (r.samples ?? []) as Record<string, string | null>[],
        ticket: ticket ? { id: ticket.id, status: ticket.status, dueDate: ticket.dueDate } : null,
      }
    }),
  }
}
