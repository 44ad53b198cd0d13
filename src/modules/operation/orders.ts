/**
 * Orders of operation products by buyers (any org's stewards or admins), the gateway grant that serves an API
 * product to the buyer's app, invoices per billing period (per-call products: the calls metered in the gateway
 * log; other units: the ordered quantity, invoiced once) and the revenue shares the agreement sets. Invoices
 * carry a number per operator and year and a due day; their payment state lives in invoices.ts.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { resourceForSharing } from '../catalog/index.ts'
import { appFacts, orgFacts } from '../identity/index.ts'
import { issueProductGrant, meteredCalls, revokeProductGrant } from '../sharing/index.ts'
import { operationError } from './errors.ts'
import { invoiceDueOn, nextInvoiceNumber } from './invoices.ts'
import { findMandate } from './mandates.ts'
import { applyBp, fen } from './money.ts'
import { isBuyer, isOperatorStaff } from './policy.ts'
import { findProduct } from './products.ts'
import { findProject, humanCode } from './projects.ts'
import { type OrderRow, type ProductRow, t } from './tables.ts'

export interface OrderInput {
  readonly productId: string
  /** Units ordered (items, hours, volume); per-call products are metered instead and may order 0. */
  readonly quantity: number
  readonly purpose: string
  readonly appId?: string | null | undefined
  /** Last day of use (Beijing date); capped by the mandate's term. */
  readonly validUntil: string
}

const DAY_MS = 86_400_000
/** ¥10 billion: far above any real invoice, far below 2^53 fen once summed over a year. */
const MAX_INVOICE_FEN = 1_000_000_000_000n
/** Start of a Beijing calendar day, as an instant. */
const beijingStart = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`))
const beijingToday = (now = new Date()) => shanghaiDate(now)

async function grantFor(
  trx: Trx,
  ctx: RequestContext,
  p: ProductRow,
  order: { id: string; code: string; buyerOrgId: string; appId: string; until: Date },
) {
  const app = await appFacts(trx, order.appId)
  if (!app || app.orgId !== order.buyerOrgId || app.status !== 'active' || !app.orgActive)
    throw operationError('operation.order_app_invalid')
  const resource = p.apiResourceId ? await resourceForSharing(trx, p.apiResourceId) : undefined
  if (!resource) throw operationError('operation.product_invalid')
  return issueProductGrant(trx, ctx, {
    appId: app.id,
    consumerOrgId: order.buyerOrgId,
    consumerRegionCode: app.regionCode,
    resourceId: resource.id,
    resourceCode: resource.code,
    providerOrgId: resource.orgId,
    providerRegionCode: resource.regionCode,
    fields: p.apiFields,
    purpose: `授权运营产品 ${p.code} 订单 ${order.code}`,
    validFrom: new Date(),
    validUntil: order.until,
    quotaPerDay: null,
  })
}

/** `invoiceDueDays`: calendar days from issue to the due day of the invoices this order produces. */
export async function placeOrder(
  db: Db,
  ctx: RequestContext,
  input: OrderInput,
  invoiceDueDays: number,
): Promise<string> {
  const actor = ctx.actor
  if (!isBuyer(actor)) throw operationError('operation.forbidden')
  const p = await findProduct(db, input.productId)
  if (p.status !== 'published') throw operationError('operation.product_not_published')
  if (p.operatorOrgId === actor.orgId) throw operationError('operation.order_invalid')
  const m = await findMandate(db, p.mandateId)
  const until = input.validUntil < m.termEnd ? input.validUntil : m.termEnd
  const untilInstant = new Date(beijingStart(until).getTime() + DAY_MS)
  if (Number.isNaN(untilInstant.getTime()) || untilInstant <= new Date())
    throw operationError('operation.order_invalid')
  const metered = p.chargingUnit === 'call'
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 0 || (!metered && input.quantity === 0))
    throw operationError('operation.order_invalid')
  if (p.kind === 'api' && !input.appId) throw operationError('operation.order_app_invalid')
  const id = newId()
  const code = humanCode('DD')
  await db.transaction().execute(async (trx) => {
    const grantId =
      p.kind === 'api' && input.appId
        ? await grantFor(trx, ctx, p, {
            id,
            code,
            buyerOrgId: actor.orgId,
            appId: input.appId,
            until: untilInstant,
          })
        : null
    await t(trx)
      .insertInto('operationOrders')
      .values({
        id,
        code,
        productId: p.id,
        operatorOrgId: p.operatorOrgId,
        buyerOrgId: actor.orgId,
        buyerAppId: p.kind === 'api' ? (input.appId ?? null) : null,
        grantId,
        quantity: String(input.quantity),
        unitPriceFen: String(p.priceFen),
        purpose: input.purpose.trim(),
        validFrom: new Date(),
        validUntil: untilInstant,
        createdBy: actor.userId,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.order_place',
      targetType: 'operation_order',
      targetId: id,
      purpose: input.purpose.trim(),
      details: { productId: p.id, quantity: input.quantity, grantId },
    })
    if (!metered) {
      const today = beijingToday()
      await issueInvoice(
        trx,
        ctx,
        {
          id,
          operatorOrgId: p.operatorOrgId,
          buyerOrgId: actor.orgId,
          mandateId: p.mandateId,
          invoiceDueDays,
        },
        today,
        today,
        BigInt(input.quantity),
        fen(p.priceFen),
      )
    }
  })
  return id
}

export async function findOrder(db: Db, id: string): Promise<OrderRow> {
  const row = await t(db).selectFrom('operationOrders').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw operationError('operation.order_not_found')
  return row
}

async function issueInvoice(
  trx: Trx,
  ctx: RequestContext,
  order: { id: string; operatorOrgId: string; buyerOrgId: string; mandateId: string; invoiceDueDays: number },
  from: string,
  to: string,
  quantity: bigint,
  unitPriceFen: bigint,
): Promise<string> {
  const id = newId()
  const amount = quantity * unitPriceFen
  // Amounts are read back as JavaScript numbers (int8 parsing): keep every sum exact.
  if (amount > MAX_INVOICE_FEN) throw operationError('operation.order_invalid')
  const issuedOn = beijingToday()
  const number = await nextInvoiceNumber(trx, order.operatorOrgId, Number(issuedOn.slice(0, 4)))
  const dueOn = invoiceDueOn(issuedOn, order.invoiceDueDays)
  await t(trx)
    .insertInto('operationInvoices')
    .values({
      id,
      number,
      orderId: order.id,
      operatorOrgId: order.operatorOrgId,
      buyerOrgId: order.buyerOrgId,
      dueOn,
      periodStart: from,
      periodEnd: to,
      quantity: String(quantity),
      unitPriceFen: String(unitPriceFen),
      amountFen: String(amount),
    })
    .execute()
  const m = await findMandate(trx, order.mandateId)
  const project = await findProject(trx, m.projectId)
  const authorizerShare = applyBp(amount, m.authorizerShareBp)
  await t(trx)
    .insertInto('operationRevenueShares')
    .values([
      {
        id: newId(),
        invoiceId: id,
        party: 'authorizer',
        orgId: project.authorizerOrgId,
        shareBp: m.authorizerShareBp,
        amountFen: String(authorizerShare),
      },
      {
        id: newId(),
        invoiceId: id,
        party: 'operator',
        orgId: m.operatorOrgId,
        shareBp: 10000 - m.authorizerShareBp,
        amountFen: String(amount - authorizerShare),
      },
    ])
    .execute()
  await recordAudit(trx, ctx, {
    action: 'operation.invoice_issue',
    targetType: 'operation_order',
    targetId: order.id,
    orgId: order.operatorOrgId,
    details: {
      invoiceId: id,
      number,
      from,
      to,
      quantity: String(quantity),
      amountFen: String(amount),
      dueOn,
    },
  })
  return id
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Bills a per-call order for [from, to] (Beijing dates, to ≤ today): the successful gateway calls made under
 * the order's grant in that window, at the unit price fixed when the order was placed. Periods do not overlap.
 */
export async function meterOrder(
  db: Db,
  ctx: RequestContext,
  orderId: string,
  period: { from: string; to: string },
  invoiceDueDays: number,
) {
  const { from, to } = period
  const order = await findOrder(db, orderId)
  if (!isOperatorStaff(ctx.actor, order.operatorOrgId)) throw operationError('operation.forbidden')
  const p = await findProduct(db, order.productId)
  if (p.chargingUnit !== 'call' || !order.grantId) throw operationError('operation.order_invalid')
  if (
    !DATE.test(from) ||
    !DATE.test(to) ||
    to < from ||
    to > beijingToday() ||
    Number.isNaN(beijingStart(from).getTime())
  )
    throw operationError('operation.period_invalid')
  const last = await t(db)
    .selectFrom('operationInvoices')
    .select('periodEnd')
    .where('orderId', '=', orderId)
    .where('state', '<>', 'void')
    .orderBy('periodEnd', 'desc')
    .executeTakeFirst()
  if (last && from <= last.periodEnd) throw operationError('operation.invoice_exists')
  const calls = await meteredCalls(
    db,
    order.grantId,
    beijingStart(from),
    new Date(beijingStart(to).getTime() + DAY_MS),
  )
  return db.transaction().execute(async (trx) => {
    const invoiceId = await issueInvoice(
      trx,
      ctx,
      {
        id: order.id,
        operatorOrgId: order.operatorOrgId,
        buyerOrgId: order.buyerOrgId,
        mandateId: p.mandateId,
        invoiceDueDays,
      },
      from,
      to,
      BigInt(calls),
      fen(order.unitPriceFen),
    )
    return { invoiceId, calls }
  })
}

export async function cancelOrder(db: Db, ctx: RequestContext, orderId: string): Promise<void> {
  const order = await findOrder(db, orderId)
  const actor = ctx.actor
  const buyerSide = actor.kind === 'user' && actor.orgId === order.buyerOrgId && isBuyer(actor)
  const mayCancel = buyerSide || isOperatorStaff(actor, order.operatorOrgId)
  if (!mayCancel) throw operationError('operation.order_not_found')
  if (order.status !== 'active') throw operationError('operation.order_inactive')
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('operationOrders')
      .set({ status: 'cancelled', updatedAt: new Date() })
      .where('id', '=', orderId)
      .execute()
    if (order.grantId) await revokeProductGrant(trx, ctx, order.grantId, `订单 ${order.code} 已取消`)
    await recordAudit(trx, ctx, {
      action: 'operation.order_cancel',
      targetType: 'operation_order',
      targetId: orderId,
    })
  })
}

/** The buyer org's region, for bureau readers' scoping of orders. */
export async function orgRegion(db: Db, orgId: string): Promise<string | null> {
  return (await orgFacts(db, orgId))?.regionCode ?? null
}
