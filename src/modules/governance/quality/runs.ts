/**
 * Audit runs (稽查): evaluate every enabled rule of a resource in one pass, store per-rule results and scores,
 * and hand breaches to rectification. A run that cannot read its source is stored as failed with the reason.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { DomainError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { qualityError } from './errors.ts'
import { type Evaluation, evaluate } from './evaluate.ts'
import { syncAuditTickets } from './rectification/audit-tickets.ts'
import { regionCodes } from './region-codes.ts'
import { type AuditedResource, loadResource } from './resources.ts'
import type { RuleParams, RuleSpec } from './rule-types.ts'
import { scoreResults } from './scoring.ts'
import { openAuditSource } from './source.ts'
import { q } from './store.ts'
import type { RunTrigger } from './tables.ts'

export async function enabledRules(db: Db, resourceId: string): Promise<RuleSpec[]> {
  const rows = await q(db)
    .selectFrom('qualityRules')
    .selectAll()
    .where('resourceId', '=', resourceId)
    .where('enabled', '=', true)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    type: r.ruleType,
    fields: r.fieldCodes,
    params: (r.params ?? {}) as RuleParams,
    threshold: Number(r.threshold),
    name: r.name,
  }))
}

async function evaluateResource(
  db: Db,
  config: Config,
  r: AuditedResource,
  rules: readonly RuleSpec[],
  now: Date,
): Promise<Evaluation> {
  const refIds = rules.flatMap((x) => (x.params.refResourceId ? [x.params.refResourceId] : []))
  const source = await openAuditSource(db, config, r.facts.id, refIds)
  try {
    const target = {
      ...source.main,
      mode: source.mode,
      today: shanghaiDate(now),
      regionCodes: rules.some((x) => x.type === 'region_code') ? await regionCodes(db) : [],
      refs: source.refs,
    }
    return await evaluate(source, target, r.facts, r.fields, rules, now)
  } finally {
    await source.close()
  }
}

async function failRun(db: Db, ctx: RequestContext, runId: string, r: AuditedResource, error: unknown) {
  const code = error instanceof DomainError ? error.code : 'internal'
  await db.transaction().execute(async (trx) => {
    await q(trx)
      .updateTable('qualityRuns')
      .set({ status: 'failed', error: code, finishedAt: new Date() })
      .where('id', '=', runId)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'quality.audit_run',
      targetType: 'quality_run',
      targetId: runId,
      orgId: r.facts.orgId,
      regionCode: r.facts.regionCode,
      outcome: 'failure',
      details: { resourceId: r.facts.id, error: code },
    })
  })
}

/** Runs an audit of the resource now; returns the run id. The caller has checked the actor's rights. */
export async function runAudit(
  db: Db,
  config: Config,
  ctx: RequestContext,
  resourceId: string,
  trigger: RunTrigger,
  now = new Date(),
): Promise<string> {
  const r = await loadResource(db, resourceId)
  const rules = await enabledRules(db, resourceId)
  if (rules.length === 0) throw qualityError('quality.no_rules')
  const runId = newId()
  await q(db)
    .insertInto('qualityRuns')
    .values({
      id: runId,
      resourceId,
      resourceName: r.facts.name,
      orgId: r.facts.orgId,
      regionCode: r.facts.regionCode,
      trigger,
      status: 'running',
      startedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      startedAt: now,
    })
    .execute()
  const started = Date.now()
  let evaluation: Evaluation
  try {
    evaluation = await evaluateResource(db, config, r, rules, now)
  } catch (error) {
    // Anything but our own refusals is the source's fault (a dropped table, a server error): never a 500.
    const reported = error instanceof DomainError ? error : qualityError('quality.source_failed')
    await failRun(db, ctx, runId, r, reported)
    throw reported
  }
  await storeRun(db, config, ctx, r, runId, evaluation, Date.now() - started, now)
  return runId
}

async function storeRun(
  db: Db,
  config: Config,
  ctx: RequestContext,
  r: AuditedResource,
  runId: string,
  evaluation: Evaluation,
  durationMs: number,
  now: Date,
): Promise<void> {
  const { scores, score } = scoreResults(evaluation.outcomes)
  await db.transaction().execute(async (trx) => {
    if (evaluation.outcomes.length)
      await q(trx)
        .insertInto('qualityRuleResults')
        .values(
          evaluation.outcomes.map((o) => ({
            id: newId(),
            runId,
            ruleId: o.rule.id,
            ruleType: o.rule.type,
            dimension: o.dimension,
            fieldCodes: [...o.rule.fields],
            name: o.rule.name,
            threshold: o.rule.threshold,
            evaluated: o.evaluated,
            checked: o.checked,
            failed: o.failed,
            breached: o.breached,
            note: o.note,
            samples: JSON.stringify(o.samples),
          })),
        )
        .execute()
    await q(trx)
      .updateTable('qualityRuns')
      .set({
        status: 'succeeded',
        rowCount: evaluation.rowCount,
        scores: JSON.stringify(scores),
        score,
        durationMs,
        finishedAt: new Date(),
      })
      .where('id', '=', runId)
      .execute()
    const tickets = await syncAuditTickets(
      trx,
      config,
      ctx,
      { runId, facts: r.facts, outcomes: evaluation.outcomes },
      now,
    )
    await recordAudit(trx, ctx, {
      action: 'quality.audit_run',
      targetType: 'quality_run',
      targetId: runId,
      orgId: r.facts.orgId,
      regionCode: r.facts.regionCode,
      purpose: '数据质量稽查',
      details: { resourceId: r.facts.id, rows: evaluation.rowCount, score, ...tickets },
    })
  })
}
