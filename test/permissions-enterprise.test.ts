/**
 * Registered enterprises (企业) are external parties: deny by default. A generated sweep over every route of the
 * OpenAPI document checks that a verified enterprise's user and app are refused everywhere except the written
 * allowlist below (and get no more than the public from public routes); then one enterprise goes the whole way:
 * sign up → the bureau verifies → it registers an app → orders a published API product → its app calls the
 * gateway under the order's grant → the calls are metered and invoiced → cancelling stops the grant.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { signupBody } from '../src/modules/identity/enterprise-fixture.ts'
import { type OperationFixture, openOperationFixture } from '../src/modules/operation/fixture.ts'
import { shanghaiDate } from '../src/platform/calendar/index.ts'
import { testEngines } from './support/db.ts'

type Headers = Record<string, string>

/** The routes an enterprise user may call (ADR 0013); every other non-public route must refuse it. */
const ENTERPRISE_ROUTES = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  'GET /api/v1/enterprises/{id}',
  'GET /api/v1/apps',
  'POST /api/v1/apps',
  'GET /api/v1/apps/{id}',
  'POST /api/v1/apps/{id}/rotate-secret',
  'POST /api/v1/apps/{id}/disable',
  'GET /api/v1/sharing/apps',
  'GET /api/v1/operation/products',
  'GET /api/v1/operation/products/{id}',
  'GET /api/v1/operation/orders',
  'POST /api/v1/operation/orders',
  'GET /api/v1/operation/orders/{id}/invoices',
  'POST /api/v1/operation/orders/{id}/cancel',
  'GET /api/v1/operation/invoices',
  'GET /api/v1/operation/invoices/export',
  'GET /api/v1/operation/invoices/{id}',
  'GET /api/v1/operation/invoices/{id}.pdf',
])
const PLACEHOLDER = '01a202ca-0000-7000-8000-000000000000'
const code = (res: { json<T>(): T; headers: Record<string, unknown> }) =>
  String(res.headers['content-type'] ?? '').includes('json') ? res.json<{ code?: string }>().code : undefined
const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()

for (const engine of testEngines()) {
  describe(`enterprise buyers on ${engine}`, () => {
    let f: OperationFixture
    let enterprise: Headers
    let enterpriseOrgId: string
    let enterpriseApp: { id: string; bearer: Headers }
    let orgAdmin: Headers

    before(async () => {
      // No credential or grant cache: cancelling an order revokes its grant in sharing, which does not evict the
      // gateway's grant cache at once (it expires within AUTH_CACHE_SECONDS); the test checks the revocation itself.
      f = await openOperationFixture(engine, { GATEWAY_LOG_FLUSH_MS: '50', AUTH_CACHE_SECONDS: '0' })
      const body = signupBody({ name: '湘潭智信科技有限公司', username: 'ent.zhixin' })
      const signup = await f.post('/api/v1/public/enterprises', {}, body)
      assert.equal(signup.statusCode, 201, signup.body)
      enterpriseOrgId = signup.json<{ orgId: string }>().orgId
      const verify = await f.post(`/api/v1/enterprises/${enterpriseOrgId}/verify`, f.bureau)
      assert.equal(verify.statusCode, 200, verify.body)
      enterprise = await f.t.login('ent.zhixin', String(body.password))
      const reg = await f.post('/api/v1/apps', enterprise, { orgId: enterpriseOrgId, name: '信用评估系统' })
      assert.equal(reg.statusCode, 201, reg.body)
      const { app, clientSecret } = reg.json<{
        app: { id: string; clientId: string }
        clientSecret: string
      }>()
      const tok = await f.post(
        '/api/v1/oauth/token',
        {},
        {
          grant_type: 'client_credentials',
          client_id: app.clientId,
          client_secret: clientSecret,
        },
      )
      assert.equal(tok.statusCode, 200, tok.body)
      enterpriseApp = {
        id: app.id,
        bearer: { authorization: `Bearer ${tok.json<{ access_token: string }>().access_token}` },
      }
      orgAdmin = await f.t.createUser('ent.gov.admin', '湘潭市市场监督管理局', ['org_admin'], 'Govern1234')
    })
    after(() => f.close())

    test('sweep: every route refuses a verified enterprise’s user and app unless it is on the allowlist', async () => {
      const doc = await f.get('/api/v1/openapi.json')
      const paths = doc.json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>().paths
      const call = (method: string, path: string, headers: Headers) =>
        f.t.request({
          method: method.toUpperCase() as 'GET',
          url: path.replace(/\{[^}]+\}/g, PLACEHOLDER),
          headers,
          payload: method === 'get' ? undefined : {},
        })
      let refused = 0
      let allowed = 0
      let open = 0
      for (const [path, methods] of Object.entries(paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const key = `${method.toUpperCase()} ${path}`
          // Logging out would end the session the sweep runs on; it is tried at the end.
          if (key === 'POST /api/v1/auth/logout') continue
          const anonymous = await call(method, path, {})
          const asUser = await call(method, path, enterprise)
          // Public routes (documented without security, or under /public/), and the gateways: public routes that
          // authenticate apps or developers themselves.
          const isPublic =
            (Array.isArray(op.security) && op.security.length === 0) ||
            path.startsWith('/api/v1/public/') ||
            path.startsWith('/gw/')
          if (isPublic || anonymous.statusCode !== 401) {
            // A public route: the enterprise user is served exactly as the public is.
            assert.equal(asUser.statusCode, anonymous.statusCode, `${key} public answer`)
            open++
            continue
          }
          const asApp = await call(method, path, enterpriseApp.bearer)
          assert.equal(
            asApp.statusCode,
            403,
            `${key} refuses the enterprise's app: ${asApp.body.slice(0, 200)}`,
          )
          if (ENTERPRISE_ROUTES.has(key)) {
            assert.notEqual(code(asUser), 'auth.enterprise_forbidden', `${key} is open to enterprises`)
            assert.ok(asUser.statusCode < 500, `${key}: ${asUser.body.slice(0, 200)}`)
            allowed++
          } else {
            assert.equal(
              asUser.statusCode,
              403,
              `${key} must refuse enterprises: ${asUser.body.slice(0, 200)}`,
            )
            assert.equal(code(asUser), 'auth.enterprise_forbidden', key)
            refused++
          }
        }
      }
      assert.equal(allowed, ENTERPRISE_ROUTES.size - 1, 'every allowlisted route exists')
      assert.ok(refused > 150, `refused routes: ${refused}`)
      assert.ok(open > 10, `public routes: ${open}`)
    })

    test('the same routes do not refuse a government org admin for being an enterprise', async () => {
      for (const url of ['/api/v1/orgs', '/api/v1/catalog/resources', '/api/v1/share-requests']) {
        const res = await f.get(url, orgAdmin)
        assert.notEqual(code(res), 'auth.enterprise_forbidden', url)
        assert.equal((await f.get(url, enterprise)).statusCode, 403, url)
      }
    })

    test('end to end: an enterprise orders an API product; its app calls the gateway; the calls are billed', async () => {
      const project = await f.activeProject([f.operatorOrgId])
      const [mandateId] = project.mandateIds
      const created = await f.post('/api/v1/operation/products', f.operator, {
        mandateId,
        name: '企业信用核验接口',
        kind: 'api',
        useClass: 'industry',
        chargingUnit: 'call',
        unitLabel: '次',
        resourceInputs: [project.resourceId],
        apiResourceId: project.resourceId,
        apiFields: ['sfzh', 'qh', 'nl'],
      })
      assert.equal(created.statusCode, 201, created.body)
      const productId = created.json<{ id: string }>().id
      assert.equal(
        (await f.post(`/api/v1/operation/products/${productId}/cap`, f.bureau, { amount: '0.50' }))
          .statusCode,
        204,
      )
      assert.equal(
        (await f.post(`/api/v1/operation/products/${productId}/price`, f.operator, { amount: '0.30' }))
          .statusCode,
        204,
      )
      const unpublished = await f.get(`/api/v1/operation/products/${productId}`, enterprise)
      assert.equal(unpublished.statusCode, 404, 'an unpublished product is not on the market')
      assert.equal(
        (await f.post(`/api/v1/operation/products/${productId}/publish`, f.operator)).statusCode,
        204,
      )

      const market = await f.get('/api/v1/operation/products?scope=market&pageSize=200', enterprise)
      assert.equal(market.statusCode, 200, market.body)
      assert.ok(market.json<{ items: { id: string }[] }>().items.some((p) => p.id === productId))
      const region = await f.get('/api/v1/operation/products?scope=region', enterprise)
      assert.equal(region.json<{ total: number }>().total, 0, 'an enterprise reads no region')
      const apps = await f.get('/api/v1/sharing/apps', enterprise)
      assert.deepEqual(
        apps.json<{ items: { id: string }[] }>().items.map((a) => a.id),
        [enterpriseApp.id],
      )

      const order = await f.post('/api/v1/operation/orders', enterprise, {
        productId,
        quantity: 0,
        purpose: '客户信用核验',
        appId: enterpriseApp.id,
        validUntil: `${YEAR + 1}-06-30`,
      })
      assert.equal(order.statusCode, 201, order.body)
      const orderId = order.json<{ id: string }>().id
      const foreignApp = await f.post('/api/v1/operation/orders', enterprise, {
        productId,
        quantity: 0,
        purpose: '客户信用核验',
        appId: f.buyerApp.id,
        validUntil: `${YEAR + 1}-06-30`,
      })
      assert.equal(code(foreignApp), 'operation.order_app_invalid', 'only its own app')

      const gw = `/gw/v1/${encodeURIComponent(project.resourceCode)}?sfzh=430304199001010000X`
      for (let i = 0; i < 2; i++) {
        const call = await f.get(gw, enterpriseApp.bearer)
        assert.equal(call.statusCode, 200, call.body)
      }
      assert.notEqual((await f.get(`${gw}&fields=xm`, enterpriseApp.bearer)).statusCode, 200)
      for (let attempt = 0; attempt < 50; attempt++) {
        const n = await sql<{ n: number }>`
          select count(*)::int as n from gateway_calls where status = 200 and app_id = ${enterpriseApp.id}`.execute(
          f.t.db,
        )
        if ((n.rows[0]?.n ?? 0) >= 2) break
        await new Promise((r) => setTimeout(r, 100))
      }
      const today = shanghaiDate(new Date())
      const meter = await f.post(`/api/v1/operation/orders/${orderId}/meter`, f.operator, {
        from: today,
        to: today,
      })
      assert.equal(meter.statusCode, 201, meter.body)
      assert.equal(meter.json<{ calls: number }>().calls, 2)
      assert.equal(
        (await f.post(`/api/v1/operation/orders/${orderId}/meter`, enterprise, { from: today, to: today }))
          .statusCode,
        403,
        'metering is the operator’s',
      )
      const invoices = await f.get(`/api/v1/operation/orders/${orderId}/invoices`, enterprise)
      assert.equal(invoices.statusCode, 200, invoices.body)
      assert.equal(invoices.json<{ items: { amount: string }[] }>().items[0]?.amount, '0.60')
      const ownInvoices = await f.get('/api/v1/operation/invoices', enterprise)
      assert.equal(ownInvoices.statusCode, 200, ownInvoices.body)
      assert.equal(ownInvoices.json<{ total: number }>().total, 1, 'its own invoice, nobody else’s')
      const purchases = await f.get('/api/v1/operation/orders?side=purchases', enterprise)
      assert.deepEqual(
        purchases.json<{ items: { id: string }[] }>().items.map((o) => o.id),
        [orderId],
      )
      const otherBuyer = await f.get(`/api/v1/operation/orders/${orderId}/invoices`, f.buyer)
      assert.equal(otherBuyer.statusCode, 404, 'another buyer does not see the enterprise’s order')

      assert.equal((await f.post(`/api/v1/operation/orders/${orderId}/cancel`, enterprise)).statusCode, 204)
      await new Promise((r) => setTimeout(r, 50))
      const after = await f.get(gw, enterpriseApp.bearer)
      assert.notEqual(after.statusCode, 200, 'cancelling the order stops the grant')
    })

    test('an enterprise manages only its own apps and may log out', async () => {
      const other = await f.post(`/api/v1/apps/${f.buyerApp.id}/disable`, enterprise)
      assert.equal(other.statusCode, 404)
      const foreign = await f.post('/api/v1/apps', enterprise, { orgId: f.buyerOrgId, name: '越权应用' })
      assert.equal(foreign.statusCode, 403)
      const list = await f.get('/api/v1/apps', enterprise)
      assert.deepEqual(
        list.json<{ items: { orgId: string }[] }>().items.map((a) => a.orgId),
        [enterpriseOrgId],
      )
      assert.equal((await f.post(`/api/v1/apps/${enterpriseApp.id}/enable`, enterprise)).statusCode, 403)
      assert.equal((await f.post('/api/v1/auth/logout', enterprise)).statusCode, 204)
      assert.equal((await f.get('/api/v1/auth/me', enterprise)).statusCode, 401)
    })
  })
}
