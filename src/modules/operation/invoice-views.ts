/**
 * The read side of invoices: a filtered, sorted, paged list scoped like orders (the operator's staff see their
 * sales, a buyer org its purchases, bureau readers their region), one invoice with its revenue shares, and the
 * list as an Excel workbook.
 */
import ExcelJS from 'exceljs'
import { type Expression, type SqlBool, sql } from 'kysely'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import type { PageWindow } from '../../platform/http/index.ts'
import { regionPrefix } from '../../platform/validators/index.ts'
import { orgSummaries } from '../identity/index.ts'
import { documentDigest } from './digest.ts'
import { operationError } from './errors.ts'
import { isOverdue, visibleInvoice } from './invoices.ts'
import { fen, formatYuan } from './money.ts'
import { isBuyer, isOperatorStaff, readableRegions } from './policy.ts'
import { type InvoiceState, t } from './tables.ts'

export type InvoiceSide = 'sales' | 'purchases' | 'region'
export const INVOICE_SORTS = [
  'issued_desc',
  'issued_asc',
  'due_asc',
  'due_desc',
  'amount_desc',
  'amount_asc',
  'number_asc',
] as const
export type InvoiceSort = (typeof INVOICE_SORTS)[number]

export interface InvoiceFilter {
  readonly side?: InvoiceSide | undefined
  readonly state?: InvoiceState | undefined
  readonly overdue?: boolean | undefined
  /** Billing periods starting on or after / on or before these Beijing dates. */
  readonly periodFrom?: string | undefined
  readonly periodTo?: string | undefined
  readonly buyerOrgId?: string | undefined
  readonly q?: string | undefined
  readonly sort?: InvoiceSort | undefined
}

export const STATE_LABELS: Record<InvoiceState, string> = { issued: '已开具', paid: '已付款', void: '已作废' }
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function defaultSide(actor: Actor): InvoiceSide {
  if (actor.kind !== 'user') return 'purchases'
  if (actor.roles.includes('operator_staff')) return 'sales'
  return isBuyer(actor) ? 'purchases' : 'region'
}

/** Invoices with their order and product, before any scoping. */
function base(db: Db) {
  return t(db)
    .selectFrom('operationInvoices as i')
    .innerJoin('operationOrders as o', 'o.id', 'i.orderId')
    .innerJoin('operationProducts as pr', 'pr.id', 'o.productId')
    .innerJoin('operationProjects as p', 'p.id', 'pr.projectId')
    .select([
      'i.id',
      'i.number',
      'i.state',
      'i.dueOn',
      'i.issuedAt',
      'i.periodStart',
      'i.periodEnd',
      'i.quantity',
      'i.unitPriceFen',
      'i.amountFen',
      'i.buyerOrgId',
      'i.operatorOrgId',
      'i.paidOn',
      'i.paymentRef',
      'i.voidReason',
      'i.orderId',
      'o.code as orderCode',
      'pr.name as productName',
      'pr.unitLabel',
    ])
}

/** The actor's side of the list (nothing for an actor with no such side) and the filters. */
function query(db: Db, actor: Actor, filter: InvoiceFilter) {
  const side = filter.side ?? defaultSide(actor)
  const regions = readableRegions(actor)
  const today = shanghaiDate(new Date())
  return base(db).where((eb) => {
    const all: Expression<SqlBool>[] = []
    if (actor.kind !== 'user') all.push(sql<SqlBool>`false`)
    else if (side === 'sales')
      all.push(
        isOperatorStaff(actor, actor.orgId) ? eb('i.operatorOrgId', '=', actor.orgId) : sql<SqlBool>`false`,
      )
    else if (side === 'purchases')
      all.push(isBuyer(actor) ? eb('i.buyerOrgId', '=', actor.orgId) : sql<SqlBool>`false`)
    else
      all.push(
        regions.length
          ? eb.or(regions.map((r) => eb('p.regionCode', 'like', `${regionPrefix(r)}%`)))
          : sql<SqlBool>`false`,
      )
    if (filter.state) all.push(eb('i.state', '=', filter.state))
    if (filter.overdue === true) all.push(eb.and([eb('i.state', '=', 'issued'), eb('i.dueOn', '<', today)]))
    if (filter.overdue === false) all.push(eb.or([eb('i.state', '<>', 'issued'), eb('i.dueOn', '>=', today)]))
    if (filter.periodFrom) all.push(eb('i.periodStart', '>=', filter.periodFrom))
    if (filter.periodTo) all.push(eb('i.periodStart', '<=', filter.periodTo))
    if (filter.buyerOrgId) all.push(eb('i.buyerOrgId', '=', filter.buyerOrgId))
    if (filter.q)
      all.push(
        eb.or([
          eb('i.number', 'ilike', like(filter.q)),
          eb('o.code', 'ilike', like(filter.q)),
          eb('pr.name', 'ilike', like(filter.q)),
        ]),
      )
    return eb.and(all)
  })
}

function sorted(q: ReturnType<typeof base>, sort: InvoiceSort = 'issued_desc') {
  const [key, dir] = sort.split('_') as ['issued' | 'due' | 'amount' | 'number', 'asc' | 'desc']
  const column = { issued: 'i.issuedAt', due: 'i.dueOn', amount: 'i.amountFen', number: 'i.number' } as const
  return q.orderBy(column[key], dir).orderBy('i.id', dir)
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number]

async function present(db: Db, rows: readonly Row[]) {
  const orgs = await orgSummaries(
    db,
    rows.flatMap((r) => [r.buyerOrgId, r.operatorOrgId]),
  )
  const today = shanghaiDate(new Date())
  return rows.map(({ unitPriceFen, amountFen, issuedAt, ...r }) => ({
    ...r,
    buyerOrgName: orgs.get(r.buyerOrgId)?.name ?? '',
    operatorOrgName: orgs.get(r.operatorOrgId)?.name ?? '',
    unitPrice: formatYuan(fen(unitPriceFen)),
    amount: formatYuan(fen(amountFen)),
    issuedAt: issuedAt.toISOString(),
    issuedOn: shanghaiDate(issuedAt),
    overdue: isOverdue(r, today),
  }))
}

export type InvoiceListItem = Awaited<ReturnType<typeof present>>[number]

/** The facts the printed note's digest covers: what a reader can check against the platform's record. */
export function invoiceFacts(i: InvoiceListItem) {
  return {
    number: i.number,
    seller: i.operatorOrgName,
    buyer: i.buyerOrgName,
    product: i.productName,
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    quantity: String(i.quantity),
    unitPrice: i.unitPrice,
    amount: i.amount,
    issuedOn: i.issuedOn,
    dueOn: i.dueOn,
  }
}

export async function listInvoices(db: Db, actor: Actor, w: PageWindow, filter: InvoiceFilter) {
  const rows = await sorted(query(db, actor, filter), filter.sort)
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .limit(w.limit)
    .offset(w.offset)
    .execute()
  return {
    items: await present(
      db,
      rows.map(({ fullCount: _c, ...r }) => r),
    ),
    total: Number(rows[0]?.fullCount ?? 0),
    page: w.page,
    pageSize: w.pageSize,
  }
}

/** Rows an export holds at most; the sheet says when the list was cut. */
export const EXPORT_MAX_ROWS = 10_000

export async function invoicesXlsx(db: Db, actor: Actor, filter: InvoiceFilter): Promise<Buffer> {
  const rows = await sorted(query(db, actor, filter), filter.sort)
    .limit(EXPORT_MAX_ROWS + 1)
    .execute()
  const items = await present(db, rows.slice(0, EXPORT_MAX_ROWS))
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Shuhui 数惠'
  const sheet = wb.addWorksheet('结算单')
  sheet.addRow([
    '结算单号',
    '状态',
    '逾期',
    '运营机构',
    '采购单位',
    '产品',
    '订单号',
    '计费期',
    '数量',
    '单价（元）',
    '金额（元）',
    '开具日',
    '到期日',
    '付款日',
    '付款凭证号',
    '作废原因',
  ]).font = { bold: true }
  for (const i of items)
    sheet.addRow([
      i.number,
      STATE_LABELS[i.state],
      i.overdue ? '逾期' : '',
      i.operatorOrgName,
      i.buyerOrgName,
      i.productName,
      i.orderCode,
      `${i.periodStart} 至 ${i.periodEnd}`,
      String(i.quantity),
      i.unitPrice,
      i.amount,
      i.issuedOn,
      i.dueOn,
      i.paidOn ?? '',
      i.paymentRef ?? '',
      i.voidReason ?? '',
    ])
  sheet.columns.forEach((c, n) => {
    c.width = [22, 8, 6, 26, 26, 26, 24, 26, 10, 12, 14, 12, 12, 12, 20, 30][n] ?? 12
  })
  if (rows.length > EXPORT_MAX_ROWS)
    sheet.addRow([`仅导出前 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出`])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** One invoice with its order, product, parties, payment or void record and revenue shares. */
export async function invoiceDetail(db: Db, actor: Actor, id: string) {
  const { row } = await visibleInvoice(db, actor, id)
  // Visibility was decided above, on every side the actor has.
  const [item] = await present(db, await base(db).where('i.id', '=', id).execute())
  if (!item) throw operationError('operation.invoice_not_found')
  const shares = await t(db)
    .selectFrom('operationRevenueShares')
    .selectAll()
    .where('invoiceId', '=', id)
    .orderBy('party')
    .execute()
  const staff = isOperatorStaff(actor, row.operatorOrgId) && row.state === 'issued'
  return {
    ...item,
    digest: documentDigest(invoiceFacts(item)),
    paidAmount: row.paidAmountFen === null ? null : formatYuan(fen(row.paidAmountFen)),
    paidByName: row.paidByName,
    paidAt: row.paidAt?.toISOString() ?? null,
    voidedByName: row.voidedByName,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    shares: shares.map((s) => ({
      party: s.party,
      orgId: s.orgId,
      shareBp: s.shareBp,
      amount: formatYuan(fen(s.amountFen)),
      reversed: row.state === 'void',
    })),
    actions: { pay: staff, void: staff },
  }
}
