/**
 * Invoices as settlement documents: readable numbers per operator and year, due dates, issued → paid / void with
 * refusals, the overdue filter, scoped lists with filters and sorting, the PDF and the Excel export, voided
 * invoices dropping out of revenue; and publication gated on registration under both settings.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { testEngines } from '../../../test/support/db.ts'
import { addCalendarDays, shanghaiDate } from '../../platform/calendar/index.ts'
import { type Headers, type OperationFixture, openOperationFixture } from './fixture.ts'

const YEAR = Number(shanghaiDate(new Date()).slice(0, 4))
const today = () => shanghaiDate(new Date())
const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const idOf = (res: { json<T>(): T }) => res.json<{ id: string }>().id

interface Item {
  id: string
  number: string
  state: string
  overdue: boolean
  amount: string
  dueOn: string
  buyerOrgName: string
}
type Project = Awaited<ReturnType<OperationFixture['activeProject']>>

/** A published fee report product (cap 100.00, price 25.50, per item) of the first mandate's operator. */
async function publishedReport(f: OperationFixture, project: Project, publish = true): Promise<string> {
  const created = await f.post('/api/v1/operation/products', f.operator, {
    mandateId: project.mandateIds[0],
    name: '企业经营分析报告',
    kind: 'report',
    useClass: 'industry',
    chargingUnit: 'item',
    unitLabel: '份',
    resourceInputs: [project.resourceId],
  })
  assert.equal(created.statusCode, 201, created.body)
  const id = idOf(created)
  assert.equal(
    (await f.post(`/api/v1/operation/products/${id}/cap`, f.bureau, { amount: '100.00' })).statusCode,
    204,
  )
  assert.equal(
    (await f.post(`/api/v1/operation/products/${id}/price`, f.operator, { amount: '25.50' })).statusCode,
    204,
  )
  if (publish)
    assert.equal((await f.post(`/api/v1/operation/products/${id}/publish`, f.operator)).statusCode, 204)
  return id
}

async function order(f: OperationFixture, productId: string, quantity: number): Promise<string> {
  const res = await f.post('/api/v1/operation/orders', f.buyer, {
    productId,
    quantity,
    purpose: '经营分析',
    validUntil: `${YEAR + 1}-06-30`,
  })
  assert.equal(res.statusCode, 201, res.body)
  const invoices = await f.get(`/api/v1/operation/orders/${idOf(res)}/invoices`, f.buyer)
  const [first] = invoices.json<{ items: { id: string }[] }>().items
  assert.ok(first)
  return first.id
}

for (const engine of testEngines()) {
  describe(`operation invoices on ${engine}`, () => {
    let f: OperationFixture
    const inv: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' }
    const list = async (query: string, as: Headers) => {
      const res = await f.get(`/api/v1/operation/invoices?${query}`, as)
      assert.equal(res.statusCode, 200, res.body)
      return res.json<{ items: Item[]; total: number }>()
    }

    before(async () => {
      f = await openOperationFixture(engine, { OPERATION_INVOICE_DUE_DAYS: '10' })
      const project = await f.activeProject([f.operatorOrgId, f.operator2OrgId])
      const product = await publishedReport(f, project)
      // Worked example: 4 × 25.50 = 102.00, 1 × 25.50 = 25.50, 2 × 25.50 = 51.00.
      inv.a = await order(f, product, 4)
      inv.b = await order(f, product, 1)
      inv.c = await order(f, product, 2)
    })
    after(() => f.close())

    test('numbers run per operator and year; due = issue day + OPERATION_INVOICE_DUE_DAYS', async () => {
      const { items } = await list('sort=number_asc', f.operator)
      assert.equal(items.length, 3)
      assert.match(items[0]?.number ?? '', new RegExp(`^JS${YEAR}-\\d{4}-000001$`))
      assert.deepEqual(
        items.map((i) => i.number.slice(-6)),
        ['000001', '000002', '000003'],
      )
      assert.deepEqual(
        items.map((i) => i.amount),
        ['102.00', '25.50', '51.00'],
      )
      assert.ok(
        items.every((i) => i.state === 'issued' && !i.overdue && i.dueOn === addCalendarDays(today(), 10)),
      )
    })

    test('payment: only the operator’s staff, exactly the total, once', async () => {
      const pay = (id: string, as: Headers, body: Record<string, unknown> = {}) =>
        f.post(`/api/v1/operation/invoices/${id}/pay`, as, {
          paymentRef: 'BANK-20260101-0001',
          amount: '102.00',
          paidOn: today(),
          ...body,
        })
      assert.equal(
        (await pay(inv.a, f.buyer)).statusCode,
        403,
        'the buyer sees it but may not record payment',
      )
      assert.equal((await pay(inv.a, f.operator2)).statusCode, 404, 'another operator does not see it')
      const short = await pay(inv.a, f.operator, { amount: '100.00' })
      assert.equal(short.statusCode, 422)
      assert.equal(code(short), 'operation.payment_amount_mismatch')
      assert.equal(
        code(await pay(inv.a, f.operator, { paidOn: addCalendarDays(today(), 1) })),
        'operation.payment_invalid',
      )
      assert.equal((await pay(inv.a, f.operator, { paidOn: '2026-02-30' })).statusCode, 400)
      assert.equal((await pay(inv.a, f.operator)).statusCode, 204)
      const again = await pay(inv.a, f.operator)
      assert.equal(again.statusCode, 409)
      assert.equal(code(again), 'operation.invoice_already_paid')
      const voidPaid = await f.post(`/api/v1/operation/invoices/${inv.a}/void`, f.operator, {
        reason: '重复',
      })
      assert.equal(code(voidPaid), 'operation.invoice_already_paid')
      const detail = await f.get(`/api/v1/operation/invoices/${inv.a}`, f.buyer)
      const d = detail.json<{
        state: string
        paidAmount: string
        paymentRef: string
        actions: { pay: boolean }
      }>()
      assert.equal(d.state, 'paid')
      assert.equal(d.paidAmount, '102.00')
      assert.equal(d.paymentRef, 'BANK-20260101-0001')
      assert.equal(d.actions.pay, false)
    })

    test('void: a reason, only unpaid, shares reversed and revenue excluded', async () => {
      const voidIt = (id: string, reason: string, as = f.operator) =>
        f.post(`/api/v1/operation/invoices/${id}/void`, as, { reason })
      assert.equal((await voidIt(inv.b, '')).statusCode, 400)
      assert.equal(code(await voidIt(inv.b, '   ')), 'operation.void_reason_required')
      assert.equal((await voidIt(inv.b, '采购单位撤回', f.bureau)).statusCode, 403)
      assert.equal((await voidIt(inv.b, '采购单位撤回')).statusCode, 204)
      assert.equal(code(await voidIt(inv.b, '再次作废')), 'operation.invoice_already_void')
      const payVoid = await f.post(`/api/v1/operation/invoices/${inv.b}/pay`, f.operator, {
        paymentRef: 'X',
        amount: '25.50',
        paidOn: today(),
      })
      assert.equal(payVoid.statusCode, 409)
      assert.equal(code(payVoid), 'operation.invoice_already_void')
      const d = (await f.get(`/api/v1/operation/invoices/${inv.b}`, f.bureau)).json<{
        voidReason: string
        shares: { reversed: boolean }[]
      }>()
      assert.equal(d.voidReason, '采购单位撤回')
      assert.ok(d.shares.length === 2 && d.shares.every((s) => s.reversed))
      const orders = (await f.get('/api/v1/operation/orders?side=purchases', f.buyer)).json<{
        items: { invoiced: string }[]
      }>()
      assert.deepEqual(orders.items.map((o) => o.invoiced).sort(), ['0.00', '102.00', '51.00'])

      // Revenue is recognized on issue (paid or not); the void invoice is out: 102.00 + 51.00 = 153.00.
      const cap = await f.post('/api/v1/operation/revenue-caps', f.bureau, {
        operatorOrgId: f.operatorOrgId,
        year: YEAR,
        cost: '150.00',
        subsidies: '0',
        bondYieldBp: 168,
        profitRateBp: 0,
        tax: '0',
      })
      assert.equal(cap.statusCode, 201, cap.body)
      const check = await f.post('/api/v1/operation/revenue-caps/check', f.bureau, {
        operatorOrgId: f.operatorOrgId,
        year: YEAR,
      })
      // |153.00 − 150.00| = 3.00 ≤ 10 % of 150.00: the operator adjusts; 3.00 carries over.
      assert.deepEqual(check.json(), {
        revenue: '153.00',
        deviationBp: 200,
        outcome: 'operator_adjusts',
        excess: '3.00',
      })
      const report = await f.get(
        `/api/v1/operation/reports/annual?operatorOrgId=${f.operatorOrgId}&year=${YEAR}`,
        f.bureau,
      )
      assert.equal(report.json<{ products: { amount: string }[] }>().products[0]?.amount, '153.00')
      const audit = await sql<{ action: string }>`
        select action from audit_events where action in ('operation.invoice_pay', 'operation.invoice_void')
      `.execute(f.t.db)
      assert.deepEqual(audit.rows.map((r) => r.action).sort(), [
        'operation.invoice_pay',
        'operation.invoice_void',
      ])
    })

    test('overdue is derived for unpaid invoices past due; lists filter, sort and stay scoped', async () => {
      await sql`update operation_invoices set due_on = ${addCalendarDays(today(), -1)} where id = ${inv.c}`.execute(
        f.t.db,
      )
      const overdue = await list('overdue=true', f.operator)
      assert.deepEqual(
        overdue.items.map((i) => i.id),
        [inv.c],
      )
      assert.equal((await list('overdue=false', f.operator)).total, 2)
      assert.deepEqual(
        (await list('state=paid', f.buyer)).items.map((i) => i.id),
        [inv.a],
      )
      assert.deepEqual(
        (await list('sort=amount_asc', f.bureau)).items.map((i) => i.amount),
        ['25.50', '51.00', '102.00'],
      )
      assert.equal((await list(`buyerOrgId=${f.buyerOrgId}&periodFrom=${today()}`, f.operator)).total, 3)
      assert.equal((await list(`periodFrom=${addCalendarDays(today(), 1)}`, f.operator)).total, 0)
      assert.equal((await list('q=JS', f.buyer)).total, 3)
      assert.equal((await list('', f.operator2)).total, 0, 'another operator’s staff see none')
      assert.equal((await list('side=sales', f.buyer)).total, 0, 'a buyer has no sales side')
      assert.equal((await f.get(`/api/v1/operation/invoices/${inv.c}`, f.operator2)).statusCode, 404)
      assert.equal((await f.get(`/api/v1/operation/invoices/${inv.c}`, f.provider)).statusCode, 404)
      assert.equal(
        (await f.get('/api/v1/operation/invoices?periodFrom=2026-02-30', f.operator)).statusCode,
        400,
      )
    })

    test('the PDF says it is not a tax invoice; the list exports to Excel', async () => {
      const pdf = await f.t.request({
        method: 'GET',
        url: `/api/v1/operation/invoices/${inv.c}.pdf`,
        headers: f.buyer,
      })
      assert.equal(pdf.statusCode, 200, pdf.body)
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')
      assert.equal(
        (
          await f.t.request({
            method: 'GET',
            url: `/api/v1/operation/invoices/${inv.c}.pdf`,
            headers: f.operator2,
          })
        ).statusCode,
        404,
      )
      const xlsx = await f.t.request({
        method: 'GET',
        url: '/api/v1/operation/invoices/export?sort=number_asc',
        headers: f.operator,
      })
      assert.equal(xlsx.statusCode, 200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer)
      const rows = (wb.getWorksheet('结算单')?.getSheetValues() ?? []).filter(Boolean) as unknown[][]
      assert.equal(rows.length, 4, 'a header and three invoices')
      const text = JSON.stringify(rows)
      for (const label of ['结算单号', '已付款', '已作废', '逾期', '102.00', '采购单位撤回'])
        assert.ok(text.includes(label), label)
    })
  })

  describe(`publication and registration on ${engine}`, () => {
    test('default: publishing is not blocked; the product shows the registration due day', async () => {
      const f = await openOperationFixture(engine)
      try {
        const project = await f.activeProject([f.operatorOrgId])
        const id = await publishedReport(f, project)
        const d = (await f.get(`/api/v1/operation/products/${id}`, f.operator)).json<{
          registrationDue: {
            required: boolean
            registered: boolean
            dueOn: string | null
            workingDays: number
          }
        }>()
        assert.equal(d.registrationDue.required, false)
        assert.equal(d.registrationDue.registered, false)
        assert.equal(d.registrationDue.workingDays, 20)
        // 20 working days after today's delivery: at least 26 and at most ~40 calendar days later.
        const due = d.registrationDue.dueOn
        assert.ok(
          due && due >= addCalendarDays(today(), 26) && due <= addCalendarDays(today(), 45),
          String(due),
        )
      } finally {
        await f.close()
      }
    })

    test('required: only with a valid registration (409 operation.registration_required before)', async () => {
      const f = await openOperationFixture(engine, {
        OPERATION_PUBLISH_REQUIRES_REGISTRATION: 'true',
        PDF_FONT_PATH: '/nonexistent/font.ttf',
      })
      try {
        const project = await f.activeProject([f.operatorOrgId])
        const id = await publishedReport(f, project, false)
        const refused = await f.post(`/api/v1/operation/products/${id}/publish`, f.operator)
        assert.equal(refused.statusCode, 409)
        assert.equal(code(refused), 'operation.registration_required')
        assert.match(refused.json<{ detail: string }>().detail, /请先/)
        const draft = await f.post('/api/v1/registrations', f.operator, {
          kind: 'initial',
          dataName: '企业经营分析报告',
          summary: '数据产品登记',
          operationProductIds: [id],
        })
        assert.equal(draft.statusCode, 201, draft.body)
        const stillDraft = await f.post(`/api/v1/operation/products/${id}/publish`, f.operator)
        assert.equal(
          code(stillDraft),
          'operation.registration_required',
          'a draft registration is not enough',
        )
        // The registration workflow itself is tested in the registration module; here its outcome is set.
        await sql`update registrations set status = 'valid' where id = ${idOf(draft)}`.execute(f.t.db)
        assert.equal((await f.post(`/api/v1/operation/products/${id}/publish`, f.operator)).statusCode, 204)
        const detail = (await f.get(`/api/v1/operation/products/${id}`, f.operator)).json<{
          registrationDue: { required: boolean; registered: boolean; dueOn: string | null }
        }>()
        assert.deepEqual(
          [detail.registrationDue.required, detail.registrationDue.registered, detail.registrationDue.dueOn],
          [true, true, null],
        )
        const invoiceId = await order(f, id, 1)
        const pdf = await f.get(`/api/v1/operation/invoices/${invoiceId}.pdf`, f.buyer)
        assert.equal(pdf.statusCode, 503)
        assert.equal(code(pdf), 'operation.pdf_font_missing')
      } finally {
        await f.close()
      }
    })
  })
}
