/**
 * Queries of scopes that require approval wait as `pending`; a bureau admin or reviewer of the scope's approver
 * org approves (the query then runs and its aggregates are kept for the requester) or rejects it.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { sandboxError } from './errors.ts'
import { executeAggregate } from './execute.ts'
import { prepare } from './run.ts'
import { budgetOf, findScope, isApprover, isOpen } from './scopes.ts'
import { t } from './tables.ts'

export async function decideSandboxQuery(
  deps: { db: Db; config: Config },
  ctx: RequestContext,
  queryId: string,
  approve: boolean,
): Promise<void> {
  const { db, config } = deps
  const query = await t(db)
    .selectFrom('sandboxQueries')
    .selectAll()
    .where('id', '=', queryId)
    .executeTakeFirst()
  if (!query) throw sandboxError('sandbox.query_not_found')
  const scope = await findScope(db, query.scopeId)
  if (!scope || !isApprover(ctx.actor, scope)) throw sandboxError('sandbox.query_not_found')
  if (query.status !== 'pending') throw sandboxError('sandbox.query_not_pending')
  const decidedBy = ctx.actor.kind === 'user' ? ctx.actor.displayName : 'system'
  const epsilon = query.epsilon === null ? null : Number(query.epsilon)
  let shaped: Awaited<ReturnType<typeof executeAggregate>> | null = null
  if (approve) {
    if (!isOpen(scope, new Date())) throw sandboxError('sandbox.scope_closed')
    const prepared = await prepare(deps, scope, query.sqlText)
    shaped = await executeAggregate(deps, {
      query: prepared.query,
      source: prepared.source,
      k: config.sandboxMinGroupSize,
      epsilon,
    })
  }
  await db.transaction().execute(async (trx) => {
    const locked = await t(trx)
      .selectFrom('sandboxScopes')
      .select('epsilonSpent')
      .where('id', '=', scope.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const still = await t(trx)
      .updateTable('sandboxQueries')
      .set({
        status: approve ? 'done' : 'rejected',
        decidedBy,
        decidedAt: new Date(),
        rowCount: shaped ? shaped.rows.length : null,
        suppressedGroups: shaped ? shaped.suppressedGroups : null,
        result: shaped ? JSON.stringify(shaped) : null,
      })
      .where('id', '=', query.id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (still.numUpdatedRows !== 1n) throw sandboxError('sandbox.query_not_pending')
    if (approve && epsilon !== null) {
      const spent = Number(locked.epsilonSpent) + epsilon
      if (spent > budgetOf(scope, config.sandboxEpsilonBudget) + 1e-9)
        throw sandboxError('sandbox.budget_exhausted')
      await t(trx)
        .updateTable('sandboxScopes')
        .set({ epsilonSpent: spent.toFixed(4), updatedAt: new Date() })
        .where('id', '=', scope.id)
        .execute()
    }
    await recordAudit(trx, ctx, {
      action: approve ? 'sandbox.query_approve' : 'sandbox.query_reject',
      targetType: 'sandbox_query',
      targetId: query.id,
      details: { scopeId: scope.id, ...(shaped ? { rows: shaped.rows.length } : {}) },
    })
  })
}
