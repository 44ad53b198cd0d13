/**
 * Products and services of an operator (产品和服务): made inside a mandate from the project's resources and other
 * products (their lineage is recorded), priced under the authorizer's cap, published (= delivered), optionally
 * listed on a data exchange. An operator may not re-develop, directly or through another product, a product it
 * has delivered itself (第6条).
 */
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { resourceForSharing } from '../catalog/index.ts'
import { registrationStatusOf } from '../registration/index.ts'
import { operationError } from './errors.ts'
import { findMandate, mandateInForce } from './mandates.ts'
import { fen } from './money.ts'
import { authorizes, isOperatorStaff } from './policy.ts'
import { priceProblem } from './pricing.ts'
import { findProject, humanCode, includedResourceIds } from './projects.ts'
import { type ChargingUnit, type ProductKind, type ProductRow, t, type UseClass } from './tables.ts'

export interface ProductInput {
  readonly mandateId: string
  readonly name: string
  readonly kind: ProductKind
  readonly useClass: UseClass
  readonly chargingUnit: ChargingUnit
  readonly unitLabel: string
  readonly description?: string | undefined
  readonly resourceInputs: readonly string[]
  readonly productInputs?: readonly string[] | undefined
  readonly apiResourceId?: string | null | undefined
  readonly apiFields?: readonly string[] | undefined
  readonly registrationNo?: string | null | undefined
}

/** Lineage depth walked for indirect re-development; deeper chains are refused as invalid. */
const MAX_LINEAGE_DEPTH = 32

/** True when `start` products, or anything they are made from, include a product `operatorOrgId` delivered. */
async function reachesOwnDelivered(
  db: Db,
  operatorOrgId: string,
  start: readonly string[],
): Promise<boolean> {
  const seen = new Set<string>()
  let frontier = [...new Set(start)]
  for (let depth = 0; frontier.length > 0; depth++) {
    if (depth > MAX_LINEAGE_DEPTH) throw operationError('operation.product_invalid')
    const rows = await t(db)
      .selectFrom('operationProducts')
      .select(['id', 'operatorOrgId', 'deliveredAt'])
      .where('id', 'in', frontier)
      .execute()
    if (rows.some((r) => r.operatorOrgId === operatorOrgId && r.deliveredAt !== null)) return true
    for (const id of frontier) seen.add(id)
    const next = await t(db)
      .selectFrom('operationProductInputs')
      .select('inputId')
      .where('productId', 'in', frontier)
      .where('inputKind', '=', 'product')
      .execute()
    frontier = [...new Set(next.map((n) => n.inputId))].filter((id) => !seen.has(id))
  }
  return false
}

async function checkInputs(
  db: Db,
  operatorOrgId: string,
  projectId: string,
  input: ProductInput,
): Promise<void> {
  const inScope = new Set(await includedResourceIds(db, projectId))
  const resources = [...new Set(input.resourceInputs)]
  const products = [...new Set(input.productInputs ?? [])]
  if (resources.length + products.length === 0) throw operationError('operation.product_invalid')
  if (resources.some((id) => !inScope.has(id))) throw operationError('operation.input_out_of_scope')
  if (products.length) {
    const found = await t(db)
      .selectFrom('operationProducts')
      .select(['id', 'status'])
      .where('id', 'in', products)
      .execute()
    if (found.length !== products.length) throw operationError('operation.product_not_found')
    if (await reachesOwnDelivered(db, operatorOrgId, products))
      throw operationError('operation.redevelopment')
  }
  if (input.kind === 'api') {
    const rid = input.apiResourceId
    if (!rid || !resources.includes(rid)) throw operationError('operation.product_invalid')
    const r = await resourceForSharing(db, rid)
    const codes = new Set(r?.fields.map((f) => f.code) ?? [])
    const fields = input.apiFields ?? []
    if (fields.length === 0 || fields.some((f) => !codes.has(f)))
      throw operationError('operation.product_invalid')
  }
}

export async function createProduct(db: Db, ctx: RequestContext, input: ProductInput): Promise<string> {
  const m = await findMandate(db, input.mandateId)
  if (!isOperatorStaff(ctx.actor, m.operatorOrgId)) throw operationError('operation.forbidden')
  if (!mandateInForce(m)) throw operationError('operation.mandate_inactive')
  await checkInputs(db, m.operatorOrgId, m.projectId, input)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('operationProducts')
      .values({
        id,
        code: humanCode('CP'),
        mandateId: m.id,
        projectId: m.projectId,
        operatorOrgId: m.operatorOrgId,
        name: input.name.trim(),
        kind: input.kind,
        useClass: input.useClass,
        chargingUnit: input.chargingUnit,
        unitLabel: input.unitLabel.trim(),
        description: (input.description ?? '').trim(),
        apiResourceId: input.kind === 'api' ? (input.apiResourceId ?? null) : null,
        apiFields: input.kind === 'api' ? [...(input.apiFields ?? [])] : [],
        priceFen: '0',
        registrationNo: input.registrationNo?.trim() || null,
      })
      .execute()
    const inputs = [
      ...new Set(input.resourceInputs.map((r) => `resource:${r}`)),
      ...new Set((input.productInputs ?? []).map((p) => `product:${p}`)),
    ].map((key) => {
      const [kind, inputId] = key.split(':') as ['resource' | 'product', string]
      return { productId: id, inputKind: kind, inputId }
    })
    await t(trx).insertInto('operationProductInputs').values(inputs).execute()
    await recordAudit(trx, ctx, {
      action: 'operation.product_create',
      targetType: 'operation_product',
      targetId: id,
      details: { mandateId: m.id, kind: input.kind, useClass: input.useClass, inputs: inputs.length },
    })
  })
  return id
}

export async function findProduct(db: Db, id: string): Promise<ProductRow> {
  const row = await t(db).selectFrom('operationProducts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw operationError('operation.product_not_found')
  return row
}

const capOf = (p: ProductRow) => (p.priceCapFen === null ? null : fen(p.priceCapFen))

function throwPriceProblem(p: ProductRow, priceFen: bigint): void {
  const problem = priceProblem(p.useClass, priceFen, capOf(p))
  if (problem === 'public_interest_not_free') throw operationError('operation.public_interest_free')
  if (problem === 'no_cap') throw operationError('operation.price_no_cap')
  if (problem === 'above_cap') throw operationError('operation.price_above_cap')
}

async function recordPriceChange(
  db: Db,
  ctx: RequestContext,
  p: ProductRow,
  kind: 'cap' | 'price',
  newFen: bigint,
  reason: string | null,
): Promise<void> {
  const actor = ctx.actor
  if (actor.kind !== 'user') throw operationError('operation.forbidden')
  await db.transaction().execute(async (trx) => {
    const set = kind === 'cap' ? { priceCapFen: String(newFen) } : { priceFen: String(newFen) }
    await t(trx)
      .updateTable('operationProducts')
      .set({ ...set, updatedAt: new Date() })
      .where('id', '=', p.id)
      .execute()
    const old = kind === 'cap' ? p.priceCapFen : p.priceFen
    await t(trx)
      .insertInto('operationPriceChanges')
      .values({
        id: newId(),
        productId: p.id,
        kind,
        oldFen: old === null ? null : String(old),
        newFen: String(newFen),
        reason,
        changedBy: actor.userId,
        changedByName: actor.displayName,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: kind === 'cap' ? 'operation.price_cap_set' : 'operation.price_set',
      targetType: 'operation_product',
      targetId: p.id,
      details: { oldFen: old === null ? null : String(old), newFen: String(newFen) },
    })
  })
}

/** The operator sets its actual price: ≤ the cap, and 0 for public-interest products. */
export async function setPrice(
  db: Db,
  ctx: RequestContext,
  id: string,
  priceFen: bigint,
  reason: string | null,
) {
  const p = await findProduct(db, id)
  if (!isOperatorStaff(ctx.actor, p.operatorOrgId)) throw operationError('operation.forbidden')
  if (p.status === 'withdrawn') throw operationError('operation.product_state')
  throwPriceProblem(p, priceFen)
  await recordPriceChange(db, ctx, p, 'price', priceFen, reason)
}

/** The authorizer sets a product's cap; it may not fall below the price in force (the operator lowers first). */
export async function setCap(db: Db, ctx: RequestContext, id: string, capFen: bigint, reason: string | null) {
  const p = await findProduct(db, id)
  if (!authorizes(ctx.actor, (await findProject(db, p.projectId)).regionCode))
    throw operationError('operation.forbidden')
  if (p.useClass === 'public_interest' && capFen !== 0n)
    throw operationError('operation.public_interest_free')
  if (capFen < fen(p.priceFen)) throw operationError('operation.cap_below_price')
  await recordPriceChange(db, ctx, p, 'cap', capFen, reason)
}

/**
 * Where the province requires it (`config.operation.publishRequiresRegistration`), a product is published only
 * with a valid registration; otherwise (the national default) registration follows within the working days
 * after delivery that the product page counts down.
 */
async function checkRegistered(db: Db, config: Config, productId: string): Promise<void> {
  if (!config.operation.publishRequiresRegistration) return
  const reg = await registrationStatusOf(db, { operationProductId: productId })
  if (reg?.status !== 'valid')
    throw operationError('operation.registration_required', {
      extra: { registrationStatus: reg?.status ?? null },
      detail: {
        zh: '本地区要求数据产品先登记后上架：请先在“资源登记”中为该产品办理首次登记，取得有效登记证书后再上架',
        en: 'Register the product first: publication requires a valid registration here',
      },
    })
}

export async function changeProductStatus(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  to: 'published' | 'withdrawn',
): Promise<void> {
  const p = await findProduct(db, id)
  if (!isOperatorStaff(ctx.actor, p.operatorOrgId)) throw operationError('operation.forbidden')
  if (to === 'published') {
    if (p.status === 'published') throw operationError('operation.product_state')
    if (!mandateInForce(await findMandate(db, p.mandateId)))
      throw operationError('operation.mandate_inactive')
    throwPriceProblem(p, fen(p.priceFen))
    await checkRegistered(db, config, p.id)
  } else if (p.status !== 'published') throw operationError('operation.product_state')
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('operationProducts')
      .set({
        status: to,
        ...(to === 'published' && p.deliveredAt === null ? { deliveredAt: new Date() } : {}),
        updatedAt: new Date(),
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: to === 'published' ? 'operation.product_publish' : 'operation.product_withdraw',
      targetType: 'operation_product',
      targetId: id,
    })
  })
}

export async function setListing(
  db: Db,
  ctx: RequestContext,
  id: string,
  listing: {
    exchangeName: string | null
    listingNo: string | null
    registrationNo?: string | null | undefined
  },
): Promise<void> {
  const p = await findProduct(db, id)
  if (!isOperatorStaff(ctx.actor, p.operatorOrgId)) throw operationError('operation.forbidden')
  if ((listing.exchangeName === null) !== (listing.listingNo === null))
    throw operationError('operation.product_invalid')
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('operationProducts')
      .set({
        exchangeName: listing.exchangeName,
        exchangeListingNo: listing.listingNo,
        ...(listing.registrationNo !== undefined ? { registrationNo: listing.registrationNo } : {}),
        updatedAt: new Date(),
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.product_listing',
      targetType: 'operation_product',
      targetId: id,
      details: { exchangeName: listing.exchangeName, listingNo: listing.listingNo },
    })
  })
}
