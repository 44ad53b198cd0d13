/**
 * Permission matrix for registrations: each role × registrant org (own org / another org of the region / the
 * parent region / another region), expected answers computed from the written policy below, independently of
 * src/modules/registration/policy.ts. The registration body of a registrant is the data bureau of its region.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'
import {
  type ActorFix,
  buildMatrix,
  expectStatus,
  type MatrixOrgs,
  type OrgFix,
  RELATIONS,
  type Relation,
  within,
} from './support/matrix.ts'

type Headers = Record<string, string>

/** The written policy. */
const applicantRole = (a: ActorFix) => ['data_steward', 'org_admin', 'operator_staff'].includes(a.role)
const orgReader = (a: ActorFix) => applicantRole(a) || a.role === 'auditor'
const bodyRole = (a: ActorFix) => a.role === 'bureau_admin' || a.role === 'reviewer'
const bureauReader = (a: ActorFix) => bodyRole(a) || a.role === 'auditor'

for (const engine of testEngines()) {
  describe(`registration permission matrix on ${engine}`, () => {
    let t: TestApp
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: (actor: ActorFix, relation: Relation) => OrgFix
    const makers = new Map<string, Headers>()
    /** The body (bureau) serving each target org: its own region's bureau. */
    const bodyOf = (target: OrgFix): OrgFix => (target.id === orgs.department.id ? orgs.bureau : target)
    const sees = (a: ActorFix, target: OrgFix) => {
      if (!a.org) return false
      const body = bodyOf(target)
      return (
        (orgReader(a) && a.org.id === target.id) ||
        (bodyRole(a) && a.org.id === body.id) ||
        (bureauReader(a) && within(body.regionCode, a.org.regionCode))
      )
    }
    const refusal = (a: ActorFix, seen: boolean) => (a.role === 'anonymous' ? [401] : seen ? [403] : [404])
    const post = (url: string, headers: Headers, payload: object = {}) =>
      t.request({ method: 'POST', url, headers, payload })

    async function registrationOf(target: OrgFix, submitted: boolean): Promise<string> {
      const maker = makers.get(target.id) ?? {}
      const res = await post('/api/v1/registrations', maker, {
        kind: 'initial',
        dataName: '矩阵测试数据',
        materials: {
          registrantInfo: '登记主体',
          dataSource: '依法采集',
          resourceDescription: '资源描述',
          evidenceRecord: '存证编号 M-1',
          productInfo: '产品信息',
          applicationScenarios: '应用场景',
          securityAssessment: '风险评估',
        },
      })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      if (submitted) assert.equal((await post(`/api/v1/registrations/${id}/submit`, maker)).statusCode, 200)
      return id
    }

    before(async () => {
      t = await createTestApp(engine)
      const admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'pr'))
      for (const org of Object.values(orgs)) {
        const username = `pr.maker.${org.id.slice(-6)}`
        const res = await post('/api/v1/users', admin, {
          username,
          displayName: '登记',
          orgId: org.id,
          roles: ['data_steward'],
          password: 'Maker12345',
        })
        assert.equal(res.statusCode, 201, res.body)
        makers.set(org.id, await t.login(username, 'Maker12345'))
      }
    })
    after(() => t.close())

    test('file an application: stewards, org admins and operator staff, for their own org', async () => {
      for (const actor of actors) {
        const res = await post('/api/v1/registrations', actor.headers, {
          kind: 'initial',
          dataName: '自建登记',
        })
        const label = `${actor.role} create`
        if (actor.role === 'anonymous') assert.equal(res.statusCode, 401, label)
        else expectStatus(res, applicantRole(actor), 201, [403], label)
      }
    })

    test('read and accept: readers see, only the body’s staff accept; others get 403 or 404', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = await registrationOf(target, true)
          const label = `${actor.role} → ${relation}`
          const seen = sees(actor, target)
          const read = await t.request({
            method: 'GET',
            url: `/api/v1/registrations/${id}`,
            headers: actor.headers,
          })
          expectStatus(read, seen, 200, refusal(actor, false), `${label} GET`)
          const body = bodyOf(target)
          const accepts = bodyRole(actor) && actor.org?.id === body.id
          expectStatus(
            await post(`/api/v1/registrations/${id}/accept`, actor.headers),
            accepts,
            200,
            refusal(actor, seen),
            `${label} accept`,
          )
          const cert = await t.request({
            method: 'GET',
            url: `/api/v1/registrations/${id}/certificate`,
            headers: actor.headers,
          })
          expectStatus(
            cert,
            false,
            200,
            seen ? [404] : refusal(actor, false),
            `${label} certificate before issue`,
          )
        }
      }
    })

    test('submit and withdraw a draft: only the applicant org’s stewards', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = await registrationOf(target, false)
          const label = `${actor.role} → ${relation}`
          const seen = sees(actor, target)
          const applicant = applicantRole(actor) && actor.org?.id === target.id
          expectStatus(
            await post(`/api/v1/registrations/${id}/submit`, actor.headers),
            applicant,
            200,
            refusal(actor, seen),
            `${label} submit`,
          )
          expectStatus(
            await post(`/api/v1/registrations/${id}/withdraw`, actor.headers),
            applicant,
            200,
            refusal(actor, seen),
            `${label} withdraw`,
          )
        }
      }
    })

    test('signing keys: only a bureau admin of a bureau rotates and lists them; everyone reads the public keys', async () => {
      for (const actor of actors) {
        const label = `${actor.role} keys`
        const rotate = await post('/api/v1/registrations/keys/rotate', actor.headers, {})
        const list = await t.request({
          method: 'GET',
          url: '/api/v1/registrations/keys',
          headers: actor.headers,
        })
        const admin = actor.role === 'bureau_admin'
        if (actor.role === 'anonymous') {
          assert.equal(rotate.statusCode, 401, label)
          assert.equal(list.statusCode, 401, label)
        } else {
          expectStatus(rotate, admin, 201, [403], `${label} rotate`)
          expectStatus(list, admin, 200, [403], `${label} list`)
        }
        const pub = await t.request({
          method: 'GET',
          url: '/api/v1/public/registrations/keys',
          headers: actor.headers,
        })
        assert.equal(pub.statusCode, 200, label)
      }
    })

    test('lists are scoped: the inbox holds only the body’s own work, mine only the org’s', async () => {
      for (const actor of actors) {
        if (actor.role === 'anonymous') continue
        for (const box of ['mine', 'inbox', 'region']) {
          const res = await t.request({
            method: 'GET',
            url: `/api/v1/registrations?box=${box}&pageSize=200`,
            headers: actor.headers,
          })
          assert.equal(res.statusCode, 200, res.body)
          const items = res.json<{ items: { registrantOrgId: string; bodyOrgId: string }[] }>().items
          for (const r of items) {
            const target = Object.values(orgs).find((o) => o.id === r.registrantOrgId)
            assert.ok(target && sees(actor, target), `${actor.role} ${box} sees only what it may read`)
            if (box === 'inbox') assert.equal(r.bodyOrgId, actor.org?.id)
          }
        }
      }
    })
  })
}
