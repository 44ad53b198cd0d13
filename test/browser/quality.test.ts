/**
 * The quality journey in a real browser: the provider's steward adopts the suggested rules of a mounted resource,
 * runs an audit and sees the failing rule with masked samples and the rectification ticket it opened; the data is
 * corrected and reloaded; the steward answers the ticket "fixed", the re-check passes and the ticket closes; the
 * bureau reviewer sees the org on the quality scoreboard and the closed ticket in the region's box.
 * Screenshots go to test/artifacts/quality-*.png. Needs web/dist and Chromium (see console.test.ts).
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, screenshots, watch } from '../support/browser.ts'
import { apiCall, startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 180_000
const PASSWORD = 'Quality123'
const PROVIDER = '湘潭市公安局'

let server: TestServer | undefined
let browser: Browser | undefined
let resourceId = ''
let providerToken = ''

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

async function upload(rows: string[]): Promise<void> {
  const form = new FormData()
  form.append(
    'file',
    new Blob([`xm,sfzh,sjhm\r\n${rows.join('\r\n')}\r\n`], { type: 'text/csv' }),
    'people.csv',
  )
  await call('POST', `/catalog/resources/${resourceId}/mount/upload`, providerToken, form)
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
  await user('q.provider', PROVIDER, ['data_steward'])
  await user('q.reviewer', '湘潭市数据局', ['reviewer'])
  providerToken = await login('q.provider')
  const created = await call<{ id: string }>('POST', '/catalog/resources', providerToken, {
    name: '湘潭市户籍人口联系方式',
    summary: '户籍人口的联系电话，用于政务服务通知。',
    category: 'base',
    classCode: '101001',
    className: '基础信息资源/人口/户籍',
    format: 'database',
    shareType: 'conditional',
    shareCondition: '用于政务服务通知',
    shareMethod: '共享平台',
    openType: 'closed',
    updateFrequency: 'daily',
    fields: [
      { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
      { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
      { name: '手机号码', code: 'sjhm', dataType: 'string', length: 11 },
    ],
  })
  resourceId = created.id
  await call('POST', `/catalog/resources/${resourceId}/submit`, providerToken, {})
  await call('POST', `/catalog/resources/${resourceId}/publish`, await login('q.reviewer'), {})
  await upload([
    '张三,11010519491231002X,13812345678',
    '李四,440524188001010014,1381234567',
    '王五,430302199001150012,12812345678',
  ])
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

const shot = screenshots('quality')

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
  problems.length = 0
  return { page, problems }
}

test('suggested rules, an audit run, a ticket answered "fixed" and closed by the re-check', {
  timeout: TIMEOUT,
}, async () => {
  assert.ok(server)
  // 1. Rules from suggestions.
  const provider = await signedIn('q.provider')
  const p = provider.page
  await p.goto(`${server.url}/governance/quality/resources/${resourceId}`)
  await p.getByRole('button', { name: '推荐规则' }).click()
  await p.getByText('手机号码·手机号码').first().waitFor({ timeout: 15_000 })
  await shot(p, 'suggestions')
  await p.getByRole('button', { name: '全部采纳' }).click()
  await p.getByText(/已采纳 \d+ 条规则/).waitFor({ timeout: 15_000 })
  await p.locator('.ant-table-row', { hasText: '手机号码·手机号码' }).first().waitFor({ timeout: 15_000 })
  await shot(p, 'rules')

  // 2. An audit run: the phone rule fails beyond its threshold, samples masked, a ticket opened.
  await p.getByRole('tab', { name: '稽查记录与趋势' }).click()
  await p.getByRole('button', { name: '立即稽查' }).click()
  await p.waitForURL(/\/governance\/quality\/runs\/[0-9a-f-]{36}$/, { timeout: 30_000 })
  const phoneRow = p.locator('.ant-table-row', { hasText: '手机号码·手机号码' }).first()
  await phoneRow.getByText('超阈值').waitFor({ timeout: 15_000 })
  await phoneRow.locator('.ant-table-row-expand-icon').click()
  await p.getByText('138****567').first().waitFor({ timeout: 10_000 })
  await shot(p, 'run')
  await phoneRow.getByText('待整改').click()
  await p.waitForURL(/\/governance\/rectifications\/[0-9a-f-]{36}$/, { timeout: 15_000 })
  await p.getByText(/剩 5 个工作日/).waitFor({ timeout: 15_000 })
  await shot(p, 'ticket-open')

  // 3. The data is corrected and reloaded; the steward answers "fixed"; the re-check closes the ticket.
  await upload([
    '张三,11010519491231002X,13812345678',
    '李四,440524188001010014,13812345670',
    '王五,430302199001150012,13912345678',
  ])
  await p.getByRole('button', { name: '答复整改' }).click()
  await p.locator('.ant-modal textarea').fill('已按公安人口库更正手机号码')
  await p.locator('.ant-modal').getByRole('button', { name: '提交' }).click()
  await p.getByText('已办结').first().waitFor({ timeout: 30_000 })
  await p.getByText('复核通过，办结').waitFor({ timeout: 10_000 })
  await shot(p, 'ticket-closed')

  // 4. The bureau sees the score and the closed ticket.
  const reviewer = await signedIn('q.reviewer')
  const r = reviewer.page
  await r.goto(`${server.url}/governance/quality-scores`)
  await r.locator('.ant-table-row', { hasText: PROVIDER }).first().waitFor({ timeout: 15_000 })
  await shot(r, 'scoreboard')
  await r.goto(`${server.url}/governance/rectifications`)
  await r.getByRole('tab', { name: '辖区全部工单' }).click()
  await r
    .locator('.ant-table-row', { hasText: '湘潭市户籍人口联系方式' })
    .first()
    .waitFor({ timeout: 15_000 })
  await shot(r, 'inbox')

  assert.deepEqual(provider.problems, [])
  assert.deepEqual(reviewer.problems, [])
})
