/**
 * Authorized operation in a real browser: the bureau has authorized 湘潭数据运营有限公司 and capped its product at
 * ¥100.00 per report; the operator's staff opens the product, is refused a price above the cap, sets ¥80.00 and
 * publishes it; in the sandbox an aggregate comes back with the one-firm group withheld and SELECT * is refused;
 * the public disclosure page then lists the product with its price, without login. Screenshots go to
 * test/artifacts/operation-*.png. Needs web/dist and Chromium (see console.test.ts).
 */

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchBrowser, screenshots, watch } from '../support/browser.ts'
import { operationScene } from '../support/operation-scene.ts'
import { apiCall, startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 180_000
const PASSWORD = 'Operation123'
const PRODUCT = '企业经营人口结构报告'

let server: TestServer | undefined
let url = ''
let browser: Browser | undefined
let resourceCode = ''

const call = <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> =>
  apiCall<T>(url, method, path, token, body)

const login = async (username: string, password = PASSWORD) =>
  (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token

before(async () => {
  server = await startTestServer()
  url = server.url
  const admin = await login(server.adminUsername, server.adminPassword)
  const rows = Array.from(
    { length: 25 },
    (_, i) =>
      `91430300MA4L${String(i).padStart(6, '0')},${i < 13 ? '制造业' : i < 24 ? '批发和零售业' : '金融业'}`,
  )
  const scene = await operationScene(server.db, call, {
    prefix: 'web.op',
    password: PASSWORD,
    admin,
    operatorName: '湘潭数据运营有限公司',
    productName: PRODUCT,
    agreementNo: 'XTSJ-2026-001',
    cap: { amount: '100.00', reason: '成本监审后核定' },
    rows,
  })
  resourceCode = scene.resourceCode
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

const shot = screenshots('operation')

test('an operator publishes a product within its price cap; the public sees it', {
  timeout: TIMEOUT,
}, async () => {
  assert.ok(browser)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  await page.goto(`${url}/login`)
  await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible', timeout: 15_000 })
  await page.locator('#username').fill('web.op.staff')
  await page.locator('#password').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 })
  problems.length = 0

  await page.goto(`${url}/operation/products`)
  await page.getByRole('link', { name: PRODUCT }).click()
  await page.waitForURL(/\/operation\/products\/[0-9a-f-]{36}$/, { timeout: 15_000 })
  await page.getByTestId('product-cap').getByText('¥100.00').waitFor({ timeout: 15_000 })

  // Above the cap: refused with the rule's message, the price unchanged.
  await page.getByLabel('执行价').fill('120.00')
  await page.getByRole('button', { name: '调整执行价' }).click()
  await page.getByText('执行价不得高于上限价').first().waitFor({ timeout: 15_000 })
  await shot(page, 'price-above-cap')
  assert.equal(await page.getByTestId('product-price').textContent(), '¥0.00')

  // Within the cap: accepted, then published.
  await page.getByLabel('执行价').fill('80.00')
  await page.getByRole('button', { name: '调整执行价' }).click()
  await page.getByTestId('product-price').getByText('¥80.00').waitFor({ timeout: 15_000 })
  await page.getByRole('button', { name: '上架' }).click()
  await page.getByText('已上架').first().waitFor({ timeout: 15_000 })
  await page.getByText('成本监审后核定').first().waitFor({ timeout: 15_000 })
  await shot(page, 'product-published')

  // The sandbox answers aggregates only: 金融业 (one firm) is withheld.
  await page.goto(`${url}/operation/sandbox`)
  await page.getByLabel('SQL').fill(`SELECT hy, count(*) AS n FROM "${resourceCode}" GROUP BY hy`)
  await page.getByRole('button', { name: '运行' }).click()
  await page.getByText('被抑制的小分组 1 个').first().waitFor({ timeout: 15_000 })
  await page.getByRole('cell', { name: '制造业' }).waitFor({ timeout: 15_000 })
  assert.equal(await page.getByRole('cell', { name: '金融业' }).count(), 0)
  await page.getByLabel('SQL').fill(`SELECT * FROM "${resourceCode}"`)
  await page.getByRole('button', { name: '运行' }).click()
  await page.getByText('不允许 SELECT *').first().waitFor({ timeout: 15_000 })
  await shot(page, 'sandbox')

  problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('422')))
  assert.deepEqual(problems, [], 'no console errors or failed requests besides the refused price and query')

  // The public disclosure lists the product and its price without login.
  const visitor = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  await visitor.goto(`${url}/public/operation`)
  await visitor.getByText('湘潭数据运营有限公司').first().waitFor({ timeout: 15_000 })
  await visitor.getByRole('tab', { name: '产品和服务及价格' }).click()
  await visitor.getByText(PRODUCT).first().waitFor({ timeout: 15_000 })
  await visitor.getByText('¥80.00/份').first().waitFor({ timeout: 15_000 })
  await shot(visitor, 'public-disclosure')
})
