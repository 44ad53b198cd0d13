/**
 * The registration journey in a real browser, from application to a verified certificate: the steward of
 * 湘潭市公安局 drafts an initial registration linked to its mounted resource, fills the material checklist and
 * submits (the platform takes the SM3 evidence); the reviewer of 湘潭市数据局 accepts and passes the formal review;
 * the public sees the notice and objects; the reviewer dismisses the objection after the notice period (the job is
 * run with a later clock), which issues the number and the signed certificate; the public query shows it and the
 * verification page says 有效 for the pasted certificate and 被篡改 for a changed one. Screenshots go to
 * test/artifacts/registration-*.png. Needs web/dist and Chromium (see console.test.ts).
 */

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { buildApp, seedDatabase } from '../../src/app.ts'
import { closeNotices } from '../../src/modules/registration/jobs.ts'
import type { Config } from '../../src/platform/config.ts'
import type { Db } from '../../src/platform/db/index.ts'
import type { AppInstance } from '../../src/platform/http/index.ts'
import { testConfig } from '../support/app.ts'
import { launchBrowser, screenshots, watch } from '../support/browser.ts'
import { openTestDatabase, type TestDatabase } from '../support/db.ts'
import { apiCall } from '../support/server.ts'

const TIMEOUT = 240_000
const PASSWORD = 'Regist12345'
const MATERIALS: [string, string][] = [
  ['registrantInfo', '湘潭市公安局，机关法人'],
  ['dataSource', '依法履职采集的户籍登记数据'],
  ['resourceDescription', '全市户籍人口基本信息，约两条样例'],
  ['productInfo', '身份核验接口服务'],
  ['applicationScenarios', '政务服务身份核验'],
  ['securityAssessment', '已完成数据安全风险评估'],
]

let database: TestDatabase | undefined
let app: AppInstance | undefined
let url = ''
let db: Db
let config: Config
let browser: Browser | undefined

const call = <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> =>
  apiCall<T>(url, method, path, token, body)
const login = async (username: string, password = PASSWORD) =>
  (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token

before(async () => {
  database = await openTestDatabase('pglite')
  config = testConfig()
  db = database.handle.db
  await seedDatabase(db, config)
  app = await buildApp({ config, database: database.handle, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const admin = await login(config.adminUsername, 'Admin12345')
  const orgs = await call<{ items: { id: string; name: string }[] }>('GET', '/orgs?pageSize=200', admin)
  const orgId = (name: string) => orgs.items.find((o) => o.name === name)?.id
  const user = (username: string, org: string, roles: string[]) =>
    call('POST', '/users', admin, {
      username,
      displayName: username,
      orgId: orgId(org),
      roles,
      password: PASSWORD,
    })
  await user('web.rg.steward', '湘潭市公安局', ['data_steward'])
  await user('web.rg.reviewer', '湘潭市数据局', ['reviewer'])
  const steward = await login('web.rg.steward')
  const created = await call<{ id: string }>('POST', '/catalog/resources', steward, {
    name: '湘潭市户籍人口库',
    summary: '全市户籍人口基本信息，用于政务服务身份核验。',
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
      { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
    ],
  })
  const upload = new FormData()
  upload.append(
    'file',
    new Blob(['xm,sfzh\r\n张三,430302199001150011\r\n李四,430302198805060022\r\n']),
    'p.csv',
  )
  await call('POST', `/catalog/resources/${created.id}/mount/upload`, steward, upload)
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await database?.dispose()
})

const shot = screenshots('registration')

async function open(username?: string): Promise<{ page: Page; problems: string[] }> {
  assert.ok(browser)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  if (username) {
    await page.goto(`${url}/login`)
    await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible', timeout: 15_000 })
    await page.locator('#username').fill(username)
    await page.locator('#password').fill(PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 })
    problems.length = 0
  }
  return { page, problems }
}

test('from the application to a verified certificate', { timeout: TIMEOUT }, async () => {
  // 1. The registrant drafts, fills the checklist and submits.
  const steward = await open('web.rg.steward')
  const sp = steward.page
  await sp.goto(`${url}/registrations/new`)
  await sp.locator('#dataName').fill('湘潭市户籍人口数据')
  await sp.locator('#summary').fill('全市户籍人口基本信息，供身份核验')
  await sp.locator('#catalogResourceIds').click()
  await sp.locator('.ant-select-item-option', { hasText: '湘潭市户籍人口库' }).click()
  await sp.keyboard.press('Escape')
  await shot(sp, 'wizard')
  await sp.getByRole('button', { name: /保存草稿/ }).click()
  await sp.waitForURL(/\/registrations\/[0-9a-f-]{36}$/, { timeout: 15_000 })
  const id = sp.url().split('/').pop() ?? ''
  for (const [code, text] of MATERIALS) await sp.locator(`textarea#${code}`).fill(text)
  await sp.getByRole('button', { name: '保存材料' }).click()
  await sp.getByText('材料已保存').waitFor({ timeout: 10_000 })
  await sp.getByRole('button', { name: '提交申请' }).click()
  await sp.getByText('已提交').first().waitFor({ timeout: 15_000 })
  await sp
    .getByText(/^存证记录（/)
    .first()
    .waitFor({ timeout: 10_000 })
  await shot(sp, 'submitted')

  // 2. The body accepts and passes the formal review: the registration goes to public notice.
  const reviewer = await open('web.rg.reviewer')
  const rp = reviewer.page
  await rp.goto(`${url}/registrations`)
  await rp.getByText('湘潭市户籍人口数据').first().waitFor({ timeout: 15_000 })
  await shot(rp, 'inbox')
  await rp.goto(`${url}/registrations/${id}`)
  await rp.getByRole('button', { name: '受理', exact: true }).click()
  await rp.getByText('形式审核中').first().waitFor({ timeout: 15_000 })
  await rp.getByRole('button', { name: '通过形式审核' }).click()
  await rp.getByText('公示中').first().waitFor({ timeout: 15_000 })

  // 3. The public sees the notice and objects.
  const visitor = await open()
  const vp = visitor.page
  await vp.goto(`${url}/public/registrations/notices`)
  await vp.getByText('湘潭市户籍人口数据').first().waitFor({ timeout: 15_000 })
  await shot(vp, 'notices')
  await vp.getByRole('button', { name: '提出异议' }).first().click()
  await vp.locator('#realName').fill('赵六')
  await vp.locator('#contact').fill('13800000000')
  await vp.locator('#content').fill('登记摘要与实际数据范围不符，请核实。')
  await vp.getByRole('button', { name: '提交异议' }).click()
  await vp.getByText('异议已提交').waitFor({ timeout: 15_000 })

  // 4. After the notice period (job with a later clock), the body dismisses the objection: the code is issued.
  assert.equal(await closeNotices(db, config, new Date(Date.now() + 40 * 86_400_000)), 1)
  await rp.goto(`${url}/registrations/${id}`)
  await rp.getByText('异议复核').first().waitFor({ timeout: 15_000 })
  await rp.getByRole('button', { name: '不成立', exact: true }).click()
  await rp.locator('.ant-modal textarea').fill('所述范围差异不影响登记内容')
  await rp
    .locator('.ant-modal')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click()
  await rp.getByText('有效').first().waitFor({ timeout: 15_000 })
  const number = (await rp.getByTestId('registration-number').textContent())?.trim() ?? ''
  assert.match(number, /^430300-\d{4}-\d{6}[0-9A-Z]$/)
  await shot(rp, 'issued')

  // 5. Anyone queries the number and verifies the certificate; a changed certificate is tampered.
  await vp.goto(`${url}/public/registrations/certificates/${number}`)
  await vp.getByText('湘潭市公安局').first().waitFor({ timeout: 15_000 })
  await shot(vp, 'query')
  const cert = await call<{ file: unknown }>('GET', `/public/registrations/certificates/${number}`, null)
  await vp.goto(`${url}/public/registrations/verify`)
  await vp.getByTestId('certificate-json').fill(JSON.stringify(cert.file, null, 2))
  await vp
    .getByRole('button', { name: /核\s*验/ })
    .first()
    .click()
  await vp.getByTestId('verify-result').filter({ hasText: '有效' }).waitFor({ timeout: 15_000 })
  await shot(vp, 'verified')
  const forged = JSON.stringify(cert.file).replace('湘潭市户籍人口数据', '湘潭市户籍人口数据（伪）')
  await vp.getByTestId('certificate-json').fill(forged)
  await vp
    .getByRole('button', { name: /核\s*验/ })
    .first()
    .click()
  await vp.getByTestId('verify-result').filter({ hasText: '被篡改' }).waitFor({ timeout: 15_000 })
  await vp.goto(`${url}/public/registrations/verify?number=${encodeURIComponent(number)}&version=1`)
  await vp.getByTestId('verify-result').filter({ hasText: '有效' }).waitFor({ timeout: 15_000 })

  assert.deepEqual(steward.problems, [])
  assert.deepEqual(reviewer.problems, [])
  // The public header asks who is signed in on every page load; an anonymous visitor gets 401 there, by design.
  assert.deepEqual(
    visitor.problems.filter((p) => !p.includes('status of 401')),
    [],
  )
})
