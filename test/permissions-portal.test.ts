/**
 * Permission matrix of the open-data portal's console side: open requests (开放申请), data demands (数据需求) and
 * open-data mirrors (开放数据镜像),
 * each role × provider org (own org / another org of the region / the parent region / another region), expected
 * answers computed from the written policy below. Also: developer and staff credentials never stand in for each
 * other, and the public routes answer anonymous callers.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { escalateOverdueRequests } from '../src/modules/portal/requests/escalation.ts'
import { createTestApp, type TestApp } from './support/app.ts'
import { sampleResource } from './support/catalog.ts'
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

type Headers = Record<string, string>

/** The written policy. */
const steward = (a: ActorFix) => a.role === 'data_steward' || a.role === 'org_admin'
const orgReader = (a: ActorFix) => steward(a) || a.role === 'auditor'
const bureauReader = (a: ActorFix) =>
  a.role === 'bureau_admin' || a.role === 'reviewer' || a.role === 'auditor'
const bureauDecider = (a: ActorFix) => a.role === 'bureau_admin' || a.role === 'reviewer'
const over = (a: ActorFix, region: string) => a.org !== null && within(region, a.org.regionCode)
const sees = (a: ActorFix, p: OrgFix) =>
  a.org !== null && ((orgReader(a) && a.org.id === p.id) || (bureauReader(a) && over(a, p.regionCode)))
const provides = (a: ActorFix, p: OrgFix) => steward(a) && a.org?.id === p.id
const decidesEscalated = (a: ActorFix, p: OrgFix) =>
  provides(a, p) || (bureauDecider(a) && over(a, p.regionCode))
/** Mirrors: the provider's stewards and org admins, or bureau admins over the provider, refresh. */
const refreshes = (a: ActorFix, p: OrgFix) =>
  provides(a, p) || (a.role === 'bureau_admin' && over(a, p.regionCode))
const refusal = (a: ActorFix, seen: boolean) => (a.role === 'anonymous' ? [401] : seen ? [403] : [404])

const AGREEMENT = {
  agreementTerms: '仅用于研究，不得再分发。',
  agreementUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
}

for (const engine of testEngines()) {
  describe(`portal permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Headers
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    /** Per org: a conditionally open resource for each phase of the tests. */
    const resources = new Map<string, string[]>()
    /** Per org: the id of its first resource (its mirror row is written by the test). */
    const resourceIds = new Map<string, string>()
    /** One developer per actor (the requests of one actor's row never collide). */
    const developers = new Map<string, Headers>()
    const demands = new Map<string, string>()

    const post = (url: string, headers: Headers, payload: object = {}) =>
      t.request({ method: 'POST', url, headers, payload })

    async function openRequest(actor: ActorFix, target: OrgFix, phase: number): Promise<string> {
      const dev = developers.get(actor.role)
      const code = resources.get(target.id)?.[phase]
      assert.ok(dev && code)
      const res = await post('/api/v1/public/portal/applications', dev, {
        resourceCode: code,
        purpose: '研究公共服务',
        scenario: '学术研究与报告',
        delivery: 'sandbox',
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string }>().id
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'pp'))
      for (const org of Object.values(orgs)) {
        const username = `pp.maker.${org.id.slice(-6)}`
        const made = await post('/api/v1/users', admin, {
          username,
          displayName: '编目',
          orgId: org.id,
          roles: ['data_steward'],
          password: 'Maker12345',
        })
        assert.equal(made.statusCode, 201, made.body)
        const maker = await t.login(username, 'Maker12345')
        const codes: string[] = []
        for (const phase of [0, 1]) {
          const body = {
            ...sampleResource(`开放矩阵${org.id.slice(-6)}-${phase}`),
            openType: 'conditional',
            openCondition: '用于研究，须签署开放协议',
          }
          const created = await post('/api/v1/catalog/resources', maker, body)
          assert.equal(created.statusCode, 201, created.body)
          const { id, code } = created.json<{ id: string; code: string }>()
          assert.equal((await post(`/api/v1/catalog/resources/${id}/submit`, maker)).statusCode, 200)
          assert.equal((await post(`/api/v1/catalog/resources/${id}/publish`, admin)).statusCode, 200)
          codes.push(code)
          if (phase === 0) resourceIds.set(org.id, id)
        }
        resources.set(org.id, codes)
        const demand = await t.request({
          method: 'POST',
          url: '/api/v1/public/demands',
          remoteAddress: `10.1.0.${demands.size + 1}`,
          payload: {
            title: '希望开放更多数据',
            description: '希望开放本单位更多的公共数据，便于研究与开发。',
            askerName: '市民',
            orgId: org.id,
          },
        })
        assert.equal(demand.statusCode, 201, demand.body)
        demands.set(org.id, demand.json<{ id: string }>().id)
      }
      for (const actor of actors) {
        const account = `pp.${actor.role}@example.com`
        const reg = await post(
          '/api/v1/public/developers',
          {},
          { account, password: 'Developer123', displayName: actor.role },
        )
        assert.equal(reg.statusCode, 201, reg.body)
        const login = await post('/api/v1/public/developers/login', {}, { account, password: 'Developer123' })
        developers.set(actor.role, { authorization: `Bearer ${login.json<{ token: string }>().token}` })
      }
    })
    after(() => t.close())

    test('read an open request: the provider org’s readers and the bureau over the provider', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = await openRequest(actor, target, 0)
          const label = `${actor.role} → ${relation}`
          const res = await t.request({
            method: 'GET',
            url: `/api/v1/portal/applications/${id}`,
            headers: actor.headers,
          })
          expectStatus(res, sees(actor, target), 200, actor.role === 'anonymous' ? [401] : [404], label)
          const list = await t.request({
            method: 'GET',
            url: '/api/v1/portal/applications?pageSize=200',
            headers: actor.headers,
          })
          if (actor.role === 'anonymous') assert.equal(list.statusCode, 401)
          else {
            const found = list.json<{ items: { id: string }[] }>().items.some((i) => i.id === id)
            assert.equal(found, sees(actor, target), `${label} inbox`)
          }
          const approve = await post(`/api/v1/portal/applications/${id}/approve`, actor.headers, AGREEMENT)
          expectStatus(
            approve,
            provides(actor, target),
            200,
            refusal(actor, sees(actor, target)),
            `${label} approve`,
          )
        }
      }
    })

    test('decide an escalated open request: the provider, or the bureau (admin, reviewer) over the provider', async () => {
      const ids = new Map<string, string>()
      for (const actor of actors)
        for (const relation of RELATIONS)
          ids.set(`${actor.role}/${relation}`, await openRequest(actor, targetOf(actor, relation), 1))
      await escalateOverdueRequests(t.db, new Date(Date.now() + 60 * 86_400_000))
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = ids.get(`${actor.role}/${relation}`)
          const res = await post(`/api/v1/portal/applications/${id}/reject`, actor.headers, {
            reason: '不符合开放条件',
          })
          expectStatus(
            res,
            decidesEscalated(actor, target),
            200,
            refusal(actor, sees(actor, target)),
            `${actor.role} → ${relation}`,
          )
        }
      }
    })

    test('answer a data demand: the named org’s stewards and admins, or the bureau over it; inboxes follow reading rights', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = demands.get(target.id)
          const label = `${actor.role} → ${relation}`
          const inbox = await t.request({
            method: 'GET',
            url: '/api/v1/portal/demands?pageSize=200',
            headers: actor.headers,
          })
          if (actor.role === 'anonymous') assert.equal(inbox.statusCode, 401)
          else
            assert.equal(
              inbox.json<{ items: { id: string }[] }>().items.some((i) => i.id === id),
              sees(actor, target),
              `${label} inbox`,
            )
          const allowed = decidesEscalated(actor, target)
          // A refused reply leaves the demand open for the next actor; an allowed one is made on a fresh demand.
          const fresh = allowed
            ? (
                await t.request({
                  method: 'POST',
                  url: '/api/v1/public/demands',
                  remoteAddress: `10.2.${actors.indexOf(actor)}.${RELATIONS.indexOf(relation) + 1}`,
                  payload: {
                    title: '希望开放更多数据',
                    description: '希望开放本单位更多的公共数据，便于研究。',
                    askerName: '市民',
                    orgId: target.id,
                  },
                })
              ).json<{ id: string }>().id
            : id
          const res = await post(`/api/v1/portal/demands/${fresh}/reply`, actor.headers, {
            reply: '已纳入开放计划。',
          })
          expectStatus(res, allowed, 204, actor.role === 'anonymous' ? [401] : [403], `${label} reply`)
        }
      }
    })

    test('open-data mirrors: readers see, stewards and bureau admins over the provider refresh', async () => {
      for (const [orgId, id] of resourceIds) {
        const org = Object.values(orgs).find((o) => o.id === orgId)
        assert.ok(org)
        await sql`insert into portal_mirrors (resource_id, resource_code, resource_name, org_id, region_code,
          status, spare_key) values (${id}, ${`c-${id.slice(-6)}`}, '镜像矩阵', ${orgId}, ${org.regionCode},
          'failed', ${randomUUID()})`.execute(t.db)
      }
      for (const actor of actors) {
        const list = await t.request({
          method: 'GET',
          url: '/api/v1/portal/mirrors?pageSize=200',
          headers: actor.headers,
        })
        if (actor.role === 'anonymous') assert.equal(list.statusCode, 401)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = resourceIds.get(target.id)
          const label = `${actor.role} → ${relation}`
          if (actor.role !== 'anonymous')
            assert.equal(
              list.json<{ items: { resourceId: string }[] }>().items.some((i) => i.resourceId === id),
              sees(actor, target),
              `${label} list`,
            )
          const one = await t.request({
            method: 'GET',
            url: `/api/v1/portal/mirrors/${id}`,
            headers: actor.headers,
          })
          expectStatus(one, sees(actor, target), 200, actor.role === 'anonymous' ? [401] : [404], label)
          // These resources are not mounted: an allowed refresh gets as far as the mount check (409).
          const refresh = await post(`/api/v1/portal/mirrors/${id}/refresh`, actor.headers)
          expectStatus(
            refresh,
            refreshes(actor, target),
            409,
            refusal(actor, sees(actor, target)),
            `${label} refresh`,
          )
          if (refreshes(actor, target))
            assert.equal(refresh.json<{ code: string }>().code, 'portal.mirror_unsupported', label)
        }
      }
    })

    test('developer and staff credentials never stand in for each other; public routes answer anyone', async () => {
      const dev = developers.get('anonymous')
      assert.ok(dev)
      for (const actor of actors.filter((a) => a.role !== 'anonymous')) {
        const me = await t.request({
          method: 'GET',
          url: '/api/v1/public/developers/me',
          headers: actor.headers,
        })
        assert.equal(me.statusCode, 401, `${actor.role} staff token is not a developer session`)
        const mine = await t.request({
          method: 'GET',
          url: '/api/v1/public/portal/applications',
          headers: actor.headers,
        })
        assert.equal(mine.statusCode, 401)
      }
      // Credentials come before input: an anonymous caller learns 401 even with an invalid body.
      for (const url of [
        '/api/v1/public/developers/me/keys',
        '/api/v1/public/portal/applications',
        '/api/v1/public/portal/applications/01a202ca-0000-7000-8000-000000000000/outcome',
        '/api/v1/public/portal/applications/01a202ca-0000-7000-8000-000000000000/sandbox/queries',
      ]) {
        const res = await post(url, {}, {})
        assert.equal(res.statusCode, 401, url)
        assert.equal(res.json<{ code: string }>().code, 'developer.auth_required')
      }
      for (const url of ['/api/v1/portal/applications', '/api/v1/portal/demands', '/api/v1/portal/mirrors']) {
        const res = await t.request({ method: 'GET', url, headers: dev })
        assert.equal(res.statusCode, 401, `${url}: a developer session is not a staff login`)
      }
      for (const url of [
        '/api/v1/public/portal/home',
        '/api/v1/public/resources',
        '/api/v1/public/demands',
        '/api/v1/public/demands/stats',
      ]) {
        const res = await t.request({ method: 'GET', url })
        assert.equal(res.statusCode, 200, url)
      }
    })
  })
}
