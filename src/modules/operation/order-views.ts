/** Orders with their invoices and revenue shares, scoped: the operator's staff, the buyer org, the bureau. */
import { type Expression, type SqlBool, sql } from 'kysely'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import type { PageWindow } from '../../platform/http/index.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { orgSummaries } from '../identity/index.ts'
import { operationError } from './errors.ts'
import { isOverdue } from './invoices.ts'
import { fen, formatYuan } from './money.ts'
import { isBuyer, isOperatorStaff, readableRegions, readsRegion } from './policy.ts'
import { t } from './tables.ts'

export async function listOrders(
  db: Db,
  actor: Actor,
  w: PageWindow,
  filter: { side?: 'sales' | 'purchases' | 'region' | undefined; q?: string | undefined },
) {
  if (actor.kind !== 'user') return { items: [], total: 0, page: w.page, pageSize: w.pageSize }
  const side =
    filter.side ??
    (actor.roles.includes('operator_staff') ? 'sales' : isBuyer(actor) ? 'purchases' : 'region')
  const regions = readableRegions(actor)
  const rows = await t(db)
    .selectFrom('operationOrders as o')
    .innerJoin('operationProducts as pr', 'pr.id', 'o.productId')
    .innerJoin('operationProjects as p', 'p.id', 'pr.projectId')
    .where((eb) => {
      const all: Expression<SqlBool>[] = []
      if (side === 'sales')
        all.push(
          actor.roles.includes('operator_staff')
            ? eb('o.operatorOrgId', '=', actor.orgId)
            : sql<SqlBool>`false`,
        )
      if (side === 'purchases')
        all.push(isBuyer(actor) ? eb('o.buyerOrgId', '=', actor.orgId) : sql<SqlBool>`false`)
      if (side === 'region')
        all.push(
          regions.length
            ? eb.or(regions.map((r) => eb('p.regionCode', 'like', `${regionPrefix(r)}%`)))
            : sql<SqlBool>`false`,
        )
      if (filter.q)
        all.push(eb.or([eb('o.code', 'ilike', `%${filter.q}%`), eb('pr.name', 'ilike', `%${filter.q}%`)]))
      return eb.and(all)
    })
    .select([
      'o.id',
      'o.code',
      'o.status',
      'o.quantity',
      'o.unitPriceFen',
      'o.purpose',
      'o.validUntil',
      'o.createdAt',
      'o.buyerOrgId',
      'o.operatorOrgId',
      'o.grantId',
      'pr.name as productName',
      'pr.code as productCode',
      'pr.chargingUnit',
      'pr.unitLabel',
    ])
    .select((eb) => [
      eb
        .selectFrom('operationInvoices as i')
        .select(sql<string>`coalesce(sum(i.amount_fen), 0)::text`.as('s'))
        .whereRef('i.orderId', '=', 'o.id')
        .where('i.state', '<>', 'void')
        .as('invoiced'),
      sql<number>`count(*) over ()`.as('fullCount'),
    ])
    .orderBy('o.createdAt', 'desc')
    .orderBy('o.id', 'desc')
    .limit(w.limit)
    .offset(w.offset)
    .execute()
  const orgs = await orgSummaries(
    db,
    rows.flatMap((r) => [r.buyerOrgId, r.operatorOrgId]),
  )
  return {
    items: rows.map(({ fullCount: _c, unitPriceFen, invoiced, ...r }) => ({
      ...r,
      buyerOrgName: orgs.get(r.buyerOrgId)?.name ?? '',
      operatorOrgName: orgs.get(r.operatorOrgId)?.name ?? '',
      unitPrice: formatYuan(fen(unitPriceFen)),
      invoiced: formatYuan(BigInt(invoiced ?? '0')),
      validUntil: r.validUntil.toISOString(),
      createdAt: r.createdAt.toISOString(),
    })),
    total: Number(rows[0]?.fullCount ?? 0),
    page: w.page,
    pageSize: w.pageSize,
  }
}

export async function orderInvoices(db: Db, actor: Actor, orderId: string) {
  const o = await t(db).selectFrom('operationOrders').selectAll().where('id', '=', orderId).executeTakeFirst()
  if (!o) throw operationError('operation.order_not_found')
  const p = await t(db)
    .selectFrom('operationProducts as pr')
    .innerJoin('operationProjects as p', 'p.id', 'pr.projectId')
    .select('p.regionCode')
    .where('pr.id', '=', o.productId)
    .executeTakeFirstOrThrow()
  const buyerSide = actor.kind === 'user' && actor.orgId === o.buyerOrgId && isBuyer(actor)
  const visible = buyerSide || isOperatorStaff(actor, o.operatorOrgId) || readsRegion(actor, p.regionCode)
  if (!visible) throw operationError('operation.order_not_found')
  const invoices = await t(db)
    .selectFrom('operationInvoices')
    .selectAll()
    .where('orderId', '=', orderId)
    .orderBy('periodStart')
    .execute()
  const shares = invoices.length
    ? await t(db)
        .selectFrom('operationRevenueShares')
        .selectAll()
        .where(
          'invoiceId',
          'in',
          invoices.map((i) => i.id),
        )
        .execute()
    : []
  return invoices.map((i) => ({
    id: i.id,
    number: i.number,
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    quantity: i.quantity,
    unitPrice: formatYuan(fen(i.unitPriceFen)),
    amount: formatYuan(fen(i.amountFen)),
    issuedAt: i.issuedAt.toISOString(),
    state: i.state,
    dueOn: i.dueOn,
    overdue: isOverdue(i),
    shares: shares
      .filter((s) => s.invoiceId === i.id)
      .map((s) => ({
        party: s.party,
        orgId: s.orgId,
        shareBp: s.shareBp,
        amount: formatYuan(fen(s.amountFen)),
        // A void invoice's shares are reversed: kept for the record, counted nowhere.
        reversed: i.state === 'void',
      })),
  }))
}
