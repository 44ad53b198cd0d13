/** The error contract: languages, masking of internal failures, the OpenAPI document itself. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from './support/app.ts'

describe('problem details and OpenAPI', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp('pglite')
  })
  after(() => t.close())

  test('titles and field messages follow Accept-Language (zh-CN by default, en on request)', async () => {
    const headers = await t.login('admin')
    const zh = await t.request({ method: 'POST', url: '/api/v1/orgs', headers, payload: { name: 'x' } })
    const zhBody = zh.json<{ title: string; errors: { field: string; message: string }[] }>()
    assert.equal(zh.statusCode, 400)
    assert.equal(zhBody.title, '请求参数不合法')
    assert.ok(zhBody.errors.some((e) => e.field === 'body.type' && e.message === '必填'))
    assert.ok(zhBody.errors.some((e) => e.field === 'body.name' && e.message.includes('长度')))
    const en = await t.request({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...headers, 'accept-language': 'en-US,en;q=0.9' },
      payload: { name: 'x' },
    })
    const enBody = en.json<{ title: string; errors: { field: string; message: string }[] }>()
    assert.equal(enBody.title, 'The request is invalid')
    assert.ok(enBody.errors.some((e) => e.field === 'body.type' && e.message === 'is required'))
  })

  test('an internal failure is a 500 that reveals nothing', async () => {
    const headers = await t.login('admin')
    await t.handle.exec('alter table orgs rename to orgs_moved')
    try {
      const res = await t.request({ method: 'GET', url: '/api/v1/orgs', headers })
      assert.equal(res.statusCode, 500)
      const body = res.json<Record<string, unknown>>()
      assert.equal(body.code, 'internal.error')
      assert.equal(body.title, '服务器内部错误')
      assert.ok(!/orgs|relation|select|stack|at /i.test(res.body), res.body)
      assert.ok(typeof body.requestId === 'string')
    } finally {
      await t.handle.exec('alter table orgs_moved rename to orgs')
    }
  })

  test('OpenAPI 3.1 lists every route with its schemas; /docs serves the browser', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/openapi.json' })
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { responses?: object }>> }>()
    assert.equal(doc.openapi, '3.1.0')
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/regions',
      '/api/v1/orgs',
      '/api/v1/users',
      '/api/v1/apps',
      '/api/v1/oauth/token',
      '/api/v1/audit/events',
      '/api/v1/audit/verify',
      '/api/v1/calendar/add-working-days',
      '/healthz',
      '/readyz',
    ]) {
      assert.ok(doc.paths[path], `${path} documented`)
    }
    const ui = await t.request({ method: 'GET', url: '/docs' })
    assert.ok(ui.statusCode === 200 || ui.statusCode === 302, `docs: ${ui.statusCode}`)
    const ready = await t.request({ method: 'GET', url: '/readyz' })
    assert.equal(ready.json<{ status: string }>().status, 'ready')
  })

  test('unknown routes are problem 404s; every response carries x-request-id', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nothing-here' })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json<{ code: string }>().code, 'route.not_found')
    assert.ok(res.headers['x-request-id'])
    // Refusals from hooks, validation and parsing keep it too: the header is set before any of them run.
    for (const [method, url, status, body] of [
      ['GET', '/api/v1/orgs', 401, undefined],
      ['GET', '/api/v1/public/catalog/dcat?pageSize=abc', 400, undefined],
      ['POST', '/api/v1/auth/login', 400, '{"username":'],
    ] as const) {
      const r = await t.request({
        method,
        url,
        headers: { 'x-request-id': 'trace-0000-0001', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: body }),
      })
      assert.equal(r.statusCode, status, `${method} ${url}`)
      assert.equal(r.headers['x-request-id'], 'trace-0000-0001', `${method} ${url}`)
      assert.match(String(r.headers['content-type']), /application\/problem\+json/)
    }
  })
})
