/**
 * End-to-end check of the catalog pages in a real browser: a data steward of 湖南省公安厅 catalogues a resource
 * through the form (two fields) and submits it; the bureau admin publishes it from 目录审核 and finds it on
 * 数据目录 by a Chinese word of its name. Then the steward imports a template with one bad row, sees the report,
 * fixes the row, imports, and finds the imported resource by a Chinese search.
 * Screenshots go to test/artifacts/catalog-*.png. Needs web/dist and Chromium (see console.test.ts).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { ARTIFACTS, launchBrowser, screenshots, watch } from '../support/browser.ts'
import { apiCall, startTestServer, type TestServer } from '../support/server.ts'

const TIMEOUT = 120_000
const STEWARD = { username: 'web.steward', password: 'Catalog123' }
const RESOURCE_NAME = '全省机动车驾驶人信息'

let server: TestServer | undefined
let browser: Browser | undefined

const call = <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> =>
  apiCall<T>(server?.url ?? '', method, path, token, body)

async function apiLogin(username: string, password: string): Promise<string> {
  return (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token
}

before(async () => {
  server = await startTestServer()
  const admin = await apiLogin(server.adminUsername, server.adminPassword)
  const orgs = await call<{ items: { id: string; name: string }[] }>(
    'GET',
    `/orgs?q=${encodeURIComponent('湖南省公安厅')}`,
    admin,
  )
  const org = orgs.items.find((o) => o.name === '湖南省公安厅')
  assert.ok(org, '湖南省公安厅 is seeded')
  await call('POST', '/users', admin, {
    username: STEWARD.username,
    displayName: '公安厅数据专员',
    orgId: org.id,
    roles: ['data_steward'],
    password: STEWARD.password,
  })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

const shot = screenshots('catalog')

/** Opens a signed-in page in its own browser context (own cookies). */
async function signedIn(username: string, password: string): Promise<{ page: Page; problems: string[] }> {
  assert.ok(server && browser)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  const problems = watch(page)
  await page.goto(`${server.url}/login`)
  const submit = page.getByRole('button', { name: '登录' })
  await submit.waitFor({ state: 'visible', timeout: 15_000 })
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(password)
  await submit.click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
  return { page, problems }
}

function apiResponse(page: Page, method: string, pathname: string | RegExp) {
  return page.waitForResponse((res) => {
    const url = new URL(res.url())
    const pathOk = typeof pathname === 'string' ? url.pathname === pathname : pathname.test(url.pathname)
    return res.request().method() === method && pathOk
  })
}

/** Runs `body`; on failure saves a screenshot and prints what the browser complained about. */
async function withPage(
  session: { page: Page; problems: string[] },
  name: string,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  try {
    await body(session.page)
  } catch (err) {
    await session.page
      .screenshot({ path: join(ARTIFACTS, `catalog-failure-${name}.png`), fullPage: true })
      .catch(() => undefined)
    if (session.problems.length) console.error(`browser reported:\n${session.problems.join('\n')}`)
    throw err
  } finally {
    await session.page.close()
  }
}

async function searchCatalog(page: Page, word: string, expectName: string): Promise<void> {
  await page.getByRole('menuitem', { name: '数据目录' }).click()
  await page.waitForURL((url) => url.pathname === '/catalog')
  const searched = page.waitForResponse((res) => {
    const url = new URL(res.url())
    return url.pathname === '/api/v1/catalog/resources' && url.searchParams.get('q') === word
  })
  const box = page.getByPlaceholder('搜索资源名称、摘要、信息项、提供单位')
  await box.fill(word)
  await box.press('Enter')
  assert.equal((await searched).status(), 200, `GET /api/v1/catalog/resources?q=${word}`)
  await page
    .locator('.ant-table-tbody')
    .getByRole('link', { name: expectName })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 })
}

let created: { id: string; code: string } | undefined

test('steward catalogues a resource, admin publishes it from 目录审核, search finds it', {
  timeout: TIMEOUT,
}, async () => {
  assert.ok(server)
  await withPage(await signedIn(STEWARD.username, STEWARD.password), 'steward', async (page) => {
    await page.getByRole('menuitem', { name: '数据目录' }).click()
    await page.waitForURL((url) => url.pathname === '/catalog')
    await page.getByText('暂无数据资源').first().waitFor({ state: 'visible', timeout: 10_000 })
    await shot(page, 'empty')

    await page.getByRole('button', { name: '新建资源' }).click()
    await page.waitForURL((url) => url.pathname === '/catalog/new')
    await page.locator('#name').fill(RESOURCE_NAME)
    await page.locator('#summary').fill('全省机动车驾驶人的驾驶证信息，含姓名、准驾车型等。')
    await page.locator('#classCode').fill('301001')
    await page.locator('#className').fill('部门信息资源/公安/交通管理')
    await page.locator('#shareCondition').fill('用于交通违法处理和政务服务身份核验，须说明用途')
    await page.locator('#fields_0_name').fill('姓名')
    await page.locator('#fields_0_code').fill('xm')
    await page.getByRole('button', { name: '添加信息项' }).click()
    await page.locator('#fields_1_name').fill('准驾车型')
    await page.locator('#fields_1_code').fill('zjcx')
    await shot(page, 'form')

    const saved = apiResponse(page, 'POST', '/api/v1/catalog/resources')
    await page.getByRole('button', { name: '保存草稿' }).click()
    const res = await saved
    assert.equal(res.status(), 201, `POST /catalog/resources answered ${res.status()}: ${await res.text()}`)
    const body = (await res.json()) as { id: string; code: string; fields: unknown[] }
    assert.equal(body.fields.length, 2, 'two fields saved')
    created = { id: body.id, code: body.code }
    await page.waitForURL((url) => url.pathname === `/catalog/${body.id}`)
    await page.getByTestId('resource-title').getByText(RESOURCE_NAME).waitFor()

    const submitted = apiResponse(page, 'POST', `/api/v1/catalog/resources/${body.id}/submit`)
    await page.getByRole('button', { name: '提交审核' }).click()
    await page.locator('.ant-popconfirm').getByRole('button', { name: '提交' }).click()
    assert.equal((await submitted).status(), 200, 'submit answered 200')
    await page.locator('.ant-card-head').getByText('待审核').waitFor({ state: 'visible', timeout: 10_000 })
    await shot(page, 'submitted')

    // A server-side refusal lands on the input it concerns (problem errors[].field → form item).
    await page.goto(`${server?.url}/catalog/new`)
    await page.locator('#name').fill(RESOURCE_NAME)
    await page.locator('#classCode').fill('301001')
    await page.locator('#shareCondition').fill('须说明用途')
    await page.locator('#fields_0_name').fill('姓名')
    await page.locator('#fields_0_code').fill('xm')
    const refused = apiResponse(page, 'POST', '/api/v1/catalog/resources')
    await page.getByRole('button', { name: '保存草稿' }).click()
    const refusal = await refused
    assert.ok(refusal.status() >= 400 && refusal.status() < 500, `same name refused (${refusal.status()})`)
    await page
      .locator('.ant-form-item-has-error')
      .filter({ has: page.locator('#name') })
      .getByText('本单位已有同名资源')
      .waitFor({ state: 'visible', timeout: 10_000 })
  })

  assert.ok(created, 'resource created')
  const { id, code } = created
  await withPage(await signedIn(server.adminUsername, server.adminPassword), 'admin', async (page) => {
    await page.getByRole('menuitem', { name: '目录审核' }).click()
    await page.waitForURL((url) => url.pathname === '/catalog/review')
    const publishButton = page.getByTestId(`publish-${code}`)
    await publishButton.waitFor({ state: 'visible', timeout: 10_000 })
    await shot(page, 'review')
    const published = apiResponse(page, 'POST', `/api/v1/catalog/resources/${id}/publish`)
    await publishButton.click()
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click()
    assert.equal((await published).status(), 200, 'publish answered 200')
    await page.getByText('暂无待审核的数据资源').waitFor({ state: 'visible', timeout: 10_000 })

    await searchCatalog(page, '驾驶人', RESOURCE_NAME)
    await shot(page, 'search')

    // Detail: the published version and the audit trail (admin is also an auditor).
    await page.locator('.ant-table-tbody').getByRole('link', { name: RESOURCE_NAME }).first().click()
    await page.waitForURL((url) => url.pathname === `/catalog/${id}`)
    await page.getByRole('tab', { name: '版本' }).click()
    await page.getByRole('cell', { name: 'v1', exact: true }).waitFor({ state: 'visible', timeout: 10_000 })
    await page.getByRole('tab', { name: '审计' }).click()
    await page.getByText('catalog.resource_publish').waitFor({ state: 'visible', timeout: 10_000 })
    await shot(page, 'detail-audit')
  })
})

const IMPORT_GOOD = '全省居民户籍迁移登记信息'
const IMPORT_OTHER = '全省居民身份证换领信息'

/** The server's template with two resources filled in; `frequency` of the second one decides if it is valid. */
async function filledTemplate(token: string, frequency: string): Promise<Buffer> {
  assert.ok(server)
  const res = await fetch(`${server.url}/api/v1/catalog/template.xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  })
  assert.equal(res.status, 200, 'template downloads')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer)
  const fill = (sheetName: string, rows: Record<string, string | number>[]) => {
    const ws = wb.getWorksheet(sheetName)
    assert.ok(ws, `template has sheet ${sheetName}`)
    const headers = new Map<string, number>()
    ws.getRow(1).eachCell((cell, col) => {
      headers.set(String(cell.value ?? '').replace(/[*＊\s]/g, ''), col)
    })
    rows.forEach((row, i) => {
      for (const [header, value] of Object.entries(row)) {
        const col = headers.get(header)
        assert.ok(col, `template sheet ${sheetName} has column ${header}`)
        ws.getRow(2 + i).getCell(col).value = value
      }
    })
  }
  const resource = (name: string, updateFrequency: string) => ({
    信息资源名称: name,
    资源分类: '部门信息资源',
    分类码: '301002',
    信息资源摘要: `${name}，含公民身份号码、迁入迁出地址等。`,
    信息资源格式: '数据库',
    共享类型: '有条件共享',
    共享条件: '用于政务服务办理，须说明用途',
    开放类型: '不予开放',
    更新周期: updateFrequency,
  })
  fill('资源目录', [resource(IMPORT_GOOD, '每日'), resource(IMPORT_OTHER, frequency)])
  fill('信息项', [
    {
      信息资源名称: IMPORT_GOOD,
      信息项名称: '公民身份号码',
      信息项代码: 'sfzh',
      数据类型: '字符型',
      长度: 18,
    },
    { 信息资源名称: IMPORT_GOOD, 信息项名称: '迁入地址', 信息项代码: 'qrdz', 数据类型: '字符型', 长度: 200 },
    {
      信息资源名称: IMPORT_OTHER,
      信息项名称: '公民身份号码',
      信息项代码: 'sfzh',
      数据类型: '字符型',
      长度: 18,
    },
  ])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

async function uploadAndCheck(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer })
  const checked = page.waitForResponse((res) => {
    const url = new URL(res.url())
    return url.pathname === '/api/v1/catalog/import' && url.searchParams.get('dryRun') === 'true'
  })
  await page.getByRole('button', { name: '上传并校验' }).click()
  const res = await checked
  assert.ok(res.status() < 500, `dry run answered ${res.status()}`)
}

test('steward imports a template with one bad row, fixes it, imports, and finds it', {
  timeout: TIMEOUT,
}, async () => {
  assert.ok(server)
  const token = await apiLogin(STEWARD.username, STEWARD.password)
  const probe = await fetch(`${server.url}/api/v1/catalog/template.xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await probe.arrayBuffer()
  assert.equal(probe.status, 200, 'the template download works')
  const bad = await filledTemplate(token, '每十年')
  const fixed = await filledTemplate(token, '每年')

  await withPage(await signedIn(STEWARD.username, STEWARD.password), 'import', async (page) => {
    await page.getByRole('menuitem', { name: '数据目录' }).click()
    await page.getByRole('button', { name: '导入 Excel' }).click()
    await page.waitForURL((url) => url.pathname === '/catalog/import')

    await uploadAndCheck(page, '目录-有错误.xlsx', bad)
    const problems = page.getByTestId('import-problems')
    await problems.waitFor({ state: 'visible', timeout: 10_000 })
    await problems.getByRole('cell', { name: '资源目录', exact: true }).first().waitFor()
    await page.getByText('发现 1 处问题').waitFor()
    await shot(page, 'import-report')

    await page.getByRole('button', { name: '修改后重新上传' }).click()
    await uploadAndCheck(page, '目录-已修改.xlsx', fixed)
    await page.getByText('校验通过，未发现问题').waitFor({ state: 'visible', timeout: 10_000 })
    await page.getByRole('button', { name: '下一步' }).click()
    const imported = page.waitForResponse((res) => {
      const url = new URL(res.url())
      return url.pathname === '/api/v1/catalog/import' && url.searchParams.get('dryRun') === null
    })
    await page.getByRole('button', { name: '确认导入' }).click()
    assert.equal((await imported).status(), 200, 'import answered 200')
    await page.getByText('导入完成').waitFor({ state: 'visible', timeout: 10_000 })
    await page.getByText('新建 2 条，更新 0 条，跳过 0 条').waitFor()
    await shot(page, 'import-result')

    await searchCatalog(page, '户籍迁移', IMPORT_GOOD)
    await shot(page, 'import-search')
  })
})
