/**
 * Enterprise self-registration and verification: the form's checks (GB 32100 credit code, region, mobile,
 * password), duplicates, the per-address limit, no sign-in before verification, verification and rejection by a
 * bureau admin of the enterprise's region only, the audit trail (mobile masked) and the type boundary.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { testEngines } from '../../../test/support/db.ts'
import { creditCode, ENTERPRISE_PASSWORD, signupBody } from './enterprise-fixture.ts'
import { SIGNUPS_PER_HOUR } from './enterprises.ts'

type Headers = Record<string, string>
const PW = ENTERPRISE_PASSWORD

const code = (res: { json<T>(): T }) => res.json<{ code: string }>().code
const fieldsOf = (res: { json<T>(): T }) =>
  (res.json<{ errors?: { field: string }[] }>().errors ?? []).map((e) => e.field).sort()

for (const engine of testEngines()) {
  describe(`enterprises on ${engine}`, () => {
    let t: TestApp
    let admin: Headers
    let xiangtanBureau: Headers
    let changshaBureau: Headers
    let steward: Headers
    let address = 0
    // Each signup comes from its own address unless a test is about the per-address limit.
    const signup = (
      body: Record<string, unknown>,
      remoteAddress = `10.0.${address >> 8}.${address++ & 255}`,
    ) => t.request({ method: 'POST', url: '/api/v1/public/enterprises', payload: body, remoteAddress })
    const login = (username: string, password = PW) =>
      t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      xiangtanBureau = await t.createUser('ent.xt.bureau', '湘潭市数据局', ['bureau_admin'], PW)
      changshaBureau = await t.createUser('ent.cs.bureau', '长沙市数据局', ['bureau_admin'], PW)
      steward = await t.createUser('ent.xt.steward', '湘潭市数据局', ['data_steward'], PW)
    })
    after(() => t.close())

    test('the form: a wrong credit code, region, mobile or password is a 422 naming every field', async () => {
      const good = creditCode()
      const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0')
      const bad = await signup(signupBody({ creditCode: wrongCheck }))
      assert.equal(bad.statusCode, 422, bad.body)
      assert.equal(code(bad), 'enterprise.invalid')
      assert.deepEqual(fieldsOf(bad), ['body.creditCode'])
      const shape = await signup(signupBody({ creditCode: '12345' }))
      assert.deepEqual(fieldsOf(shape), ['body.creditCode'])
      const many = await signup(
        signupBody({ regionCode: '439999', contactMobile: '12345', password: 'onlyletters' }),
      )
      assert.equal(many.statusCode, 422)
      assert.deepEqual(fieldsOf(many), ['body.contactMobile', 'body.password', 'body.regionCode'])
      const unknownField = await signup({ ...signupBody(), extra: 1 })
      assert.equal(unknownField.statusCode, 400)
      const none = await sql<{ n: number }>`select count(*)::int as n from enterprises`.execute(t.db)
      assert.equal(none.rows[0]?.n, 0, 'nothing is written for a refused form')
    })

    test('a signup creates a pending enterprise and its admin, audited with the mobile masked', async () => {
      const body = signupBody({ creditCode: creditCode().toLowerCase() })
      const res = await signup(body)
      assert.equal(res.statusCode, 201, res.body)
      const { orgId, verification } = res.json<{ orgId: string; verification: string }>()
      assert.equal(verification, 'pending')
      const org = await sql<{ type: string; creditCode: string }>`
        select type, credit_code from orgs where id = ${orgId}`.execute(t.db)
      assert.equal(org.rows[0]?.type, 'enterprise')
      assert.equal(org.rows[0]?.creditCode, String(body.creditCode).toUpperCase(), 'normalised')
      const events = await sql<{ action: string; details: unknown }>`
        select action, details from audit_events where target_id = ${orgId}`.execute(t.db)
      assert.deepEqual(
        events.rows.map((e) => e.action),
        ['enterprise.register'],
      )
      const details = JSON.stringify(events.rows[0]?.details)
      assert.ok(details.includes('138****5678'), details)
      assert.ok(!details.includes('13812345678'), 'the mobile never appears in clear')
    })

    test('duplicates: the same credit code, name or username is a 409 with a stable code', async () => {
      const first = signupBody()
      assert.equal((await signup(first)).statusCode, 201)
      const sameCode = await signup(signupBody({ creditCode: first.creditCode }))
      assert.equal(sameCode.statusCode, 409)
      assert.equal(code(sameCode), 'org.credit_code_taken')
      const sameUser = await signup(signupBody({ username: String(first.username).toUpperCase() }))
      assert.equal(code(sameUser), 'user.username_taken')
      const sameName = await signup(signupBody({ name: first.name }))
      assert.equal(code(sameName), 'org.name_taken')
      const taken = await signup(signupBody({ username: 'admin' }))
      assert.equal(code(taken), 'user.username_taken')
    })

    test(`one address may sign up ${SIGNUPS_PER_HOUR} enterprises an hour`, async () => {
      for (let i = 0; i < SIGNUPS_PER_HOUR; i++)
        assert.equal((await signup(signupBody(), '192.0.2.7')).statusCode, 201)
      const over = await signup(signupBody(), '192.0.2.7')
      assert.equal(over.statusCode, 429)
      assert.equal(code(over), 'enterprise.rate_limited')
      assert.equal((await signup(signupBody(), '192.0.2.8')).statusCode, 201, 'other addresses go on')
    })

    test('no sign-in before verification; the region’s bureau admin verifies, nobody else may', async () => {
      const body = signupBody()
      const { orgId } = (await signup(body)).json<{ orgId: string }>()
      const pending = await login(String(body.username))
      assert.equal(pending.statusCode, 403)
      assert.equal(code(pending), 'auth.enterprise_pending')
      assert.equal((await login(String(body.username), 'Wrong12345')).statusCode, 401, 'no hint without it')

      const queue = await t.request({
        method: 'GET',
        url: '/api/v1/enterprises?verification=pending&pageSize=200',
        headers: xiangtanBureau,
      })
      assert.equal(queue.statusCode, 200)
      const item = queue
        .json<{ items: { orgId: string; username: string; contactMobile: string }[] }>()
        .items.find((e) => e.orgId === orgId)
      assert.equal(item?.username, body.username)
      const elsewhere = await t.request({
        method: 'GET',
        url: '/api/v1/enterprises',
        headers: changshaBureau,
      })
      assert.ok(!elsewhere.json<{ items: { orgId: string }[] }>().items.some((e) => e.orgId === orgId))
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/enterprises', headers: steward })).statusCode,
        403,
      )

      const verify = (as: Headers) =>
        t.request({ method: 'POST', url: `/api/v1/enterprises/${orgId}/verify`, headers: as })
      assert.equal((await verify(changshaBureau)).statusCode, 404, 'another city’s bureau does not see it')
      assert.equal((await verify(steward)).statusCode, 403)
      const ok = await verify(xiangtanBureau)
      assert.equal(ok.statusCode, 200, ok.body)
      assert.equal(ok.json<{ verification: string; decidedByName: string }>().verification, 'verified')
      assert.equal(code(await verify(admin)), 'enterprise.already_decided')
      const events = await sql<{ action: string }>`
        select action from audit_events where target_id = ${orgId} order by seq`.execute(t.db)
      assert.deepEqual(
        events.rows.map((e) => e.action),
        ['enterprise.register', 'enterprise.verify'],
      )

      const signedIn = await login(String(body.username))
      assert.equal(signedIn.statusCode, 200, signedIn.body)
      const headers = { authorization: `Bearer ${signedIn.json<{ token: string }>().token}` }
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers })
      assert.equal(me.json<{ user: { orgType: string; roles: string[] } }>().user.orgType, 'enterprise')
      const own = await t.request({ method: 'GET', url: `/api/v1/enterprises/${orgId}`, headers })
      assert.equal(own.statusCode, 200)
      const directory = await t.request({ method: 'GET', url: '/api/v1/orgs', headers })
      assert.equal(directory.statusCode, 403)
      assert.equal(code(directory), 'auth.enterprise_forbidden')
    })

    test('rejection needs a reason; a rejected enterprise cannot sign in and learns it', async () => {
      const body = signupBody()
      const { orgId } = (await signup(body)).json<{ orgId: string }>()
      const reject = (payload: unknown) =>
        t.request({
          method: 'POST',
          url: `/api/v1/enterprises/${orgId}/reject`,
          headers: xiangtanBureau,
          payload: payload as Record<string, unknown>,
        })
      assert.equal((await reject({})).statusCode, 400)
      assert.equal(code(await reject({ reason: '  ' })), 'enterprise.invalid')
      const res = await reject({ reason: '营业执照信息与信用代码不符' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json<{ rejectReason: string }>().rejectReason, '营业执照信息与信用代码不符')
      const refused = await login(String(body.username))
      assert.equal(refused.statusCode, 403)
      assert.equal(code(refused), 'auth.enterprise_rejected')
      assert.match(refused.json<{ detail: string }>().detail, /营业执照信息与信用代码不符/)
      const verifyLater = await t.request({
        method: 'POST',
        url: `/api/v1/enterprises/${orgId}/verify`,
        headers: xiangtanBureau,
      })
      assert.equal(code(verifyLater), 'enterprise.already_decided')
    })

    test('the type boundary: no admin-made enterprise, no type change, only buyer roles inside one', async () => {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: admin,
        payload: { name: '管理员建的企业', type: 'enterprise', regionCode: '430300' },
      })
      assert.equal(created.statusCode, 400)
      const { orgId } = (await signup(signupBody())).json<{ orgId: string }>()
      const retype = await t.request({
        method: 'PATCH',
        url: `/api/v1/orgs/${orgId}`,
        headers: admin,
        payload: { type: 'department' },
      })
      assert.equal(code(retype), 'org.type_locked')
      const dropCode = await t.request({
        method: 'PATCH',
        url: `/api/v1/orgs/${orgId}`,
        headers: admin,
        payload: { creditCode: null },
      })
      assert.equal(code(dropCode), 'org.credit_code_invalid')
      const bureauRole = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username: 'ent.escalate',
          displayName: '越权',
          orgId,
          roles: ['bureau_admin'],
          password: PW,
        },
      })
      assert.equal(code(bureauRole), 'user.role_not_allowed')
      const buyerRole = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username: 'ent.buyer2',
          displayName: '采购员',
          orgId,
          roles: ['data_steward'],
          password: PW,
        },
      })
      assert.equal(buyerRole.statusCode, 201, buyerRole.body)
    })
  })
}
