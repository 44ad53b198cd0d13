/**
 * Generated permission matrix for every identity, audit and directory route: each role × target org
 * (own org / another org in the same region / the parent region / another region), with the expected answer
 * computed from the written policy below, independently of the code under test.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'
import {
  type ActorFix,
  buildMatrix,
  expectStatus,
  type Matrix,
  type MatrixOrgs,
  type OrgFix,
  RELATIONS,
  within,
} from './support/matrix.ts'

/** The written policy: who may manage members, apps and orgs of a target org. */
function mayManageMembers(actor: ActorFix, target: OrgFix): boolean {
  if (!actor.org) return false
  if (actor.role === 'bureau_admin') return within(target.regionCode, actor.org.regionCode)
  if (actor.role === 'org_admin') return target.id === actor.org.id
  return false
}
function mayManageOrg(actor: ActorFix, target: OrgFix): boolean {
  return (
    actor.role === 'bureau_admin' && actor.org !== null && within(target.regionCode, actor.org.regionCode)
  )
}
function mayListMembers(actor: ActorFix): boolean {
  return actor.role === 'bureau_admin' || actor.role === 'org_admin'
}
function mayReadAudit(actor: ActorFix): boolean {
  return actor.role === 'bureau_admin' || actor.role === 'auditor'
}
function auditVisible(actor: ActorFix, target: OrgFix): boolean {
  return mayReadAudit(actor) && actor.org !== null && within(target.regionCode, actor.org.regionCode)
}

for (const engine of testEngines()) {
  describe(`permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    const victims = new Map<string, string>()
    const apps = new Map<string, string>()

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'm'))
      for (const org of Object.values(orgs)) {
        const v = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          headers: admin,
          payload: {
            username: `victim.${org.id.slice(-6)}`,
            displayName: '对象',
            orgId: org.id,
            roles: ['data_steward'],
            password: 'Victim1234',
          },
        })
        victims.set(org.id, v.json<{ user: { id: string } }>().user.id)
        const a = await t.request({
          method: 'POST',
          url: '/api/v1/apps',
          headers: admin,
          payload: { orgId: org.id, name: `app-${org.id.slice(-6)}` },
        })
        apps.set(org.id, a.json<{ app: { id: string } }>().app.id)
      }
    })
    after(() => t.close())

    test('deny by default: every documented route refuses anonymous callers unless it is declared public', async () => {
      const PUBLIC = new Set([
        'POST /api/v1/auth/login',
        'POST /api/v1/oauth/token',
        'GET /healthz',
        'GET /readyz',
        'GET /api/v1/public/catalog/dcat',
        'GET /api/v1/public/registrations/notices',
        'GET /api/v1/public/registrations/notices/{id}',
        'POST /api/v1/public/registrations/notices/{id}/objections',
        'GET /api/v1/public/registrations/certificates/{number}',
        'GET /api/v1/public/registrations/certificates/{number}/pdf',
        'POST /api/v1/public/registrations/verify',
        'GET /api/v1/public/registrations/keys',
        'GET /api/v1/public/portal/home',
        'GET /api/v1/public/resources',
        'GET /api/v1/public/resources/{resourceCode}',
        'GET /api/v1/public/resources/{resourceCode}/download',
        'POST /api/v1/public/developers',
        'POST /api/v1/public/developers/login',
        'POST /api/v1/public/developers/logout',
        'GET /api/v1/public/demands',
        'POST /api/v1/public/demands',
        'GET /api/v1/public/demands/stats',
        'GET /api/v1/public/operation/mandates',
        'GET /api/v1/public/operation/operators',
        'GET /api/v1/public/operation/usage',
        'POST /api/v1/public/enterprises',
        'GET /api/v1/public/regions',
      ])
      const doc = await t.request({ method: 'GET', url: '/api/v1/openapi.json' })
      const paths = doc.json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>().paths
      let checked = 0
      for (const [path, methods] of Object.entries(paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const key = `${method.toUpperCase()} ${path}`
          const url = path.replace(/\{[^}]+\}/g, '01a202ca-0000-7000-8000-000000000000')
          const res = await t.request({
            method: method.toUpperCase() as 'GET',
            url,
            payload: method === 'get' ? undefined : {},
          })
          if (PUBLIC.has(key)) {
            assert.notEqual(res.statusCode, 401, key)
            assert.deepEqual(op.security, [], `${key} is documented as public`)
          } else {
            assert.equal(res.statusCode, 401, `${key} must require authentication`)
          }
          checked++
        }
      }
      assert.ok(checked >= 25, `routes checked: ${checked}`)
    })

    test('self-service: every signed-in role may change its own password and log out', async () => {
      for (const actor of actors.filter((a) => a.role !== 'anonymous')) {
        const username = `m.${actor.role}`
        const change = await t.request({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers: actor.headers,
          payload: { currentPassword: 'Matrix1234', newPassword: 'Matrix5678' },
        })
        assert.equal(change.statusCode, 204, `${actor.role} password`)
        const back = await t.request({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers: actor.headers,
          payload: { currentPassword: 'Matrix5678', newPassword: 'Matrix1234' },
        })
        assert.equal(back.statusCode, 204, `${actor.role} password back`)
        const fresh = await t.login(username, 'Matrix1234')
        const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: fresh })
        assert.equal(out.statusCode, 204, `${actor.role} logout`)
      }
      const anon = await t.request({ method: 'POST', url: '/api/v1/auth/logout' })
      assert.equal(anon.statusCode, 401)
    })

    test('directory reads: every signed-in role may read, anonymous may not', async () => {
      for (const actor of actors) {
        for (const url of [
          '/api/v1/regions',
          '/api/v1/regions/430300',
          '/api/v1/orgs',
          '/api/v1/orgs/tree?regionCode=430000',
          `/api/v1/orgs/${orgs.otherRegion.id}`,
          '/api/v1/auth/me',
        ]) {
          const res = await t.request({ method: 'GET', url, headers: actor.headers })
          expectStatus(res, actor.role !== 'anonymous', 200, [401], `${actor.role} GET ${url}`)
        }
      }
    })

    test('org management: bureau admins within their region subtree only', async () => {
      let n = 0
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const label = `${actor.role} → ${relation}`
          const allowed = mayManageOrg(actor, target)
          const create = await t.request({
            method: 'POST',
            url: '/api/v1/orgs',
            headers: actor.headers,
            payload: { name: `矩阵测试单位${n++}`, type: 'other', regionCode: target.regionCode },
          })
          expectStatus(create, allowed, 201, [401, 403], `${label} create org`)
          const patch = await t.request({
            method: 'PATCH',
            url: `/api/v1/orgs/${target.id}`,
            headers: actor.headers,
            payload: { status: 'active' },
          })
          expectStatus(patch, allowed, 200, [401, 403], `${label} patch org`)
        }
      }
    })

    test('member management: users and apps by bureau admins in scope and org admins of their own org', async () => {
      let n = 0
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const label = `${actor.role} → ${relation}`
          const allowed = mayManageMembers(actor, target)
          const victim = victims.get(target.id) ?? ''
          const app = apps.get(target.id) ?? ''
          const create = await t.request({
            method: 'POST',
            url: '/api/v1/users',
            headers: actor.headers,
            payload: {
              username: `new.${n++}`,
              displayName: '新',
              orgId: target.id,
              roles: ['data_steward'],
              password: 'Newuser123',
            },
          })
          expectStatus(create, allowed, 201, [401, 403], `${label} create user`)
          const patch = await t.request({
            method: 'PATCH',
            url: `/api/v1/users/${victim}`,
            headers: actor.headers,
            payload: { displayName: '改名' },
          })
          expectStatus(patch, allowed, 200, [401, 403], `${label} patch user`)
          const reset = await t.request({
            method: 'POST',
            url: `/api/v1/users/${victim}/reset-password`,
            headers: actor.headers,
          })
          expectStatus(reset, allowed, 200, [401, 403], `${label} reset password`)
          const reg = await t.request({
            method: 'POST',
            url: '/api/v1/apps',
            headers: actor.headers,
            payload: { orgId: target.id, name: `a${n++}` },
          })
          expectStatus(reg, allowed, 201, [401, 403], `${label} register app`)
          // Apps of other scopes are not even confirmed to exist.
          for (const [method, url] of [
            ['GET', `/api/v1/apps/${app}`],
            ['POST', `/api/v1/apps/${app}/rotate-secret`],
            ['POST', `/api/v1/apps/${app}/disable`],
            ['POST', `/api/v1/apps/${app}/enable`],
          ] as const) {
            const res = await t.request({ method, url, headers: actor.headers })
            expectStatus(res, allowed, 200, [401, 404], `${label} ${method} ${url}`)
          }
          for (const list of ['users', 'apps']) {
            const res = await t.request({
              method: 'GET',
              url: `/api/v1/${list}?orgId=${target.id}`,
              headers: actor.headers,
            })
            expectStatus(res, mayListMembers(actor), 200, [401, 403], `${label} list ${list}`)
            if (res.statusCode === 200) {
              const total = res.json<{ total: number }>().total
              assert.equal(
                total > 0,
                allowed,
                `${label} list ${list} shows only manageable orgs (total ${total})`,
              )
            }
          }
        }
      }
    })

    test('working-day calendar: everyone signed in reads; only a province-level bureau admin loads a year', async () => {
      const year = {
        year: 2027,
        source: '测试用 2027 年安排',
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [],
      }
      for (const actor of actors) {
        for (const url of [
          '/api/v1/calendar/add-working-days?from=2025-09-30&days=1',
          '/api/v1/calendar/working-days?from=2025-09-30&to=2025-10-10',
          '/api/v1/calendar/days?year=2025',
          '/api/v1/calendar/years',
        ]) {
          const res = await t.request({ method: 'GET', url, headers: actor.headers })
          expectStatus(res, actor.role !== 'anonymous', 200, [401], `${actor.role} GET ${url}`)
        }
        // City-level admins (scope 430300) govern a city, not the national calendar.
        const put = await t.request({
          method: 'PUT',
          url: '/api/v1/calendar/years/2027',
          headers: actor.headers,
          payload: year,
        })
        expectStatus(put, false, 200, [401, 403], `${actor.role} PUT calendar year`)
      }
      const province = await t.request({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        headers: admin,
        payload: year,
      })
      assert.equal(province.statusCode, 200, province.body)
    })

    test('audit trail: bureau admins and auditors read their region subtree; nobody else reads it', async () => {
      for (const actor of actors) {
        const verify = await t.request({ method: 'GET', url: '/api/v1/audit/verify', headers: actor.headers })
        expectStatus(verify, mayReadAudit(actor), 200, [401, 403], `${actor.role} verify`)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const res = await t.request({
            method: 'GET',
            url: `/api/v1/audit/events?orgId=${target.id}`,
            headers: actor.headers,
          })
          expectStatus(res, mayReadAudit(actor), 200, [401, 403], `${actor.role} → ${relation} audit`)
          if (res.statusCode === 200) {
            const total = res.json<{ total: number }>().total
            assert.equal(
              total > 0,
              auditVisible(actor, target),
              `${actor.role} → ${relation} audit visibility (total ${total})`,
            )
          }
        }
      }
    })
  })
}
