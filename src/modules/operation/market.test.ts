/**
 * Products under guided prices, the no-re-development rule, orders metered through the gateway, revenue shares,
 * the yearly deviation check with carry-over, the annual report, and public disclosure without login.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { testEngines } from '../../../test/support/db.ts'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import { findCjkFont } from '../../platform/pdf/index.ts'
import { type OperationFixture, openOperationFixture } from './fixture.ts'

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const idOf = (res: { json<T>(): T }) => res.json<{ id: string }>().id
const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
const today = () => shanghaiDate(new Date())

for (const engine of testEngines()) {
  describe(`operation market on ${engine}`, () => {
    let f: OperationFixture
    let project: Awaited<ReturnType<OperationFixture['activeProject']>>
    let apiProduct: string
    let orderId: string
    const product = (mandateId: string, overrides: Record<string, unknown> = {}) => ({
      mandateId,
      name: '企业信用画像接口',
      kind: 'api',
      useClass: 'industry',
      chargingUnit: 'call',
      unitLabel: '次',
      resourceInputs: [project.resourceId],
      apiResourceId: project.resourceId,
      apiFields: ['sfzh', 'qh', 'nl'],
      ...overrides,
    })

    before(async () => {
      f = await openOperationFixture(engine, { GATEWAY_LOG_FLUSH_MS: '50' })
      project = await f.activeProject([f.operatorOrgId, f.operator2OrgId])
    })
    after(() => f.close())

    test('actual price ≤ cap on every change; the cap is the authorizer’s; public-interest products are free', async () => {
      const [mandate] = project.mandateIds
      assert.ok(mandate)
      const outside = await f.post(
        '/api/v1/operation/products',
        f.operator,
        product(mandate, { resourceInputs: [f.buyerOrgId] }),
      )
      assert.equal(code(outside), 'operation.input_out_of_scope')
      const other = await f.post('/api/v1/operation/products', f.operator2, product(mandate))
      assert.equal(other.statusCode, 403, 'staff act only inside their own mandates')
      const created = await f.post('/api/v1/operation/products', f.operator, product(mandate))
      assert.equal(created.statusCode, 201, created.body)
      apiProduct = idOf(created)
      const price = (amount: string, as = f.operator) =>
        f.post(`/api/v1/operation/products/${apiProduct}/price`, as, { amount })
      const cap = (amount: string, as = f.bureau) =>
        f.post(`/api/v1/operation/products/${apiProduct}/cap`, as, { amount })
      assert.equal(code(await price('0.40')), 'operation.price_no_cap')
      assert.equal((await cap('0.50', f.operator)).statusCode, 403)
      assert.equal((await cap('0.50')).statusCode, 204)
      assert.equal(code(await price('0.51')), 'operation.price_above_cap')
      assert.equal((await price('0.50')).statusCode, 204)
      assert.equal((await price('0.40')).statusCode, 204)
      assert.equal(code(await cap('0.30')), 'operation.cap_below_price')
      assert.equal((await price('-1')).statusCode, 400)
      assert.equal((await price('0.001')).statusCode, 400)
      assert.equal(
        (await f.post(`/api/v1/operation/products/${apiProduct}/publish`, f.operator)).statusCode,
        204,
      )
      const detail = (await f.get(`/api/v1/operation/products/${apiProduct}`, f.operator)).json<{
        price: string
        priceCap: string
        priceChanges: { kind: string; new: string }[]
      }>()
      assert.equal(detail.price, '0.40')
      assert.equal(detail.priceCap, '0.50')
      assert.deepEqual(
        detail.priceChanges.map((c) => `${c.kind}:${c.new}`),
        ['cap:0.50', 'price:0.50', 'price:0.40'],
      )
      // The operator sees who changed its prices; a buyer sees the prices only.
      type Changes = { priceChanges: { changedByName: string | null }[] }
      assert.ok(
        detail.priceChanges.every(
          (c) => typeof (c as { changedByName?: unknown }).changedByName === 'string',
        ),
      )
      const seenByBuyer = (await f.get(`/api/v1/operation/products/${apiProduct}`, f.buyer)).json<Changes>()
      assert.deepEqual(
        seenByBuyer.priceChanges.map((c) => c.changedByName),
        [null, null, null],
      )

      const free = await f.post(
        '/api/v1/operation/products',
        f.operator,
        product(mandate, {
          name: '公益人口统计报告',
          kind: 'report',
          useClass: 'public_interest',
          chargingUnit: 'item',
          unitLabel: '份',
          apiResourceId: null,
          apiFields: [],
        }),
      )
      assert.equal(free.statusCode, 201, free.body)
      const freeId = idOf(free)
      assert.equal(
        code(await f.post(`/api/v1/operation/products/${freeId}/price`, f.operator, { amount: '0.01' })),
        'operation.public_interest_free',
      )
      assert.equal(
        code(await f.post(`/api/v1/operation/products/${freeId}/cap`, f.bureau, { amount: '1.00' })),
        'operation.public_interest_free',
      )
    })

    test('an operator may not re-develop its own delivered product, even through another operator’s product', async () => {
      const [mine, theirs] = project.mandateIds
      assert.ok(mine && theirs)
      const again = await f.post(
        '/api/v1/operation/products',
        f.operator,
        product(mine, {
          name: '画像二次开发',
          kind: 'dataset',
          chargingUnit: 'volume',
          unitLabel: '万条',
          productInputs: [apiProduct],
          apiResourceId: null,
          apiFields: [],
        }),
      )
      assert.equal(again.statusCode, 422, again.body)
      assert.equal(code(again), 'operation.redevelopment')
      const third = await f.post(
        '/api/v1/operation/products',
        f.operator2,
        product(theirs, {
          name: '基于画像的风控模型',
          kind: 'model',
          chargingUnit: 'time',
          unitLabel: '月',
          productInputs: [apiProduct],
          apiResourceId: null,
          apiFields: [],
        }),
      )
      assert.equal(third.statusCode, 201, 'a third party may build on it')
      const indirect = await f.post(
        '/api/v1/operation/products',
        f.operator,
        product(mine, {
          name: '风控模型再加工',
          kind: 'report',
          chargingUnit: 'item',
          unitLabel: '份',
          productInputs: [idOf(third)],
          apiResourceId: null,
          apiFields: [],
        }),
      )
      assert.equal(code(indirect), 'operation.redevelopment')
      const undelivered = await f.post(
        '/api/v1/operation/products',
        f.operator,
        product(mine, {
          name: '草稿产品',
          kind: 'report',
          chargingUnit: 'item',
          unitLabel: '份',
          apiResourceId: null,
          apiFields: [],
        }),
      )
      const onDraft = await f.post(
        '/api/v1/operation/products',
        f.operator,
        product(mine, {
          name: '基于草稿',
          kind: 'report',
          chargingUnit: 'item',
          unitLabel: '份',
          productInputs: [idOf(undelivered)],
          apiResourceId: null,
          apiFields: [],
        }),
      )
      assert.equal(onDraft.statusCode, 201, 'only delivered products are protected')
    })

    test('a buyer’s order opens a gateway grant for its app; calls are metered from the gateway log and billed', async () => {
      const order = await f.post('/api/v1/operation/orders', f.buyer, {
        productId: apiProduct,
        quantity: 0,
        purpose: '企业信用评估',
        appId: f.buyerApp.id,
        validUntil: `${YEAR + 1}-06-30`,
      })
      assert.equal(order.statusCode, 201, order.body)
      orderId = idOf(order)
      const noApp = await f.post('/api/v1/operation/orders', f.buyer, {
        productId: apiProduct,
        quantity: 0,
        purpose: '企业信用评估',
        validUntil: `${YEAR + 1}-06-30`,
      })
      assert.equal(code(noApp), 'operation.order_app_invalid')
      const sfzh = '430304199001010000X'
      for (let i = 0; i < 3; i++) {
        const call = await f.get(
          `/gw/v1/${encodeURIComponent(project.resourceCode)}?sfzh=${sfzh}`,
          f.buyerApp.bearer,
        )
        assert.equal(call.statusCode, 200, call.body)
      }
      const outside = await f.get(
        `/gw/v1/${encodeURIComponent(project.resourceCode)}?sfzh=${sfzh}&fields=xm`,
        f.buyerApp.bearer,
      )
      assert.notEqual(outside.statusCode, 200, 'fields outside the product are not served')
      for (let attempt = 0; attempt < 50; attempt++) {
        await new Promise((r) => setTimeout(r, 100))
        const { sql } = await import('kysely')
        const n = await sql<{
          n: number
        }>`select count(*)::int as n from gateway_calls where status = 200`.execute(f.t.db)
        if ((n.rows[0]?.n ?? 0) >= 3) break
      }
      const meter = await f.post(`/api/v1/operation/orders/${orderId}/meter`, f.operator, {
        from: today(),
        to: today(),
      })
      assert.equal(meter.statusCode, 201, meter.body)
      assert.equal(meter.json<{ calls: number }>().calls, 3)
      const twice = await f.post(`/api/v1/operation/orders/${orderId}/meter`, f.operator, {
        from: today(),
        to: today(),
      })
      assert.equal(code(twice), 'operation.invoice_exists')
      assert.equal(
        (await f.post(`/api/v1/operation/orders/${orderId}/meter`, f.buyer, { from: today(), to: today() }))
          .statusCode,
        403,
      )
      const invoices = await f.get(`/api/v1/operation/orders/${orderId}/invoices`, f.buyer)
      const [inv] = invoices.json<{
        items: { amount: string; shares: { party: string; amount: string }[] }[]
      }>().items
      assert.equal(inv?.amount, '1.20')
      assert.deepEqual(inv?.shares.map((s) => `${s.party}:${s.amount}`).sort(), [
        'authorizer:0.12',
        'operator:1.08',
      ])
      assert.equal((await f.get(`/api/v1/operation/orders/${orderId}/invoices`, f.operator2)).statusCode, 404)
    })

    test('yearly cap, deviation check and carry-over; the annual report as JSON, xlsx and PDF', async () => {
      const body = {
        operatorOrgId: f.operatorOrgId,
        year: YEAR,
        cost: '1.00',
        subsidies: '0',
        bondYieldBp: 168,
        tax: '0',
      }
      assert.equal(
        code(await f.post('/api/v1/operation/revenue-caps', f.bureau, { ...body, profitRateBp: 769 })),
        'operation.profit_rate_too_high',
      )
      assert.equal(
        (await f.post('/api/v1/operation/revenue-caps', f.operator, { ...body, profitRateBp: 768 }))
          .statusCode,
        403,
      )
      assert.equal(
        (await f.post('/api/v1/operation/revenue-caps', f.bureau, { ...body, profitRateBp: 768 })).statusCode,
        201,
      )
      const check = await f.post('/api/v1/operation/revenue-caps/check', f.bureau, {
        operatorOrgId: f.operatorOrgId,
        year: YEAR,
      })
      assert.equal(check.statusCode, 200, check.body)
      // Cap 1.00 + 7.68 % = 1.08; revenue 1.20 → +11.11 %: the authorizer must adjust the cap; 0.12 carries over.
      assert.deepEqual(check.json(), {
        revenue: '1.20',
        deviationBp: 1111,
        outcome: 'cap_adjustment_flagged',
        excess: '0.12',
      })
      const next = await f.post('/api/v1/operation/revenue-caps', f.bureau, {
        ...body,
        year: YEAR + 1,
        cost: '2.00',
        profitRateBp: 0,
      })
      assert.equal(next.statusCode, 201, next.body)
      const nextCap = await f.get(
        `/api/v1/operation/revenue-caps?operatorOrgId=${f.operatorOrgId}&year=${YEAR + 1}`,
        f.bureau,
      )
      assert.equal(nextCap.json<{ carryOver: string; maxRevenue: string }>().carryOver, '0.12')
      assert.equal(nextCap.json<{ maxRevenue: string }>().maxRevenue, '1.88')

      const url = `/api/v1/operation/reports/annual?operatorOrgId=${f.operatorOrgId}&year=${YEAR}`
      const json = await f.get(url, f.operator)
      const r = json.json<{
        dueDate: string
        revenue: string
        products: { name: string; amount: string }[]
      }>()
      assert.equal(r.dueDate, `${YEAR + 1}-03-31`)
      assert.equal(r.products.find((p) => p.name === '企业信用画像接口')?.amount, '1.20')
      assert.equal((await f.get(url, f.operator2)).statusCode, 404)
      const xlsx = await f.t.request({ method: 'GET', url: `${url}&format=xlsx`, headers: f.bureau })
      assert.equal(xlsx.statusCode, 200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer)
      const rows = wb.getWorksheet('经营情况')?.getSheetValues() ?? []
      assert.ok(JSON.stringify(rows).includes('最高准许收入（元）'))
      assert.ok(JSON.stringify(rows).includes('1.08'))
      const pdf = await f.t.request({ method: 'GET', url: `${url}&format=pdf`, headers: f.bureau })
      if (findCjkFont(f.t.config.pdfFontPath)) {
        assert.equal(pdf.statusCode, 200)
        assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')
      } else assert.equal(pdf.statusCode, 503)
    })

    test('disclosure is public and reveals nothing restricted', async () => {
      assert.equal(
        (await f.post(`/api/v1/operation/products/${apiProduct}/withdraw`, f.operator)).statusCode,
        204,
      )
      assert.equal(
        (await f.post(`/api/v1/operation/products/${apiProduct}/publish`, f.operator)).statusCode,
        204,
      )
      await f.t.request({
        method: 'PUT',
        url: `/api/v1/operation/products/${apiProduct}/listing`,
        headers: f.operator,
        payload: { exchangeName: '湖南大数据交易所', listingNo: 'HNDEX-2026-0001' },
      })
      const mandates = await f.get('/api/v1/public/operation/mandates')
      assert.equal(mandates.statusCode, 200, mandates.body)
      const m = mandates.json<{
        items: { operatorOrgName: string; content: string; termEnd: string; resources: { code: string }[] }[]
      }>()
      assert.ok(
        m.items.some(
          (i) =>
            i.operatorOrgName === '湘潭数据运营有限公司' &&
            i.termEnd === '2030-12-31' &&
            i.resources[0]?.code === project.resourceCode,
        ),
      )
      const operators = await f.get('/api/v1/public/operation/operators')
      const products = operators.json<{
        items: {
          name: string
          products: { name: string; price: string; priceCap: string; exchangeListingNo: string }[]
        }[]
      }>()
      const listed = products.items.flatMap((o) => o.products).find((p) => p.name === '企业信用画像接口')
      assert.equal(listed?.price, '0.40')
      assert.equal(listed?.exchangeListingNo, 'HNDEX-2026-0001')
      const usage = await f.get(`/api/v1/public/operation/usage?year=${YEAR}`)
      assert.equal(
        usage
          .json<{ items: { productName: string; orders: number; quantity: string }[] }>()
          .items.find((u) => u.productName === '企业信用画像接口')?.quantity,
        '3',
      )
      const all = mandates.body + operators.body + usage.body
      for (const secret of [
        '按协议约定',
        '公开招标，三家投标',
        '测试内容',
        '湘潭市市场监督管理局',
        '430304199001010000X',
        'amount',
        'cost',
        '1.20',
        '三重一大',
        '常务会议',
      ])
        assert.ok(!all.includes(secret), `public disclosure leaks ${secret}`)
    })
  })
}
