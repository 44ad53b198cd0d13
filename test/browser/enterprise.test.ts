/**
 * Enterprise buyers in a real browser (ADR 0013): a company signs up on the public page with a valid 统一社会信用代码
 * of 湘潭市; signing in before verification is refused with the pending message; the bureau admin of 湘潭市 verifies
 * it on 企业认证; its admin signs in, sees only the menu an enterprise may use, orders 2 份 of a published report
 * priced ¥80.00 and finds the order and its invoice; the operator's staff then finds the ¥160.00 invoice 已开具 on
 * 结算单 and records its payment (已付款). Screenshots go to test/artifacts/enterprise-*.png. Needs web/dist and
 * Chromium (see console.test.ts).
 */

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { creditCodeCheckChar } from '../../src/platform/validators/index.ts'
import { launchBrowser, screenshots, watch } from '../support/browser.ts'
import { operationScene } from '../support/operation-scene.ts'
import { apiCall, startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 180_000
const PASSWORD = 'Operation123'
const PRODUCT = '企业经营分析报告'
const OPERATOR = '湘潭数据运营有限公司'
const COMPANY = '湘潭智远科技有限公司'
const COMPANY_USER = 'zhiyuan.admin'
const COMPANY_PASSWORD = 'Company123'
// 企业 (91) registered in 湘潭市 (430300), with the GB 32100 check character.
const CREDIT_BODY = '91430300MA4L12345'
const CREDIT_CODE = CREDIT_BODY + creditCodeCheckChar(CREDIT_BODY)
// Mid next year (Beijing), inside the mandate's term for as long as that term runs.
const VALID_UNTIL = `${new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() + 1}-06-30`

let server: TestServer | undefined
let url = ''
let browser: Browser | undefined

const call = <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> =>
  apiCall<T>(url, method, path, token, body)

const login = async (username: string, password = PASSWORD) =>
  (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token

before(async () => {
  server = await startTestServer()
  url = server.url
  const admin = await login(server.adminUsername, server.adminPassword)
  const { staff, productId } = await operationScene(server.db, call, {
    prefix: 'web.ent',
    password: PASSWORD,
    admin,
    operatorName: OPERATOR,
    productName: PRODUCT,
    agreementNo: 'XTSJ-2026-002',
    cap: { amount: '100.00', reason: '成本监审' },
  })
  await call('POST', `/operation/products/${productId}/price`, staff, { amount: '80.00' })
  await call('POST', `/operation/products/${productId}/publish`, staff)
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

const shot = screenshots('enterprise')

/** Fills the login form; the caller waits for the outcome. */
async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`)
  await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible', timeout: 15_000 })
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

async function signIn(username: string, password = PASSWORD): Promise<{ page: Page; problems: string[] }> {
  assert.ok(browser)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  await submitLogin(page, username, password)
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 })
  problems.length = 0 // the login page's anonymous session probe (401)
  return { page, problems }
}

test('a company signs up, is verified by the bureau, orders a report; the operator records the payment', {
  timeout: TIMEOUT,
}, async () => {
  assert.ok(browser)

  // 1. The company signs up on the public page.
  const visitor = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const visitorProblems = watch(visitor)
  const refusals: string[] = []
  visitor.on('response', (res) => {
    if (res.status() >= 400) refusals.push(`${res.status()} ${new URL(res.url()).pathname}`)
  })
  await visitor.goto(`${url}/public/enterprises/register`)
  await visitor.getByLabel('企业名称').fill(COMPANY)
  await visitor.getByLabel('统一社会信用代码').fill(CREDIT_CODE)
  await visitor.getByLabel('所在地').click()
  await visitor.locator('.ant-cascader-menu-item[title="湖南省"]').click()
  await visitor.locator('.ant-cascader-menu-item[title="湘潭市"]').click()
  await visitor.keyboard.press('Escape')
  await visitor.getByLabel('联系人').fill('李经理')
  await visitor.getByLabel('联系手机').fill('13812345678')
  await visitor.getByLabel('管理员用户名').fill(COMPANY_USER)
  await visitor.getByLabel('密码', { exact: true }).fill(COMPANY_PASSWORD)
  await visitor.getByLabel('确认密码').fill(COMPANY_PASSWORD)
  await shot(visitor, 'register-form')
  await visitor.getByRole('button', { name: '提交注册' }).click()
  await visitor.getByText('注册已提交，等待认证').waitFor({ timeout: 15_000 })
  await visitor.getByText(`「${COMPANY}」`).first().waitFor()
  await shot(visitor, 'registered')

  // 2. Before verification the login is refused with the pending message.
  await submitLogin(visitor, COMPANY_USER, COMPANY_PASSWORD)
  await visitor.getByText('企业注册尚待数据局认证，认证通过后方可登录').waitFor({ timeout: 15_000 })
  assert.ok(new URL(visitor.url()).pathname.startsWith('/login'))
  await shot(visitor, 'login-pending')
  // The only refusals: the anonymous session probe of each page load, and the pending login.
  assert.deepEqual(refusals, ['401 /api/v1/auth/me', '401 /api/v1/auth/me', '403 /api/v1/auth/login'])
  const unexpected = visitorProblems.filter((p) => !/status of 40[13]/.test(p))
  assert.deepEqual(unexpected, [], 'no console errors or failed requests besides those refusals')

  // 3. The bureau admin of 湘潭市 verifies the company.
  const bureau = await signIn('web.ent.bureau')
  await bureau.page.goto(`${url}/enterprises`)
  const pendingRow = bureau.page.getByRole('row').filter({ hasText: COMPANY })
  await pendingRow.getByText(CREDIT_CODE).waitFor({ timeout: 15_000 })
  await pendingRow.getByText('待认证').waitFor()
  const nameBox = await pendingRow.getByText(COMPANY).boundingBox()
  assert.ok(nameBox && nameBox.width > 120, 'the company name is readable, not squeezed into one character')
  const verifyBox = await pendingRow.getByRole('button', { name: '认证通过' }).boundingBox()
  assert.ok(verifyBox && verifyBox.x + verifyBox.width < 1440, 'the decision is in view without scrolling')
  await shot(bureau.page, 'bureau-pending')
  await pendingRow.getByRole('button', { name: '认证通过' }).click()
  await bureau.page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定/ })
    .click()
  await bureau.page.getByText(`「${COMPANY}」已通过认证`).waitFor({ timeout: 15_000 })
  await bureau.page.getByText('已认证', { exact: true }).first().click()
  await bureau.page.getByRole('row').filter({ hasText: COMPANY }).getByText('已认证').waitFor()
  await shot(bureau.page, 'bureau-verified')
  assert.deepEqual(bureau.problems, [], 'no console errors or failed requests for the bureau')

  // 4. The company's admin signs in and sees only what an enterprise may use.
  const buyer = await signIn(COMPANY_USER, COMPANY_PASSWORD)
  const page = buyer.page
  await page.getByText(CREDIT_CODE).waitFor({ timeout: 15_000 })
  const menu = page.locator('.ant-layout-sider .ant-menu')
  await menu.getByText('授权运营').click()
  await menu.getByText('订单与收入').waitFor({ state: 'visible' })
  const labels = (await menu.locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim())
  assert.deepEqual(labels.sort(), ['API应用', '产品与价格', '工作台', '授权运营', '订单与收入'].sort())
  for (const hidden of ['数据目录', '数据共享', '共享申请', '组织机构', '隐私计算沙箱', '企业认证'])
    assert.ok(!labels.includes(hidden), `an enterprise's menu has no ${hidden}`)
  await shot(page, 'buyer-home')

  // 5. It opens the product from the market and orders 2 份.
  await menu.getByText('产品与价格').click()
  await page.getByRole('link', { name: PRODUCT }).click()
  await page.waitForURL(/\/operation\/products\/[0-9a-f-]{36}$/, { timeout: 15_000 })
  await page.getByTestId('product-price').getByText('¥80.00').waitFor({ timeout: 15_000 })
  assert.equal(await page.getByText('去办理登记').count(), 0, 'registering is the operator’s task')
  await page.getByRole('button', { name: '采购' }).click()
  const orderForm = page.locator('.ant-modal')
  await orderForm.getByLabel('数量（份）').fill('2')
  await orderForm.getByLabel('用途').fill('企业经营分析')
  await orderForm.getByLabel('使用截止日').fill(VALID_UNTIL)
  await orderForm.getByLabel('使用截止日').press('Enter')
  await shot(page, 'order-form')
  await orderForm.getByRole('button', { name: '下单' }).click()
  await page.getByText('已下单').waitFor({ timeout: 15_000 })

  await menu.getByText('订单与收入').click()
  const orderRow = page.getByRole('row').filter({ hasText: PRODUCT })
  await orderRow.getByText(OPERATOR).waitFor({ timeout: 15_000 })
  await orderRow.getByText('¥80.00/份').waitFor()
  await orderRow.getByText('¥160.00').waitFor()
  await orderRow.getByText('有效').waitFor()
  await orderRow.getByRole('button', { name: '账单' }).click()
  const drawer = page.locator('.ant-drawer-body')
  await drawer.getByText('已开具').waitFor({ timeout: 15_000 })
  await drawer.getByText('¥160.00').waitFor()
  await shot(page, 'buyer-orders')
  assert.deepEqual(buyer.problems, [], 'no console errors or failed requests for the enterprise')

  // 6. The operator's staff finds the invoice of 2 × ¥80.00 and records its payment.
  const operator = await signIn('web.ent.staff')
  await operator.page.goto(`${url}/operation/invoices`)
  const invoiceRow = operator.page.getByRole('row').filter({ hasText: PRODUCT })
  await invoiceRow.getByText(COMPANY).waitFor({ timeout: 15_000 })
  await invoiceRow.getByText('¥160.00').waitFor()
  await invoiceRow.getByText('已开具').waitFor()
  await shot(operator.page, 'invoice-issued')
  await invoiceRow.getByRole('button', { name: '登记付款' }).click()
  const payForm = operator.page.locator('.ant-modal')
  await payForm.getByText('应付金额 ¥160.00').waitFor()
  assert.equal(await payForm.getByLabel('付款金额（元）').inputValue(), '160.00')
  await payForm.getByLabel('付款凭证号（银行流水号等）').fill('BOC20261122001')
  await payForm.getByRole('button', { name: '登记付款' }).click()
  await operator.page.getByText('付款已登记').waitFor({ timeout: 15_000 })
  await invoiceRow.getByText('已付款').waitFor({ timeout: 15_000 })
  assert.equal(await invoiceRow.getByRole('button', { name: '登记付款' }).count(), 0)
  await shot(operator.page, 'invoice-paid')
  assert.deepEqual(operator.problems, [], 'no console errors or failed requests for the operator')
})
