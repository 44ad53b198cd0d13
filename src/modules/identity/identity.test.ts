import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { testEngines } from '../../../test/support/db.ts'
import { creditCodeCheckChar } from '../../platform/validators/index.ts'

interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}
interface OrgDto {
  id: string
  name: string
  regionCode: string
  creditCode: string | null
}

for (const engine of testEngines()) {
  describe(`identity on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let xiangtan: OrgDto

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      const res = await t.request({ method: 'GET', url: '/api/v1/orgs?q=湘潭市数据局', headers: admin })
      const found = res.json<Page<OrgDto>>().items[0]
      assert.ok(found)
      xiangtan = found
    })
    after(() => t.close())

    test('the region tree has Hunan with its 14 prefecture-level divisions and their counties', async () => {
      const provinces = await t.request({ method: 'GET', url: '/api/v1/regions', headers: admin })
      const items = provinces.json<{ items: { code: string; name: string }[] }>().items
      assert.ok(items.length >= 31)
      assert.ok(items.some((r) => r.code === '430000' && r.name === '湖南省'))
      const cities = await t.request({ method: 'GET', url: '/api/v1/regions?parent=430000', headers: admin })
      const cityItems = cities.json<{ items: { code: string; name: string; level: number }[] }>().items
      assert.equal(cityItems.length, 14)
      assert.ok(cityItems.some((c) => c.code === '433100' && c.name === '湘西土家族苗族自治州'))
      const counties = await t.request({
        method: 'GET',
        url: '/api/v1/regions?parent=430300',
        headers: admin,
      })
      const names = counties.json<{ items: { name: string }[] }>().items.map((c) => c.name)
      for (const n of ['雨湖区', '岳塘区', '湘潭县', '湘乡市', '韶山市']) assert.ok(names.includes(n), n)
      const unknown = await t.request({ method: 'GET', url: '/api/v1/regions/439999', headers: admin })
      assert.equal(unknown.statusCode, 404)
      assert.equal(unknown.json<{ code: string }>().code, 'region.not_found')
    })

    test('login, me, logout with a bearer token; the token dies at logout', async () => {
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: admin })
      assert.equal(me.statusCode, 200)
      assert.equal(me.json<{ user: { username: string } }>().user.username, 'admin')
      const other = await t.login('admin')
      const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: other })
      assert.equal(out.statusCode, 204)
      const again = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: other })
      assert.equal(again.statusCode, 401)
      assert.equal(again.json<{ code: string }>().code, 'auth.token_invalid')
    })

    test('cookie sessions need the CSRF token on state changes', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'Admin12345' },
      })
      const session = res.cookies.find((c) => c.name === 'shuhui_session')
      assert.ok(session?.httpOnly, 'session cookie is HttpOnly')
      const csrf = res.json<{ csrfToken: string }>().csrfToken
      const cookie = `shuhui_session=${session.value}`
      const read = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })
      assert.equal(read.statusCode, 200)
      const body = { name: '湘潭市测试局甲', type: 'department', regionCode: '430300' }
      const noToken = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: { cookie },
        payload: body,
      })
      assert.equal(noToken.statusCode, 403)
      assert.equal(noToken.json<{ code: string }>().code, 'auth.csrf_invalid')
      const ok = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: body,
      })
      assert.equal(ok.statusCode, 201)
    })

    test('repeated failed logins are throttled with Retry-After, and each failure is audited', async () => {
      const create = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username: 'throttle.me',
          displayName: '限流',
          orgId: xiangtan.id,
          roles: ['data_steward'],
          password: 'Secret123',
        },
      })
      assert.equal(create.statusCode, 201)
      for (let i = 0; i < t.config.loginMaxFailures; i++) {
        const bad = await t.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'throttle.me', password: 'wrong-1' },
        })
        assert.equal(bad.statusCode, 401)
        assert.equal(bad.json<{ code: string }>().code, 'auth.invalid_credentials')
      }
      const blocked = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'throttle.me', password: 'Secret123' },
      })
      assert.equal(blocked.statusCode, 429)
      assert.equal(blocked.json<{ code: string }>().code, 'auth.too_many_attempts')
      assert.ok(Number(blocked.headers['retry-after']) > 0)
      const events = await t.request({
        method: 'GET',
        url: '/api/v1/audit/events?action=auth.login_failed',
        headers: admin,
      })
      assert.ok(events.json<Page<unknown>>().total >= t.config.loginMaxFailures)
    })

    test('users change their password; the old one stops working; weak passwords are refused', async () => {
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username: 'pw.user',
          displayName: '改密',
          orgId: xiangtan.id,
          roles: ['reviewer'],
          password: 'First1234',
        },
      })
      const h = await t.login('pw.user', 'First1234')
      const weak = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: h,
        payload: { currentPassword: 'First1234', newPassword: 'short' },
      })
      assert.equal(weak.json<{ code: string }>().code, 'auth.password_weak')
      const wrong = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: h,
        payload: { currentPassword: 'nope12345', newPassword: 'Second1234' },
      })
      assert.equal(wrong.json<{ code: string }>().code, 'auth.password_wrong')
      const ok = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: h,
        payload: { currentPassword: 'First1234', newPassword: 'Second1234' },
      })
      assert.equal(ok.statusCode, 204)
      const old = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'pw.user', password: 'First1234' },
      })
      assert.equal(old.statusCode, 401)
      await t.login('pw.user', 'Second1234')
    })

    test('orgs: credit codes are checked (GB 32100), names unique per region, search finds 湘潭市数据局', async () => {
      const first17 = '11430300MB1234567'
      const valid = first17 + creditCodeCheckChar(first17)
      const wrongCheck = first17 + (valid.endsWith('0') ? '1' : '0')
      const bad = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: admin,
        payload: { name: '湘潭市某局', type: 'department', regionCode: '430300', creditCode: wrongCheck },
      })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json<{ code: string }>().code, 'org.credit_code_invalid')
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: admin,
        payload: {
          name: '湘潭市某局',
          type: 'department',
          regionCode: '430300',
          parentId: xiangtan.id,
          creditCode: valid.toLowerCase(),
        },
      })
      assert.equal(created.statusCode, 201)
      assert.equal(created.json<OrgDto>().creditCode, valid)
      const dup = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: admin,
        payload: { name: '湘潭市某局', type: 'department', regionCode: '430300' },
      })
      assert.equal(dup.json<{ code: string }>().code, 'org.name_taken')
      const found = await t.request({
        method: 'GET',
        url: '/api/v1/orgs?q=湘潭&regionCode=430000&pageSize=50',
        headers: admin,
      })
      assert.ok(found.json<Page<OrgDto>>().items.some((o) => o.name === '湘潭市数据局'))
      const tree = await t.request({
        method: 'GET',
        url: '/api/v1/orgs/tree?regionCode=430300',
        headers: admin,
      })
      const roots = tree.json<{ items: { name: string; children: { name: string }[] }[] }>().items
      const bureau = roots.find((r) => r.name === '湘潭市数据局')
      assert.ok(bureau?.children.some((c) => c.name === '湘潭市某局'))
      const cycle = await t.request({
        method: 'PATCH',
        url: `/api/v1/orgs/${xiangtan.id}`,
        headers: admin,
        payload: { parentId: created.json<OrgDto>().id },
      })
      assert.equal(cycle.json<{ code: string }>().code, 'org.parent_invalid')
    })

    test('API apps: secret shown once, client credentials give a token, rotation and disabling kill it', async () => {
      const reg = await t.request({
        method: 'POST',
        url: '/api/v1/apps',
        headers: admin,
        payload: { orgId: xiangtan.id, name: '人口库对接' },
      })
      assert.equal(reg.statusCode, 201)
      const { app, clientSecret } = reg.json<{
        app: { id: string; clientId: string }
        clientSecret: string
      }>()
      const list = await t.request({ method: 'GET', url: '/api/v1/apps', headers: admin })
      assert.ok(!list.body.includes(clientSecret), 'secret never listed')
      const form = `grant_type=client_credentials&client_id=${app.clientId}&client_secret=${clientSecret}`
      const tok = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form,
      })
      assert.equal(tok.statusCode, 200)
      const { access_token: accessToken, expires_in: expiresIn } = tok.json<{
        access_token: string
        expires_in: number
      }>()
      assert.equal(expiresIn, t.config.appTokenTtlSeconds)
      // An app token is not a person: user endpoints refuse it.
      const asUser = await t.request({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${accessToken}` },
      })
      assert.equal(asUser.statusCode, 403)
      const basic = Buffer.from(`${app.clientId}:${clientSecret}`).toString('base64')
      const viaBasic = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: { authorization: `Basic ${basic}` },
        payload: { grant_type: 'client_credentials' },
      })
      assert.equal(viaBasic.statusCode, 200)
      const wrong = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        payload: {
          grant_type: 'client_credentials',
          client_id: app.clientId,
          client_secret: `${clientSecret}x`,
        },
      })
      assert.equal(wrong.statusCode, 401)
      assert.equal(wrong.json<{ code: string; error: string }>().error, 'invalid_client')
      const grant = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        payload: { grant_type: 'password' },
      })
      assert.equal(grant.json<{ code: string }>().code, 'oauth.unsupported_grant_type')
      const rotated = await t.request({
        method: 'POST',
        url: `/api/v1/apps/${app.id}/rotate-secret`,
        headers: admin,
      })
      const newSecret = rotated.json<{ clientSecret: string }>().clientSecret
      assert.notEqual(newSecret, clientSecret)
      const old = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: clientSecret },
      })
      assert.equal(old.statusCode, 401)
      const fresh = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: newSecret },
      })
      assert.equal(fresh.statusCode, 200)
      await t.request({ method: 'POST', url: `/api/v1/apps/${app.id}/disable`, headers: admin })
      const disabled = await t.request({
        method: 'POST',
        url: '/api/v1/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: newSecret },
      })
      assert.equal(disabled.statusCode, 401)
    })

    test('a generated initial password is returned once and must be changed', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { username: 'gen.pw', displayName: '生成', orgId: xiangtan.id, roles: ['auditor'] },
      })
      assert.equal(res.statusCode, 201)
      const body = res.json<{
        user: { mustChangePassword: boolean; scopeRegionCode: string | null }
        initialPassword: string
      }>()
      assert.equal(body.user.mustChangePassword, true)
      assert.equal(body.user.scopeRegionCode, '430300', 'an auditor of a city bureau reaches its region')
      await t.login('gen.pw', body.initialPassword)
      const dup = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { username: 'GEN.PW', displayName: '重复', orgId: xiangtan.id, roles: ['auditor'] },
      })
      assert.equal(dup.json<{ code: string }>().code, 'user.username_taken')
    })
  })
}
