/**
 * What an audit run means for rectification: a rule failing beyond its threshold opens a ticket to the provider
 * org with a working-day deadline (one open ticket per rule; the unique index enforces it); a ticket awaiting
 * re-check ("fixed") closes when the rule now passes and reopens with a fresh deadline when it still fails; an
 * open ticket whose rule now passes closes as fixed.
 */
import { recordAudit } from '../../../../platform/audit/index.ts'
import { getWorkingCalendar, shanghaiDate } from '../../../../platform/calendar/index.ts'
import type { Config } from '../../../../platform/config.ts'
import type { RequestContext } from '../../../../platform/context.ts'
import type { Db, Trx } from '../../../../platform/db/index.ts'
import { newId } from '../../../../platform/ids.ts'
import type { QualityFacts } from '../../../catalog/index.ts'
import type { RuleOutcome } from '../evaluate.ts'
import { q } from '../store.ts'
import type { TicketRow } from '../tables.ts'
import { addEvent } from './store.ts'

export interface RunForTickets {
  readonly runId: string
  readonly facts: QualityFacts
  readonly outcomes: readonly RuleOutcome[]
}

export interface TicketChanges {
  opened: number
  closed: number
  reopened: number
}

const percent = (o: RuleOutcome) => (o.checked ? ((100 * o.failed) / o.checked).toFixed(2) : '0')

export async function dueDate(db: Db, config: Config, now: Date): Promise<string> {
  const cal = await getWorkingCalendar(db)
  return cal.addWorkingDays(shanghaiDate(now), config.rectificationWorkingDays)
}

async function openTicket(
  db: Trx,
  ctx: RequestContext,
  run: RunForTickets,
  o: RuleOutcome,
  due: string,
  now: Date,
) {
  const id = newId()
  const inserted = await q(db)
    .insertInto('rectificationTickets')
    .values({
      id,
      resourceId: run.facts.id,
      resourceName: run.facts.name,
      providerOrgId: run.facts.orgId,
      providerRegionCode: run.facts.regionCode,
      source: 'audit',
      ruleId: o.rule.id,
      runId: run.runId,
      reporterOrgId: null,
      reporterRegionCode: null,
      recordKey: null,
      fieldCode: o.rule.fields[0] ?? null,
      description: `质量规则「${o.rule.name}」不通过：检查 ${o.checked} 条，失败 ${o.failed} 条（${percent(o)}%），超过阈值 ${(o.rule.threshold * 100).toFixed(2)}%`,
      status: 'open',
      resolution: null,
      dueDate: due,
      createdAt: now,
      updatedAt: now,
    })
    // Two runs of one resource at once (a load-triggered audit and a re-check) may both see no ticket: the
    // first one opens it, the other adds nothing instead of failing its whole run on the unique index.
    .onConflict((oc) =>
      oc.column('ruleId').where('source', '=', 'audit').where('status', '<>', 'closed').doNothing(),
    )
    .returning('id')
    .executeTakeFirst()
  if (!inserted) return false
  await addEvent(
    db,
    ctx,
    { ticketId: id, action: 'open', from: null, to: 'open', details: { runId: run.runId } },
    now,
  )
  await recordAudit(db, ctx, {
    action: 'rectification.open',
    targetType: 'rectification_ticket',
    targetId: id,
    orgId: run.facts.orgId,
    regionCode: run.facts.regionCode,
    details: { ruleId: o.rule.id, runId: run.runId, source: 'audit' },
  })
  return true
}

async function settle(
  db: Trx,
  ctx: RequestContext,
  ticket: TicketRow,
  run: RunForTickets,
  o: RuleOutcome,
  due: string,
  now: Date,
) {
  const passed = !o.breached
  const action = passed ? 'recheck_passed' : 'recheck_failed'
  const note = passed
    ? `复核通过：检查 ${o.checked} 条，失败 ${o.failed} 条（${percent(o)}%）`
    : `复核仍不通过：检查 ${o.checked} 条，失败 ${o.failed} 条（${percent(o)}%），工单重新打开`
  await q(db)
    .updateTable('rectificationTickets')
    .set(
      passed
        ? { status: 'closed', resolution: 'fixed', closedAt: now, updatedAt: now, runId: run.runId }
        : {
            status: 'open',
            dueDate: due,
            reopenCount: ticket.reopenCount + 1,
            escalatedAt: null,
            updatedAt: now,
            runId: run.runId,
          },
    )
    .where('id', '=', ticket.id)
    .execute()
  const to = passed ? 'closed' : 'open'
  await addEvent(
    db,
    ctx,
    { ticketId: ticket.id, action, from: ticket.status, to, note, details: { runId: run.runId } },
    now,
  )
  await recordAudit(db, ctx, {
    action: passed ? 'rectification.close' : 'rectification.reopen',
    targetType: 'rectification_ticket',
    targetId: ticket.id,
    orgId: ticket.providerOrgId,
    regionCode: ticket.providerRegionCode,
    details: { runId: run.runId, reason: action },
  })
}

export async function syncAuditTickets(
  db: Trx,
  config: Config,
  ctx: RequestContext,
  run: RunForTickets,
  now: Date,
): Promise<TicketChanges> {
  const changes: TicketChanges = { opened: 0, closed: 0, reopened: 0 }
  const ruleIds = run.outcomes.filter((o) => o.evaluated).map((o) => o.rule.id)
  if (ruleIds.length === 0) return changes
  const open = await q(db)
    .selectFrom('rectificationTickets')
    .selectAll()
    .where('source', '=', 'audit')
    .where('status', '<>', 'closed')
    .where('ruleId', 'in', ruleIds)
    .forUpdate()
    .execute()
  const byRule = new Map(open.map((t) => [t.ruleId, t]))
  const due = await dueDate(db, config, now)
  for (const o of run.outcomes) {
    if (!o.evaluated) continue
    const ticket = byRule.get(o.rule.id)
    if (!ticket) {
      if (o.breached && (await openTicket(db, ctx, run, o, due, now))) changes.opened++
      continue
    }
    // A disputed ticket waits for the bureau; an open one stays open while the rule keeps failing.
    if (ticket.status === 'disputed' || (ticket.status === 'open' && o.breached)) continue
    await settle(db, ctx, ticket, run, o, due, now)
    if (o.breached) changes.reopened++
    else changes.closed++
  }
  return changes
}
