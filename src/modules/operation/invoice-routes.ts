/**
 * Console routes of invoices (结算单) and of the annual report's submission. Thin: the rules live in
 * invoices.ts, invoice-views.ts and annual-reports.ts.
 */
import { Type } from 'typebox'
import { isCalendarDate } from '../../platform/calendar/index.ts'
import { type AppInstance, Page, PageQuery, pageWindow, requestContext } from '../../platform/http/index.ts'
import { listReminders, reportStatus, submission, submitAnnualReport } from './annual-reports.ts'
import type { OperationDeps } from './deps.ts'
import { operationError } from './errors.ts'
import { invoicePdf } from './invoice-pdf.ts'
import {
  INVOICE_SORTS,
  type InvoiceFilter,
  invoiceDetail,
  invoicesXlsx,
  listInvoices,
} from './invoice-views.ts'
import { payInvoice, voidInvoice } from './invoices.ts'
import { parseYuan } from './money.ts'
import { IsoDate, OperatorYear, Uuid, Yuan } from './schemas.ts'

const TAGS = ['operation']
const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })
const NoContent = { 204: Type.Null() }
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const filterProps = {
  side: Type.Optional(Type.Enum(['sales', 'purchases', 'region'], { description: '销售 / 采购 / 辖区' })),
  state: Type.Optional(Type.Enum(['issued', 'paid', 'void'], { description: '已开具 / 已付款 / 已作废' })),
  overdue: Type.Optional(Type.Boolean({ description: '仅逾期未付（true）或排除逾期（false）' })),
  periodFrom: Type.Optional(IsoDate),
  periodTo: Type.Optional(IsoDate),
  buyerOrgId: Type.Optional(Uuid),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '结算单号、订单号或产品名称' })),
  sort: Type.Optional(Type.Enum([...INVOICE_SORTS])),
}
const InvoiceQuery = Type.Object({ ...PageQuery.properties, ...filterProps }, { additionalProperties: false })
const ExportQuery = Type.Object(filterProps, { additionalProperties: false })

const PayBody = Type.Object(
  {
    paymentRef: Type.String({ minLength: 1, maxLength: 100, description: '付款凭证号（银行流水号等）' }),
    amount: Yuan,
    paidOn: IsoDate,
  },
  { additionalProperties: false },
)
const VoidBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: '作废原因' }) },
  { additionalProperties: false },
)

/** Period bounds pass the schema pattern; a day that does not exist (2026-02-30) is refused before any query. */
function filterOf(q: InvoiceFilter): InvoiceFilter {
  for (const d of [q.periodFrom, q.periodTo])
    if (d !== undefined && !isCalendarDate(d)) throw operationError('operation.period_invalid')
  return q
}

export async function invoiceRoutes(app: AppInstance, deps: OperationDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/operation/invoices',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary:
          '结算单：sales 本运营机构、purchases 本单位采购、region 数据局辖区；可按状态、逾期、计费期、采购单位筛选',
        querystring: InvoiceQuery,
        response: { 200: Page(Type.Unknown()) },
      },
    },
    async (request) => listInvoices(db, request.actor, pageWindow(request.query), filterOf(request.query)),
  )

  app.get(
    '/api/v1/operation/invoices/export',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '导出结算单列表（Excel）',
        querystring: ExportQuery,
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', 'attachment; filename="invoices.xlsx"')
        .send(await invoicesXlsx(db, request.actor, filterOf(request.query))),
  )

  app.get(
    '/api/v1/operation/invoices/:id',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '结算单详情：付款或作废记录、收益分配',
        params: IdParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => invoiceDetail(db, request.actor, request.params.id),
  )

  app.get(
    '/api/v1/operation/invoices/:id.pdf',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '结算单 PDF（收费凭证，非增值税发票）',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const invoice = await invoiceDetail(db, request.actor, request.params.id)
      const body = await invoicePdf(config, invoice)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="invoice-${invoice.number}.pdf"`)
        .send(body)
    },
  )

  app.post(
    '/api/v1/operation/invoices/:id/pay',
    {
      schema: {
        tags: TAGS,
        summary: '登记付款（运营机构；金额须等于结算单金额）',
        params: IdParams,
        body: PayBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      const amountFen = parseYuan(request.body.amount)
      if (amountFen === null) throw operationError('operation.payment_invalid')
      await payInvoice(db, requestContext(request), request.params.id, {
        paymentRef: request.body.paymentRef,
        amountFen,
        paidOn: request.body.paidOn,
      })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/operation/invoices/:id/void',
    {
      schema: {
        tags: TAGS,
        summary: '作废未付款的结算单（须说明原因；冲销收益分配）',
        params: IdParams,
        body: VoidBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await voidInvoice(db, requestContext(request), request.params.id, request.body.reason)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/operation/reports/annual/submissions',
    {
      schema: {
        tags: TAGS,
        summary: '授权方报送年度收费情况报告（固化报告并计算 SM3 摘要；再次报送形成新版本）',
        body: OperatorYear,
        response: {
          201: Type.Object({
            id: Type.String(),
            revision: Type.Integer(),
            digest: Type.String(),
            submittedAt: Type.String(),
          }),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await submitAnnualReport(
            db,
            requestContext(request),
            request.body.operatorOrgId,
            request.body.year,
          ),
        ),
  )

  app.get(
    '/api/v1/operation/reports/annual/submissions',
    {
      schema: {
        tags: TAGS,
        summary: '年度报告报送情况：截止日、状态（待报送/逾期/已报送）、各版本、提醒',
        querystring: OperatorYear,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) =>
      reportStatus(db, config, request.actor, request.query.operatorOrgId, request.query.year),
  )

  app.get(
    '/api/v1/operation/reports/annual/submissions/:id',
    {
      schema: {
        tags: TAGS,
        summary: '已报送的年度报告（固化内容与摘要校验）',
        params: IdParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => submission(db, request.actor, request.params.id),
  )

  app.get(
    '/api/v1/operation/reports/reminders',
    {
      schema: {
        tags: TAGS,
        summary: '年度报告报送提醒（辖区数据局、本运营机构）',
        response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }) },
      },
    },
    async (request) => ({ items: await listReminders(db, request.actor) }),
  )
}
