/**
 * End-to-end check of the staff web console in a real browser: log in through the form, open 组织机构,
 * search for 湘潭 and find 湘潭市数据局. Screenshots go to test/artifacts/ for review.
 * Needs the built console (web/dist) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { ARTIFACTS, launchBrowser, settle, watch } from '../support/browser.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 60_000

let server: TestServer | undefined
let browser: Browser | undefined

before(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

test('admin logs in and finds 湘潭市数据局 in 组织机构', { timeout: TIMEOUT }, async () => {
  assert.ok(server && browser, 'server and browser started')
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  try {
    await page.goto(`${server.url}/login`)
    const submit = page.getByRole('button', { name: '登录' })
    await submit.waitFor({ state: 'visible', timeout: 15_000 })
    await page.getByText('数惠 · 公共数据资源平台').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'login.png'), fullPage: true })

    await page.locator('#username').fill(server.adminUsername)
    await page.locator('#password').fill(server.adminPassword)
    await submit.click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })

    await page.getByRole('menuitem', { name: '组织机构' }).click()
    await page.waitForURL((url) => url.pathname === '/orgs')
    const search = page.getByPlaceholder('搜索单位名称')
    await search.waitFor({ state: 'visible' })

    const searched = page.waitForResponse((res) => {
      const url = new URL(res.url())
      return url.pathname === '/api/v1/orgs' && url.searchParams.get('q') === '湘潭'
    })
    await search.fill('湘潭')
    const res = await searched
    assert.equal(res.status(), 200, `GET /api/v1/orgs?q=湘潭 answered ${res.status()}`)

    const cell = page
      .locator('.ant-table-tbody')
      .getByRole('cell', { name: '湘潭市数据局', exact: true })
      .first()
    await cell.waitFor({ state: 'visible', timeout: 10_000 })
    assert.ok(await cell.isVisible(), '湘潭市数据局 is listed')
    await settle(page)
    await page.screenshot({ path: join(ARTIFACTS, 'org-tree.png'), fullPage: true })

    // The same search in the hierarchy view (GET /orgs/tree, filtered in the page).
    const tree = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/orgs/tree')
    await page.getByText('组织树', { exact: true }).click()
    assert.equal((await tree).status(), 200, 'GET /api/v1/orgs/tree answered 200')
    await page
      .locator('.ant-table-tbody')
      .getByRole('cell', { name: '湘潭市数据局', exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 })
    await settle(page)
    await page.screenshot({ path: join(ARTIFACTS, 'org-tree-view.png'), fullPage: true })
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => undefined)
    if (problems.length) console.error(`browser reported:\n${problems.join('\n')}`)
    throw err
  } finally {
    await page.close()
  }
})
