/**
 * The sharing journey in a real browser: a data steward of 湘潭市市场监督管理局 finds a published, mounted resource of
 * 湘潭市公安局 in the catalog, requests two of its fields from the resource page; the provider's steward sees the
 * request in 共享审核 with its working-day deadline and approves it; the consumer's app then calls the gateway with a
 * client-credentials token and gets exactly the granted fields, a third field refused; the consumer sees the grant and the provider sees
 * the use. Screenshots go to test/artifacts/sharing-*.png. Needs web/dist and Chromium (see console.test.ts).
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, screenshots, watch } from '../support/browser.ts'
import { apiCall, startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 180_000
const PASSWORD = 'Sharing123'
const PROVIDER = '湘潭市公安局'
const CONSUMER = '湘潭市市场监督管理局'
const ID_NUMBER = '430302199001150011'

let server: TestServer | undefined
let browser: Browser | undefined
let resource: { id: string; code: string }
let app: { clientId: string; clientSecret: string }

const call = <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> =>
  apiCall<T>(server?.url ?? '', method, path, token, body)

const login = async (username: string, password = PASSWORD) =>
  (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token

async function orgId(admin: string, name: string): Promise<string> {
  const orgs = await call<{ items: { id: string; name: string }[] }>(
    'GET',
    `/orgs?q=${encodeURIComponent(name)}&pageSize=50`,
    admin,
  )
  const org = orgs.items.find((o) => o.name === name)
  assert.ok(org, `${name} is seeded`)
  return org.id
}

before(async () => {
  server = await startTestServer()
  const admin = await login(server.adminUsername, server.adminPassword)
  const user = async (username: string, org: string, roles: string[]) =>
    call('POST', '/users', admin, {
      username,
      displayName: username,
      orgId: await orgId(admin, org),
      roles,
      password: PASSWORD,
    })
  await user('web.provider', PROVIDER, ['data_steward'])
  await user('web.consumer', CONSUMER, ['data_steward'])
  await user('web.reviewer', '湘潭市数据局', ['reviewer'])

  // The provider catalogues, the bureau publishes, the provider mounts the data.
  const provider = await login('web.provider')
  const created = await call<{ id: string; code: string }>('POST', '/catalog/resources', provider, {
    name: '湘潭市户籍人口基本信息',
    summary: '全市户籍人口基本信息，用于政务服务身份核验。',
    category: 'base',
    classCode: '101001',
    className: '基础信息资源/人口/户籍',
    format: 'database',
    shareType: 'conditional',
    shareCondition: '用于政务服务身份核验，须说明用途',
    shareMethod: '共享平台',
    openType: 'closed',
    updateFrequency: 'daily',
    fields: [
      { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
      { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
      { name: '户籍地址', code: 'hjdz', dataType: 'string', length: 200 },
    ],
  })
  resource = created
  await call('POST', `/catalog/resources/${created.id}/submit`, provider, {})
  await call('POST', `/catalog/resources/${created.id}/publish`, await login('web.reviewer'), {})
  const csv = `xm,sfzh,hjdz\r\n张三,${ID_NUMBER},湖南省湘潭市雨湖区韶山西路1号\r\n李四,430302198805060022,湖南省湘潭市岳塘区建设南路2号\r\n`
  const upload = new FormData()
  upload.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv')
  await call('POST', `/catalog/resources/${created.id}/mount/upload`, provider, upload)

  // The consumer org's API app, registered by the admin; its secret is shown once.
  const reg = await call<{ app: { clientId: string }; clientSecret: string }>('POST', '/apps', admin, {
    orgId: await orgId(admin, CONSUMER),
    name: '企业开办身份核验',
  })
  app = { clientId: reg.app.clientId, clientSecret: reg.clientSecret }
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

const shot = screenshots('sharing')

async function signedIn(username: string): Promise<{ page: Page; problems: string[] }> {
  assert.ok(server && browser)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  await page.goto(`${server.url}/login`)
  await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible', timeout: 15_000 })
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
  // The login page asks who is signed in and gets 401 before the login: not a problem of the journey.
  problems.length = 0
  return { page, problems }
}

test('request from the catalog, approval in the inbox, a working gateway call', {
  timeout: TIMEOUT,
}, async () => {
  assert.ok(server)
  // 1. The consumer requests two fields from the resource page.
  const consumer = await signedIn('web.consumer')
  await consumer.page.goto(`${server.url}/catalog/${resource.id}`)
  await consumer.page
    .getByRole('link', { name: '申请共享' })
    .or(consumer.page.getByRole('button', { name: '申请共享' }))
    .first()
    .click()
  const form = consumer.page.getByTestId('share-request-form')
  await form.waitFor({ state: 'visible', timeout: 15_000 })
  await form.locator('#appId').click()
  await consumer.page.locator('.ant-select-item-option', { hasText: '企业开办身份核验' }).click()
  await form.getByRole('checkbox', { name: /姓名/ }).check()
  await form.getByRole('checkbox', { name: /公民身份号码/ }).check()
  await form.locator('#purpose').fill('企业开办时核验法定代表人身份')
  await form.locator('#scenario').fill('高效办成一件事·企业开办')
  await form.locator('#legalBasis').fill('《政务数据共享条例》第十四条')
  await shot(consumer.page, 'request-form')
  await consumer.page.getByTestId('submit-share-request').click()
  await consumer.page.waitForURL(/\/sharing\/requests\/[0-9a-f-]{36}$/, { timeout: 15_000 })
  const requestId = consumer.page.url().split('/').pop() ?? ''
  await consumer.page.getByText('待审核').first().waitFor({ timeout: 10_000 })
  await shot(consumer.page, 'request-detail')

  // 2. The provider sees it in 共享审核 with the deadline, and approves.
  const provider = await signedIn('web.provider')
  await provider.page.goto(`${server.url}/sharing/inbox`)
  await provider.page.getByText('高效办成一件事·企业开办').first().waitFor({ timeout: 15_000 })
  await shot(provider.page, 'inbox')
  await provider.page.goto(`${server.url}/sharing/requests/${requestId}`)
  await provider.page.getByTestId('approve-request').click()
  // Wait on the call itself: a failure then says whether the approval was sent and what the server answered
  // (one CI run timed out on the page text below without telling which).
  const approval = provider.page.waitForResponse(
    (r) => r.url().endsWith(`/share-requests/${requestId}/approve`) && r.request().method() === 'POST',
    { timeout: 20_000 },
  )
  await provider.page.getByRole('button', { name: '同意并授权' }).click()
  const answer = await approval
  assert.equal(answer.status(), 200, await answer.text())
  await provider.page.getByText('已同意').first().waitFor({ timeout: 15_000 })

  // 3. The consumer's app calls the gateway: only the granted fields, the name masked.
  const tokenRes = await fetch(`${server.url}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${app.clientId}&client_secret=${app.clientSecret}`,
  })
  assert.equal(tokenRes.status, 200)
  const { access_token: token } = (await tokenRes.json()) as { access_token: string }
  const gw = await fetch(`${server.url}/gw/v1/${encodeURIComponent(resource.code)}?sfzh=${ID_NUMBER}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const body = await gw.text()
  assert.equal(gw.status, 200, body)
  const rows = (JSON.parse(body) as { items: Record<string, unknown>[] }).items
  assert.equal(rows.length, 1)
  assert.deepEqual(Object.keys(rows[0] ?? {}).sort(), ['sfzh', 'xm'])
  // Ungraded personal data is clear under a grant the provider reviewed (masking by grade: gateway tests).
  assert.equal(rows[0]?.xm, '张三')
  const denied = await fetch(
    `${server.url}/gw/v1/${encodeURIComponent(resource.code)}?sfzh=${ID_NUMBER}&fields=hjdz`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  )
  assert.equal(denied.status, 403, 'a field outside the grant is refused')

  // 4. The consumer sees its grant; the provider sees the use.
  await consumer.page.goto(`${server.url}/sharing/grants`)
  await consumer.page.getByText('湘潭市户籍人口基本信息').first().waitFor({ timeout: 15_000 })
  await shot(consumer.page, 'grants')
  await provider.page.goto(`${server.url}/sharing/usage`)
  await provider.page
    .getByText(/企业开办身份核验|市场监督管理局/)
    .first()
    .waitFor({ timeout: 20_000 })
  await shot(provider.page, 'usage')

  assert.deepEqual(consumer.problems, [])
  assert.deepEqual(provider.problems, [])
})
