/**
 * Maximum allowed revenue (最高准许收入) per operator and year, approved by the authorizer; the yearly deviation
 * check of actual revenue (invoices of the year) against it; and the carry-over of excess revenue into the next
 * year's cap.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { orgFacts } from '../identity/index.ts'
import { operationError } from './errors.ts'
import { fen } from './money.ts'
import { authorizes } from './policy.ts'
import { capProblem, deviationCheck, maxAllowedRevenue } from './pricing.ts'
import { type RevenueCapRow, t } from './tables.ts'

export interface RevenueCapInput {
  readonly operatorOrgId: string
  readonly year: number
  readonly costFen: bigint
  readonly subsidiesFen: bigint
  readonly bondYieldBp: number
  readonly profitRateBp: number
  readonly taxFen: bigint
  /** Defaults to the previous year's excess revenue; a large excess may be spread by giving less. */
  readonly carryOverFen?: bigint | undefined
}

export async function operatorRegion(db: Db, operatorOrgId: string): Promise<string> {
  const org = await orgFacts(db, operatorOrgId)
  if (org?.type !== 'operator') throw operationError('operation.not_operator')
  return org.regionCode
}

export async function findRevenueCap(
  db: Db,
  operatorOrgId: string,
  year: number,
): Promise<RevenueCapRow | undefined> {
  return t(db)
    .selectFrom('operationRevenueCaps')
    .selectAll()
    .where('operatorOrgId', '=', operatorOrgId)
    .where('year', '=', year)
    .executeTakeFirst()
}

export async function setRevenueCap(db: Db, ctx: RequestContext, input: RevenueCapInput): Promise<string> {
  const actor = ctx.actor
  if (actor.kind !== 'user' || !authorizes(actor, await operatorRegion(db, input.operatorOrgId)))
    throw operationError('operation.forbidden')
  const previous = await findRevenueCap(db, input.operatorOrgId, input.year - 1)
  const owed = previous?.excessFen == null ? 0n : fen(previous.excessFen)
  const carryOverFen = input.carryOverFen ?? owed
  if (carryOverFen > owed) throw operationError('operation.revenue_cap_invalid')
  const problem = capProblem({ ...input, carryOverFen })
  if (problem === 'profit_rate_too_high') throw operationError('operation.profit_rate_too_high')
  if (problem === 'subsidies_exceed_cost') throw operationError('operation.subsidies_exceed_cost')
  if (await findRevenueCap(db, input.operatorOrgId, input.year))
    throw operationError('operation.revenue_cap_exists')
  const cap = maxAllowedRevenue({ ...input, carryOverFen })
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('operationRevenueCaps')
      .values({
        id,
        operatorOrgId: input.operatorOrgId,
        authorizerOrgId: actor.orgId,
        year: input.year,
        costFen: String(input.costFen),
        subsidiesFen: String(input.subsidiesFen),
        bondYieldBp: input.bondYieldBp,
        profitRateBp: input.profitRateBp,
        taxFen: String(input.taxFen),
        carryOverFen: String(carryOverFen),
        maxRevenueFen: String(cap.maxRevenueFen),
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.revenue_cap_set',
      targetType: 'operation_revenue_cap',
      targetId: id,
      details: {
        operatorOrgId: input.operatorOrgId,
        year: input.year,
        maxRevenueFen: String(cap.maxRevenueFen),
      },
    })
  })
  return id
}

/**
 * Revenue of an operator in a year: its invoices whose billing period starts in that year, recognized on issue
 * (paid or not); voided invoices are excluded.
 */
export async function revenueOf(db: Db, operatorOrgId: string, year: number): Promise<bigint> {
  const row = await t(db)
    .selectFrom('operationInvoices')
    .select(sql<string>`coalesce(sum(amount_fen), 0)::text`.as('total'))
    .where('operatorOrgId', '=', operatorOrgId)
    .where('state', '<>', 'void')
    .where('periodStart', '>=', `${year}-01-01`)
    .where('periodStart', '<=', `${year}-12-31`)
    .executeTakeFirst()
  return BigInt(row?.total ?? '0')
}

/** Runs (or reruns) the year's deviation check and stores its outcome and the excess to carry over. */
export async function runDeviationCheck(db: Db, ctx: RequestContext, operatorOrgId: string, year: number) {
  if (!authorizes(ctx.actor, await operatorRegion(db, operatorOrgId)))
    throw operationError('operation.forbidden')
  const cap = await findRevenueCap(db, operatorOrgId, year)
  if (!cap) throw operationError('operation.revenue_cap_not_found')
  const revenue = await revenueOf(db, operatorOrgId, year)
  const result = deviationCheck(revenue, fen(cap.maxRevenueFen))
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('operationRevenueCaps')
      .set({
        revenueFen: String(revenue),
        deviationBp: result.deviationBp,
        outcome: result.outcome,
        excessFen: String(result.excessFen),
        checkedAt: new Date(),
        updatedAt: new Date(),
      })
      .where('id', '=', cap.id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.deviation_check',
      targetType: 'operation_revenue_cap',
      targetId: cap.id,
      details: {
        year,
        revenueFen: String(revenue),
        deviationBp: result.deviationBp,
        outcome: result.outcome,
      },
    })
  })
  return { revenueFen: revenue, ...result }
}
