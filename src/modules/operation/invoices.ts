/**
 * Invoices as settlement documents (结算单/收费凭证 — not tax invoices) with a payment state:
 * issued → paid (the operator's staff record the buyer's payment of exactly the total) or issued → void (with a
 * reason; the invoice and its revenue shares then drop out of revenue, the deviation check and the annual
 * report). Unpaid invoices past their due date are overdue; that is derived, never stored.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import { addCalendarDays, isCalendarDate, shanghaiDate } from '../../platform/calendar/index.ts'
import type { Actor, RequestContext } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { operationError } from './errors.ts'
import { fen, formatYuan } from './money.ts'
import { isBuyer, isOperatorStaff, readsRegion } from './policy.ts'
import { type InvoiceRow, type InvoiceState, t } from './tables.ts'

/**
 * The next invoice number of an operator in a year, e.g. JS2026-0003-000017: the year, the operator's series
 * number (given once per operator) and the serial within that operator and year. The counter row is locked by
 * the upsert, so concurrent invoices of one operator never share a serial.
 */
export async function nextInvoiceNumber(trx: Trx, operatorOrgId: string, year: number): Promise<string> {
  await t(trx)
    .insertInto('operationInvoiceSeries')
    .values({ operatorOrgId })
    .onConflict((oc) => oc.column('operatorOrgId').doNothing())
    .execute()
  const series = await t(trx)
    .selectFrom('operationInvoiceSeries')
    .select('seriesNo')
    .where('operatorOrgId', '=', operatorOrgId)
    .executeTakeFirstOrThrow()
  const counter = await t(trx)
    .insertInto('operationInvoiceCounters')
    .values({ operatorOrgId, year, lastSerial: 1 })
    .onConflict((oc) =>
      oc
        .columns(['operatorOrgId', 'year'])
        .doUpdateSet({ lastSerial: sql`operation_invoice_counters.last_serial + 1` }),
    )
    .returning('lastSerial')
    .executeTakeFirstOrThrow()
  return `JS${year}-${String(series.seriesNo).padStart(4, '0')}-${String(counter.lastSerial).padStart(6, '0')}`
}

/** The due day of an invoice issued on `issuedOn` (Beijing calendar). */
export const invoiceDueOn = (issuedOn: string, dueDays: number) => addCalendarDays(issuedOn, dueDays)

/** Unpaid and past its due day (Beijing calendar). */
export function isOverdue(
  i: { state: InvoiceState; dueOn: string },
  today = shanghaiDate(new Date()),
): boolean {
  return i.state === 'issued' && i.dueOn < today
}

export interface InvoiceAccess {
  readonly row: InvoiceRow
  readonly regionCode: string
}

/** The invoice if the actor may see it (its operator's staff, the buyer org, the project region's bureau), else 404. */
export async function visibleInvoice(db: Db, actor: Actor, id: string): Promise<InvoiceAccess> {
  const row = await t(db).selectFrom('operationInvoices').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw operationError('operation.invoice_not_found')
  const project = await t(db)
    .selectFrom('operationOrders as o')
    .innerJoin('operationProducts as pr', 'pr.id', 'o.productId')
    .innerJoin('operationProjects as p', 'p.id', 'pr.projectId')
    .select('p.regionCode')
    .where('o.id', '=', row.orderId)
    .executeTakeFirstOrThrow()
  const buyerSide = actor.kind === 'user' && actor.orgId === row.buyerOrgId && isBuyer(actor)
  if (!(buyerSide || isOperatorStaff(actor, row.operatorOrgId) || readsRegion(actor, project.regionCode)))
    throw operationError('operation.invoice_not_found')
  return { row, regionCode: project.regionCode }
}

/** Locks the invoice for a transition; only its operator's staff act on it, and only from `issued`. */
async function lockForTransition(trx: Trx, ctx: RequestContext, id: string): Promise<InvoiceRow> {
  const { row } = await visibleInvoice(trx, ctx.actor, id)
  if (!isOperatorStaff(ctx.actor, row.operatorOrgId)) throw operationError('operation.forbidden')
  const locked = await t(trx)
    .selectFrom('operationInvoices')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
  if (locked.state !== 'issued')
    throw operationError(
      locked.state === 'paid' ? 'operation.invoice_already_paid' : 'operation.invoice_already_void',
      { extra: { state: locked.state } },
    )
  return locked
}

export interface PaymentInput {
  readonly paymentRef: string
  readonly amountFen: bigint
  /** Beijing date the money arrived; not before the issue day, not in the future. */
  readonly paidOn: string
}

export async function payInvoice(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: PaymentInput,
): Promise<void> {
  const actor = ctx.actor
  if (actor.kind !== 'user') throw operationError('operation.forbidden')
  const ref = input.paymentRef.trim()
  await db.transaction().execute(async (trx) => {
    const row = await lockForTransition(trx, ctx, id)
    const issuedOn = shanghaiDate(row.issuedAt)
    if (
      !ref ||
      !isCalendarDate(input.paidOn) ||
      input.paidOn < issuedOn ||
      input.paidOn > shanghaiDate(new Date())
    )
      throw operationError('operation.payment_invalid', {
        detail: {
          zh: `付款日期须在开具日 ${issuedOn} 与今天之间，付款凭证号不能为空`,
          en: `The payment date must lie between the issue day ${issuedOn} and today; a reference is required`,
        },
      })
    if (input.amountFen !== fen(row.amountFen))
      throw operationError('operation.payment_amount_mismatch', {
        detail: {
          zh: `付款金额 ${formatYuan(input.amountFen)} 元与结算单金额 ${formatYuan(fen(row.amountFen))} 元不一致`,
          en: `The amount paid differs from the invoice total ${formatYuan(fen(row.amountFen))}`,
        },
      })
    await t(trx)
      .updateTable('operationInvoices')
      .set({
        state: 'paid',
        paymentRef: ref,
        paidAmountFen: String(input.amountFen),
        paidOn: input.paidOn,
        paidBy: actor.userId,
        paidByName: actor.displayName,
        paidAt: new Date(),
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.invoice_pay',
      targetType: 'operation_invoice',
      targetId: id,
      orgId: row.operatorOrgId,
      details: {
        number: row.number,
        amountFen: String(input.amountFen),
        paidOn: input.paidOn,
        paymentRef: ref,
      },
    })
  })
}

/** Voids an unpaid invoice; its revenue shares are reversed by the state (every revenue sum skips void invoices). */
export async function voidInvoice(db: Db, ctx: RequestContext, id: string, reason: string): Promise<void> {
  const actor = ctx.actor
  if (actor.kind !== 'user') throw operationError('operation.forbidden')
  const why = reason.trim()
  await db.transaction().execute(async (trx) => {
    const row = await lockForTransition(trx, ctx, id)
    if (!why) throw operationError('operation.void_reason_required')
    await t(trx)
      .updateTable('operationInvoices')
      .set({
        state: 'void',
        voidReason: why,
        voidedBy: actor.userId,
        voidedByName: actor.displayName,
        voidedAt: new Date(),
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.invoice_void',
      targetType: 'operation_invoice',
      targetId: id,
      orgId: row.operatorOrgId,
      details: { number: row.number, amountFen: String(row.amountFen), reason: why },
    })
  })
}
