/**
 * The annual report on guided prices (due 31 March of the next year): the approved maximum allowed revenue and
 * its parts, actual revenue, profit, deviation and outcome, per-product sales, and the year's price changes. As
 * data, as an Excel workbook and as a PDF.
 */
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import type { Config } from '../../platform/config.ts'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { cjkDocument, findCjkFont, pdfBuffer } from '../../platform/pdf/index.ts'
import { orgFacts, orgSummaries } from '../identity/index.ts'
import { operationError } from './errors.ts'
import { fen, formatYuan } from './money.ts'
import { isOperatorStaff, readsRegion } from './policy.ts'
import { maxAllowedRevenue, reportDue } from './pricing.ts'
import { findRevenueCap, revenueOf } from './revenue.ts'
import { t } from './tables.ts'

const USE = { public_interest: '公共治理/公益（免费）', industry: '产业/行业发展（收费）' } as const
const OUTCOME = {
  within: '与上限一致',
  operator_adjusts: '偏差不超过 10%，由运营机构调整执行价',
  cap_adjustment_flagged: '偏差超过 10%，由授权方调整上限价',
} as const

export async function annualReport(db: Db, actor: Actor, operatorOrgId: string, year: number) {
  const org = await orgFacts(db, operatorOrgId)
  if (!org || !(isOperatorStaff(actor, operatorOrgId) || readsRegion(actor, org.regionCode)))
    throw operationError('operation.revenue_cap_not_found')
  const cap = await findRevenueCap(db, operatorOrgId, year)
  if (!cap) throw operationError('operation.revenue_cap_not_found')
  const parts = maxAllowedRevenue({
    costFen: fen(cap.costFen),
    subsidiesFen: fen(cap.subsidiesFen),
    bondYieldBp: cap.bondYieldBp,
    profitRateBp: cap.profitRateBp,
    taxFen: fen(cap.taxFen),
    carryOverFen: fen(cap.carryOverFen),
  })
  const revenue = await revenueOf(db, operatorOrgId, year)
  const products = await t(db)
    .selectFrom('operationProducts as pr')
    .leftJoin('operationOrders as o', 'o.productId', 'pr.id')
    .leftJoin('operationInvoices as i', (j) =>
      j
        .onRef('i.orderId', '=', 'o.id')
        .on('i.periodStart', '>=', `${year}-01-01`)
        .on('i.periodStart', '<=', `${year}-12-31`)
        .on('i.state', '<>', 'void'),
    )
    .select(['pr.id', 'pr.code', 'pr.name', 'pr.useClass', 'pr.unitLabel', 'pr.priceFen', 'pr.priceCapFen'])
    .select([
      sql<number>`count(distinct o.id)::int`.as('orders'),
      sql<string>`coalesce(sum(i.quantity), 0)::text`.as('quantity'),
      sql<string>`coalesce(sum(i.amount_fen), 0)::text`.as('amount'),
    ])
    .where('pr.operatorOrgId', '=', operatorOrgId)
    .groupBy(['pr.id', 'pr.code', 'pr.name', 'pr.useClass', 'pr.unitLabel', 'pr.priceFen', 'pr.priceCapFen'])
    .orderBy('pr.code')
    .execute()
  const changes = await t(db)
    .selectFrom('operationPriceChanges as c')
    .innerJoin('operationProducts as pr', 'pr.id', 'c.productId')
    .select(['pr.name', 'c.kind', 'c.oldFen', 'c.newFen', 'c.reason', 'c.changedAt'])
    .where('pr.operatorOrgId', '=', operatorOrgId)
    .where('c.changedAt', '>=', new Date(`${year}-01-01T00:00:00+08:00`))
    .where('c.changedAt', '<', new Date(`${year + 1}-01-01T00:00:00+08:00`))
    .orderBy('c.changedAt')
    .execute()
  const name = (await orgSummaries(db, [operatorOrgId])).get(operatorOrgId)?.name ?? ''
  return {
    operatorOrgName: name,
    year,
    dueDate: reportDue(year),
    cost: formatYuan(fen(cap.costFen)),
    subsidies: formatYuan(fen(cap.subsidiesFen)),
    netCost: formatYuan(parts.netCostFen),
    bondYieldBp: cap.bondYieldBp,
    profitRateBp: cap.profitRateBp,
    allowedProfit: formatYuan(parts.profitFen),
    tax: formatYuan(fen(cap.taxFen)),
    carryOver: formatYuan(fen(cap.carryOverFen)),
    maxRevenue: formatYuan(fen(cap.maxRevenueFen)),
    revenue: formatYuan(revenue),
    profit: formatYuan(revenue - parts.netCostFen - fen(cap.taxFen)),
    deviationBp: cap.deviationBp,
    outcome: cap.outcome,
    outcomeLabel: cap.outcome ? OUTCOME[cap.outcome] : '尚未进行年度偏差核查',
    excess: cap.excessFen === null ? null : formatYuan(fen(cap.excessFen)),
    products: products.map((p) => ({
      code: p.code,
      name: p.name,
      useClass: USE[p.useClass],
      unitLabel: p.unitLabel,
      price: formatYuan(fen(p.priceFen)),
      priceCap: p.priceCapFen === null ? null : formatYuan(fen(p.priceCapFen)),
      orders: p.orders,
      quantity: p.quantity,
      amount: formatYuan(BigInt(p.amount)),
    })),
    priceChanges: changes.map((c) => ({
      product: c.name,
      kind: c.kind === 'cap' ? '上限价' : '执行价',
      old: c.oldFen === null ? null : formatYuan(fen(c.oldFen)),
      new: formatYuan(fen(c.newFen)),
      reason: c.reason,
      changedAt: c.changedAt.toISOString(),
    })),
  }
}

export type AnnualReport = Awaited<ReturnType<typeof annualReport>>

function summaryRows(r: AnnualReport): [string, string][] {
  return [
    ['运营机构', r.operatorOrgName],
    ['年度', String(r.year)],
    ['报送截止日', r.dueDate],
    ['运营成本（元）', r.cost],
    ['财政补贴（元）', r.subsidies],
    ['核定成本（扣除补贴，元）', r.netCost],
    ['上年 10 年期国债平均收益率', `${(r.bondYieldBp / 100).toFixed(2)}%`],
    ['准许收益率', `${(r.profitRateBp / 100).toFixed(2)}%`],
    ['准许收益（元）', r.allowedProfit],
    ['税金（元）', r.tax],
    ['上一周期超额收入结转扣减（元）', r.carryOver],
    ['最高准许收入（元）', r.maxRevenue],
    ['实际收入（元）', r.revenue],
    ['利润（元）', r.profit],
    ['偏差率', r.deviationBp === null ? '—' : `${(r.deviationBp / 100).toFixed(2)}%`],
    ['核查结论', r.outcomeLabel],
    ['结转下一周期的超额收入（元）', r.excess ?? '—'],
  ]
}

export async function annualReportXlsx(r: AnnualReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Shuhui 数惠'
  const summary = wb.addWorksheet('经营情况')
  summary.columns = [{ width: 34 }, { width: 48 }]
  summary.addRow([`${r.operatorOrgName} ${r.year} 年度公共数据运营服务收费情况报告`]).font = { bold: true }
  for (const row of summaryRows(r)) summary.addRow(row)
  const sales = wb.addWorksheet('分产品销售')
  sales.addRow([
    '产品编号',
    '产品名称',
    '用途类别',
    '计费单位',
    '执行价（元）',
    '上限价（元）',
    '订单数',
    '数量',
    '收入（元）',
  ])
  for (const p of r.products)
    sales.addRow([
      p.code,
      p.name,
      p.useClass,
      p.unitLabel,
      p.price,
      p.priceCap ?? '—',
      p.orders,
      p.quantity,
      p.amount,
    ])
  const changes = wb.addWorksheet('价格调整')
  changes.addRow(['产品', '类别', '原价（元）', '新价（元）', '原因', '时间'])
  for (const c of r.priceChanges)
    changes.addRow([c.product, c.kind, c.old ?? '—', c.new, c.reason ?? '', c.changedAt])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function annualReportPdf(config: Config, r: AnnualReport): Promise<Buffer> {
  const font = findCjkFont(config.pdfFontPath)
  if (!font) throw operationError('operation.pdf_font_missing')
  const doc = cjkDocument(font, {
    info: { Title: `${r.operatorOrgName} ${r.year} 年度公共数据运营服务收费情况报告` },
  })
  doc
    .fontSize(16)
    .text(`${r.operatorOrgName} ${r.year} 年度公共数据运营服务收费情况报告`, { align: 'center' })
  doc.moveDown()
  doc.fontSize(10)
  for (const [label, value] of summaryRows(r)) doc.text(`${label}：${value}`)
  doc.moveDown().fontSize(12).text('分产品销售')
  doc.fontSize(9)
  for (const p of r.products)
    doc.text(
      `${p.code} ${p.name}｜${p.useClass}｜执行价 ${p.price} 元/${p.unitLabel}｜上限 ${p.priceCap ?? '—'}｜订单 ${p.orders}｜数量 ${p.quantity}｜收入 ${p.amount} 元`,
    )
  doc.moveDown().fontSize(12).text('价格调整')
  doc.fontSize(9)
  for (const c of r.priceChanges)
    doc.text(
      `${c.changedAt.slice(0, 10)} ${c.product} ${c.kind}：${c.old ?? '—'} → ${c.new} 元 ${c.reason ?? ''}`,
    )
  return pdfBuffer(doc)
}
