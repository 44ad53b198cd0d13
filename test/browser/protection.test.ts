/**
 * Protection in a real browser: the provider's steward opens a mounted resource's grading page, runs sensitive-data
 * discovery, confirms it, and sees the masking preview show the ID numbers masked; probing the gateway with bad
 * tokens raises a denied-calls alert that the province bureau admin handles from the alert inbox.
 * Screenshots go to test/artifacts/protection-*.png. Needs web/dist and Chromium (see console.test.ts).
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { idNumberCheckChar } from '../../src/platform/validators/index.ts'
import { launchBrowser, screenshots, watch } from '../support/browser.ts'
import { apiCall, startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 180_000
const PASSWORD = 'Protect123'
const PROVIDER = '湖南省公安厅'
const withCheck = (first17: string) => first17 + idNumberCheckChar(first17)
const ID_NUMBER = withCheck('43030219900115001')

let server: TestServer | undefined
let browser: Browser | undefined
let resource: { id: string; code: string }

const call = <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> =>
  apiCall<T>(server?.url ?? '', method, path, token, body)

const login = async (username: string, password = PASSWORD) =>
  (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token

before(async () => {
  server = await startTestServer()
  const admin = await login(server.adminUsername, server.adminPassword)
  const orgs = await call<{ items: { id: string; name: string }[] }>(
    'GET',
    `/orgs?q=${encodeURIComponent(PROVIDER)}&pageSize=50`,
    admin,
  )
  const orgId = orgs.items.find((o) => o.name === PROVIDER)?.id
  assert.ok(orgId)
  await call('POST', '/users', admin, {
    username: 'web.steward',
    displayName: '省厅数据专员',
    orgId,
    roles: ['data_steward'],
    password: PASSWORD,
  })
  const steward = await login('web.steward')
  resource = await call<{ id: string; code: string }>('POST', '/catalog/resources', steward, {
    name: '全省人口联系信息',
    summary: '含身份证号和联系方式的人口信息，用于分级与脱敏演示。',
    category: 'base',
    classCode: '101001',
    className: '基础信息资源/人口/户籍',
    format: 'database',
    shareType: 'conditional',
    shareCondition: '用于政务服务身份核验',
    shareMethod: '共享平台',
    openType: 'closed',
    updateFrequency: 'daily',
    fields: [
      { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
      { name: '证件', code: 'zj', dataType: 'string', length: 18, isKey: true },
      { name: '联系方式', code: 'lx', dataType: 'string', length: 20 },
    ],
  })
  const rows = [
    `张三,${ID_NUMBER},13812345678`,
    `李四,${withCheck('43030219880506002')},13987654321`,
    '王芳,11010519491231002X,13700001111',
  ]
  const upload = new FormData()
  upload.append('file', new Blob([`xm,zj,lx\r\n${rows.join('\r\n')}\r\n`], { type: 'text/csv' }), 'p.csv')
  await call('POST', `/catalog/resources/${resource.id}/mount/upload`, steward, upload)
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

const shot = screenshots('protection')

async function signedIn(username: string, password = PASSWORD): Promise<{ page: Page; problems: string[] }> {
  assert.ok(server && browser)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  await page.goto(`${server.url}/login`)
  await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible', timeout: 15_000 })
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
  problems.length = 0
  return { page, problems }
}

test('discovery confirmed, masking previewed, an alert handled', { timeout: TIMEOUT }, async () => {
  assert.ok(server)
  const { page, problems } = await signedIn('web.steward')
  await page.goto(`${server.url}/governance/grading/${resource.id}`)
  await page.getByText('全省人口联系信息').first().waitFor({ timeout: 15_000 })
  await page.getByRole('tab', { name: '敏感数据识别' }).click()
  await page.getByRole('button', { name: '开始识别' }).click()
  await page.getByText('数据：公民身份号码').first().waitFor({ timeout: 15_000 })
  await page.getByText('数据：手机号码').first().waitFor({ timeout: 15_000 })
  await shot(page, 'discovery')
  await page.getByRole('button', { name: '确认识别结果' }).click()
  await page
    .getByText(/已于 .* 确认/)
    .first()
    .waitFor({ timeout: 15_000 })

  await page.getByRole('tab', { name: '脱敏预览' }).click()
  await page
    .getByText(`430302********${ID_NUMBER.slice(-4)}`)
    .first()
    .waitFor({ timeout: 15_000 })
  await page.getByText('138****5678').first().waitFor({ timeout: 15_000 })
  assert.equal(await page.getByText(ID_NUMBER, { exact: true }).count(), 0, 'no ID number in clear')
  await shot(page, 'masking-preview')
  assert.deepEqual(problems, [])

  // Probing the gateway with forged tokens: a burst of refused calls.
  for (let i = 0; i < 25; i++) {
    await fetch(`${server.url}/gw/v1/${encodeURIComponent(resource.code)}`, {
      headers: { authorization: 'Bearer forged-token' },
    })
  }
  const adminToken = await login(server.adminUsername, server.adminPassword)
  let raised = 0
  for (let i = 0; i < 20 && raised === 0; i++) {
    await new Promise((r) => setTimeout(r, 500))
    raised = (await call<{ raised: number }>('POST', '/governance/alerts/evaluate', adminToken)).raised
  }
  assert.ok(raised > 0, 'the denied burst raised an alert')

  const bureau = await signedIn(server.adminUsername, server.adminPassword)
  await bureau.page.goto(`${server.url}/governance/alerts`)
  await bureau.page.getByText('拒绝调用激增').first().waitFor({ timeout: 15_000 })
  await shot(bureau.page, 'alerts')
  await bureau.page.getByRole('button', { name: '处置' }).first().click()
  await bureau.page.getByRole('button', { name: '确认' }).click()
  await bureau.page.getByText('已确认').first().waitFor({ timeout: 15_000 })
  await shot(bureau.page, 'alert-handled')
  assert.deepEqual(bureau.problems, [])
})
