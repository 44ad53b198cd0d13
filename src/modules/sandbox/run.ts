/**
 * One sandbox query from text to aggregates: scope and budget checks, parsing, the differencing check for exact
 * queries, optional approval, read-only execution, then the budget spend, the query log and the audit event in
 * one transaction. Refusals are logged and audited too, then thrown as problems (4xx).
 */

import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db, JsonObject, Trx } from '../../platform/db/index.ts'
import { DomainError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { resourceForSharing } from '../catalog/index.ts'
import { type CompiledQuery, compileQuery } from './compile.ts'
import { requireStrictDp } from './dp.ts'
import { sandboxError } from './errors.ts'
import { type Cell, executeAggregate } from './execute.ts'
import { budgetOf, findScope, isOpen } from './scopes.ts'
import { resolveSource, type SandboxSource } from './source.ts'
import { parseSandboxSql } from './sql-parse.ts'
import { type QueryStatus, type ScopeRow, t } from './tables.ts'

export interface SandboxActor {
  readonly kind: 'user' | 'developer'
  readonly id: string
  readonly name: string
}

export interface SandboxResult {
  readonly queryId: string
  /** `pending`: the scope requires approval; the result is read once a reviewer approves. */
  readonly status: 'done' | 'pending'
  readonly columns: string[]
  readonly rows: Cell[][]
  /** Groups withheld because fewer than `minGroupSize` rows formed them. */
  readonly suppressedGroups: number
  readonly minGroupSize: number
  readonly noisy: boolean
  /** Epsilon this query spent. */
  readonly epsilonSpent: number
  readonly epsilonBudget: number
  readonly epsilonRemaining: number
}

export interface RunDeps {
  readonly db: Db
  readonly config: Config
  /** The HTTP request's context when there is one; otherwise the actor is audited as the sandbox itself. */
  readonly ctx?: RequestContext
}

export interface RunInput {
  readonly scopeId: string
  readonly sql: string
  readonly epsilon?: number
  readonly actor: SandboxActor
}

/** Smallest epsilon a noisy query may spend: below it the answer is noise and the budget is wasted. */
const MIN_EPSILON = 0.01

export interface Prepared {
  readonly query: CompiledQuery
  readonly resourceCode: string
  readonly source: SandboxSource
}

/** Parses the text, finds its resource in the scope and where its data lives, and compiles the statement. */
export async function prepare(
  deps: { db: Db; config: Config },
  scope: ScopeRow,
  text: string,
): Promise<Prepared> {
  const parsed = parseSandboxSql(text)
  let resource: Awaited<ReturnType<typeof resourceForSharing>>
  for (const id of scope.resourceIds) {
    const r = await resourceForSharing(deps.db, id)
    if (r && (r.code === parsed.table || r.id === parsed.table)) resource = r
  }
  if (!resource) throw sandboxError('sandbox.resource_out_of_scope')
  const { source, fields } = await resolveSource(deps.db, deps.config, resource)
  return {
    // Named by its code whichever way the text named it, so the differencing check sees one table.
    query: compileQuery({ ...parsed, table: resource.code }, source.relation, fields),
    resourceCode: resource.code,
    source,
  }
}

/**
 * Exact answers over the same shape whose filter sets nest (one adds conditions to the other) differ by exactly
 * the rows the extra conditions remove: the classic differencing attack. Equal filters are a harmless rerun.
 */
async function refuseDifferencing(db: Db, scopeId: string, q: CompiledQuery): Promise<void> {
  const earlier = await t(db)
    .selectFrom('sandboxQueries')
    .select('filters')
    .where('scopeId', '=', scopeId)
    .where('status', '=', 'done')
    .where('epsilon', 'is', null)
    .where('shape', '=', q.shape)
    .execute()
  const mine = new Set(q.filters)
  for (const { filters } of earlier) {
    const theirs = new Set(filters)
    if (theirs.size === mine.size) continue
    const [small, large] = theirs.size < mine.size ? [theirs, mine] : [mine, theirs]
    if ([...small].every((f) => large.has(f))) throw sandboxError('sandbox.differencing')
  }
}

function checkEpsilon(epsilon: number | undefined, remaining: number): number | null {
  if (epsilon === undefined) return null
  if (!Number.isFinite(epsilon) || epsilon < MIN_EPSILON) throw sandboxError('sandbox.epsilon_invalid')
  if (epsilon > remaining + 1e-9) throw sandboxError('sandbox.budget_exhausted')
  return epsilon
}

function contextOf(deps: RunDeps, actor: SandboxActor): RequestContext {
  if (deps.ctx) return deps.ctx
  return {
    actor: { kind: 'system', name: `sandbox:${actor.kind}:${actor.id}` },
    requestId: `sandbox:${newId()}`,
    ip: null,
    lang: 'zh-CN',
  }
}

export interface LogEntry {
  readonly id: string
  readonly status: QueryStatus
  readonly shape?: string | null
  readonly filters?: readonly string[]
  readonly epsilon?: number | null
  readonly errorCode?: string | null
  readonly result?: { columns: string[]; rows: Cell[][]; suppressedGroups: number } | null
}

export async function writeLog(
  trx: Trx,
  ctx: RequestContext,
  scope: ScopeRow,
  input: RunInput,
  e: LogEntry,
): Promise<void> {
  await t(trx)
    .insertInto('sandboxQueries')
    .values({
      id: e.id,
      scopeId: scope.id,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      actorName: input.actor.name.slice(0, 200),
      sqlText: input.sql.slice(0, 4000),
      shape: e.shape ?? null,
      filters: [...(e.filters ?? [])],
      epsilon: e.epsilon ?? null,
      status: e.status,
      errorCode: e.errorCode ?? null,
      rowCount: e.result ? e.result.rows.length : null,
      suppressedGroups: e.result ? e.result.suppressedGroups : null,
      result: e.result ? JSON.stringify(e.result) : null,
    })
    .execute()
  const details: JsonObject = {
    queryId: e.id,
    status: e.status,
    actorKind: input.actor.kind,
    actorId: input.actor.id,
  }
  if (e.errorCode) details.errorCode = e.errorCode
  if (e.epsilon) details.epsilon = e.epsilon
  if (e.result) details.rows = e.result.rows.length
  await recordAudit(trx, ctx, {
    action: e.status === 'refused' ? 'sandbox.query_refused' : `sandbox.query_${e.status}`,
    targetType: 'sandbox_scope',
    targetId: scope.id,
    orgId: null,
    outcome: e.status === 'refused' ? 'denied' : 'success',
    details,
  })
}

/** Runs (or queues for approval) one aggregate query inside a scope. Throws sandbox problems on refusal. */
export async function runSandboxQuery(deps: RunDeps, input: RunInput): Promise<SandboxResult> {
  const { db, config } = deps
  const scope = await findScope(db, input.scopeId)
  if (!scope) throw sandboxError('sandbox.scope_not_found')
  const ctx = contextOf(deps, input.actor)
  const id = newId()
  const budget = budgetOf(scope, config.sandboxEpsilonBudget)
  try {
    if (!isOpen(scope, new Date())) throw sandboxError('sandbox.scope_closed')
    const epsilon = checkEpsilon(input.epsilon, budget - Number(scope.epsilonSpent))
    const prepared = await prepare(deps, scope, input.sql)
    // A noisy query that strict DP cannot answer is refused now, not after it waited for approval.
    if (epsilon === null) await refuseDifferencing(db, scope.id, prepared.query)
    else requireStrictDp(prepared.query)
    const base = { shape: prepared.query.shape, filters: prepared.query.filters, epsilon }
    if (scope.requiresApproval) {
      await db
        .transaction()
        .execute((trx) => writeLog(trx, ctx, scope, input, { id, status: 'pending', ...base }))
      return pendingResult(id, config, budget, Number(scope.epsilonSpent), epsilon !== null)
    }
    return await execute(deps, ctx, scope, input, { id, prepared, epsilon })
  } catch (error) {
    if (error instanceof DomainError)
      await db
        .transaction()
        .execute((trx) => writeLog(trx, ctx, scope, input, { id, status: 'refused', errorCode: error.code }))
    throw error
  }
}

function pendingResult(
  id: string,
  config: Config,
  budget: number,
  spent: number,
  noisy: boolean,
): SandboxResult {
  return {
    queryId: id,
    status: 'pending',
    columns: [],
    rows: [],
    suppressedGroups: 0,
    minGroupSize: config.sandboxMinGroupSize,
    noisy,
    epsilonSpent: 0,
    epsilonBudget: budget,
    epsilonRemaining: Math.max(0, budget - spent),
  }
}

interface Execution {
  readonly id: string
  readonly prepared: Prepared
  readonly epsilon: number | null
}

/** Executes, then spends the budget under the scope's row lock so two racing queries cannot both overspend. */
export async function execute(
  deps: RunDeps,
  ctx: RequestContext,
  scope: ScopeRow,
  input: RunInput,
  run: Execution,
): Promise<SandboxResult> {
  const { db, config } = deps
  const k = config.sandboxMinGroupSize
  const shaped = await executeAggregate(deps, {
    query: run.prepared.query,
    source: run.prepared.source,
    k,
    epsilon: run.epsilon,
  })
  const budget = budgetOf(scope, config.sandboxEpsilonBudget)
  const spent = await db.transaction().execute(async (trx) => {
    const locked = await t(trx)
      .selectFrom('sandboxScopes')
      .select('epsilonSpent')
      .where('id', '=', scope.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const now = Number(locked.epsilonSpent) + (run.epsilon ?? 0)
    if (now > budget + 1e-9) throw sandboxError('sandbox.budget_exhausted')
    if (run.epsilon !== null)
      await t(trx)
        .updateTable('sandboxScopes')
        .set({ epsilonSpent: now.toFixed(4), updatedAt: new Date() })
        .where('id', '=', scope.id)
        .execute()
    await writeLog(trx, ctx, scope, input, {
      id: run.id,
      status: 'done',
      shape: run.prepared.query.shape,
      filters: run.prepared.query.filters,
      epsilon: run.epsilon,
      result: shaped,
    })
    return now
  })
  return {
    queryId: run.id,
    status: 'done',
    ...shaped,
    minGroupSize: k,
    noisy: run.epsilon !== null,
    epsilonSpent: run.epsilon ?? 0,
    epsilonBudget: budget,
    epsilonRemaining: Math.max(0, budget - spent),
  }
}
