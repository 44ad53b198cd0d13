/** Console routes of products and prices, orders and metering, maximum allowed revenue and the annual report. */
import { Type } from 'typebox'
import { type AppInstance, Page, PageQuery, pageWindow, requestContext } from '../../platform/http/index.ts'
import type { OperationDeps } from './deps.ts'
import { operationError } from './errors.ts'
import { formatYuan, parseYuan } from './money.ts'
import { listOrders, orderInvoices } from './order-views.ts'
import { cancelOrder, meterOrder, placeOrder } from './orders.ts'
import { changeProductStatus, createProduct, setCap, setListing, setPrice } from './products.ts'
import { annualReport, annualReportPdf, annualReportXlsx } from './report.ts'
import { findRevenueCap, runDeviationCheck, setRevenueCap } from './revenue.ts'
import {
  ListingBody,
  MeterBody,
  OperatorYear,
  OrderCreate,
  PriceBody,
  ProductCreate,
  RevenueCapCreate,
  Uuid,
} from './schemas.ts'
import { listProducts, productDetail } from './views.ts'

const TAGS = ['operation']
const IdParams = Type.Object({ id: Uuid })
const Created = Type.Object({ id: Type.String() })
const NoContent = { 204: Type.Null() }
const Search = Type.Optional(Type.String({ minLength: 1, maxLength: 100 }))

/** Amounts are validated by the schema pattern; this turns them into fen. */
function yuan(text: string): bigint {
  const v = parseYuan(text)
  if (v === null) throw operationError('operation.product_invalid')
  return v
}

export async function marketRoutes(app: AppInstance, deps: OperationDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/operation/products',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '产品和服务：mine 本运营机构、market 已上架（采购方）、region 数据局辖区',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            scope: Type.Optional(Type.Enum(['mine', 'market', 'region'])),
            q: Search,
            projectId: Type.Optional(Uuid),
          }),
        ]),
        response: { 200: Page(Type.Unknown()) },
      },
    },
    async (request) => listProducts(db, request.actor, pageWindow(request.query), request.query),
  )

  app.post(
    '/api/v1/operation/products',
    {
      schema: {
        tags: TAGS,
        summary: '新建产品（记录数据来源；不得再开发本机构已交付的产品）',
        body: ProductCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ id: await createProduct(db, requestContext(request), request.body) }),
  )

  app.get(
    '/api/v1/operation/products/:id',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '产品详情：来源、价格与调价记录、登记与挂牌',
        params: IdParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => productDetail(db, config, request.actor, request.params.id),
  )

  app.post(
    '/api/v1/operation/products/:id/price',
    {
      schema: {
        tags: TAGS,
        summary: '运营机构调整执行价（不得高于上限价；公益类免费）',
        params: IdParams,
        body: PriceBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await setPrice(
        db,
        requestContext(request),
        request.params.id,
        yuan(request.body.amount),
        request.body.reason ?? null,
      )
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/operation/products/:id/cap',
    {
      schema: {
        tags: TAGS,
        summary: '授权方核定上限价',
        params: IdParams,
        body: PriceBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await setCap(
        db,
        requestContext(request),
        request.params.id,
        yuan(request.body.amount),
        request.body.reason ?? null,
      )
      return reply.code(204).send(null)
    },
  )

  for (const [step, to] of [
    ['publish', 'published'],
    ['withdraw', 'withdrawn'],
  ] as const)
    app.post(
      `/api/v1/operation/products/:id/${step}`,
      {
        schema: {
          tags: TAGS,
          summary: step === 'publish' ? '上架（交付）产品' : '下架产品',
          params: IdParams,
          response: NoContent,
        },
      },
      async (request, reply) => {
        await changeProductStatus(db, config, requestContext(request), request.params.id, to)
        return reply.code(204).send(null)
      },
    )

  app.put(
    '/api/v1/operation/products/:id/listing',
    {
      schema: {
        tags: TAGS,
        summary: '数据交易所挂牌信息与产品登记编号',
        params: IdParams,
        body: ListingBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await setListing(db, requestContext(request), request.params.id, request.body)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/operation/orders',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '订单：sales 本运营机构销售、purchases 本单位采购、region 数据局辖区',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ side: Type.Optional(Type.Enum(['sales', 'purchases', 'region'])), q: Search }),
        ]),
        response: { 200: Page(Type.Unknown()) },
      },
    },
    async (request) => listOrders(db, request.actor, pageWindow(request.query), request.query),
  )

  app.post(
    '/api/v1/operation/orders',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '采购已上架产品（API 产品为本单位应用开通网关授权）',
        body: OrderCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        id: await placeOrder(db, requestContext(request), request.body, config.operation.invoiceDueDays),
      }),
  )

  app.get(
    '/api/v1/operation/orders/:id/invoices',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '订单账单与收益分配',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }) },
      },
    },
    async (request) => ({ items: await orderInvoices(db, request.actor, request.params.id) }),
  )

  app.post(
    '/api/v1/operation/orders/:id/meter',
    {
      schema: {
        tags: TAGS,
        summary: '按网关调用日志计量并出账（按次计费的 API 产品）',
        params: IdParams,
        body: MeterBody,
        response: { 201: Type.Object({ invoiceId: Type.String(), calls: Type.Integer() }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await meterOrder(
            db,
            requestContext(request),
            request.params.id,
            request.body,
            config.operation.invoiceDueDays,
          ),
        ),
  )

  app.post(
    '/api/v1/operation/orders/:id/cancel',
    {
      config: { enterprise: true },
      schema: { tags: TAGS, summary: '取消订单（收回网关授权）', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await cancelOrder(db, requestContext(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/operation/revenue-caps',
    {
      schema: {
        tags: TAGS,
        summary: '核定运营机构年度最高准许收入',
        body: RevenueCapCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const b = request.body
      const id = await setRevenueCap(db, requestContext(request), {
        operatorOrgId: b.operatorOrgId,
        year: b.year,
        costFen: yuan(b.cost),
        subsidiesFen: yuan(b.subsidies),
        bondYieldBp: b.bondYieldBp,
        profitRateBp: b.profitRateBp,
        taxFen: yuan(b.tax),
        carryOverFen: b.carryOver === undefined ? undefined : yuan(b.carryOver),
      })
      return reply.code(201).send({ id })
    },
  )

  app.post(
    '/api/v1/operation/revenue-caps/check',
    {
      schema: {
        tags: TAGS,
        summary: '年度偏差核查（≤10% 运营机构调价；>10% 授权方调整上限；超额收入结转下一周期）',
        body: OperatorYear,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => {
      const r = await runDeviationCheck(
        db,
        requestContext(request),
        request.body.operatorOrgId,
        request.body.year,
      )
      return {
        revenue: formatYuan(r.revenueFen),
        deviationBp: r.deviationBp,
        outcome: r.outcome,
        excess: formatYuan(r.excessFen),
      }
    },
  )

  app.get(
    '/api/v1/operation/reports/annual',
    {
      schema: {
        tags: TAGS,
        summary: '年度收费情况报告（次年 3 月 31 日前报送）：json / xlsx / pdf',
        querystring: Type.Object({
          operatorOrgId: Uuid,
          year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          format: Type.Optional(Type.Enum(['json', 'xlsx', 'pdf'])),
        }),
      },
    },
    async (request, reply) => {
      const { operatorOrgId, year, format = 'json' } = request.query
      const report = await annualReport(db, request.actor, operatorOrgId, year)
      if (format === 'json') return report
      const file = `annual-report-${year}.${format}`
      const body = format === 'xlsx' ? await annualReportXlsx(report) : await annualReportPdf(config, report)
      return reply
        .header(
          'content-type',
          format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'application/pdf',
        )
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(body)
    },
  )

  app.get(
    '/api/v1/operation/revenue-caps',
    {
      schema: {
        tags: TAGS,
        summary: '某运营机构某年度的最高准许收入与核查结果',
        querystring: OperatorYear,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => {
      const report = await annualReport(db, request.actor, request.query.operatorOrgId, request.query.year)
      const cap = await findRevenueCap(db, request.query.operatorOrgId, request.query.year)
      return { ...report, id: cap?.id ?? null }
    },
  )
}
