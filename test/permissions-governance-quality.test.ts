/**
 * Permission matrix for quality rules, audit runs, the scoreboard and rectification tickets: each role × the org
 * owning the resource (own org / another org of the region / the parent region / another region), with the
 * expected answers computed from the written policy below. Reports (纠错) come from 湖南省市场监督管理局.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { multipartUpload } from '../src/modules/catalog/mount/fixtures.ts'
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
const sees = (a: ActorFix, owner: OrgFix) =>
  a.org !== null &&
  ((orgReader(a) && a.org.id === owner.id) || (bureauReader(a) && over(a, owner.regionCode)))
const manages = (a: ActorFix, owner: OrgFix) =>
  (steward(a) && a.org?.id === owner.id) || (a.role === 'bureau_admin' && over(a, owner.regionCode))
const answers = (a: ActorFix, owner: OrgFix) => steward(a) && a.org?.id === owner.id
const arbitrates = (a: ActorFix, owner: OrgFix) => bureauDecider(a) && over(a, owner.regionCode)
const refusal = (a: ActorFix, seen: boolean) => (a.role === 'anonymous' ? [401] : seen ? [403] : [404])

for (const engine of testEngines()) {
  describe(`governance quality permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Headers
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    let reporter: Headers
    const makers = new Map<string, Headers>()
    const resources = new Map<string, string>()

    const post = (url: string, headers: Headers, payload: object = {}) =>
      t.request({ method: 'POST', url, headers, payload })
    const get = (url: string, headers: Headers) => t.request({ method: 'GET', url, headers })
    async function ticket(owner: OrgFix, disputed: boolean): Promise<string> {
      const res = await post('/api/v1/rectifications', reporter, {
        resourceId: resources.get(owner.id),
        description: '手机号码有误',
      })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      if (disputed)
        assert.equal(
          (
            await post(`/api/v1/rectifications/${id}/answer`, makers.get(owner.id) ?? {}, {
              outcome: 'disputed',
              note: '无误',
            })
          ).statusCode,
          200,
        )
      return id
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'pq'))
      reporter = await t.createUser('pq.reporter', '湖南省市场监督管理局', ['data_steward'], 'Matrix1234')
      for (const org of Object.values(orgs)) {
        const username = `pq.maker.${org.id.slice(-6)}`
        const res = await post('/api/v1/users', admin, {
          username,
          displayName: '编目',
          orgId: org.id,
          roles: ['data_steward'],
          password: 'Maker12345',
        })
        assert.equal(res.statusCode, 201, res.body)
        const maker = await t.login(username, 'Maker12345')
        makers.set(org.id, maker)
        const id = (
          await post('/api/v1/catalog/resources', maker, sampleResource(`质量矩阵${org.id.slice(-6)}`))
        ).json<{ id: string }>().id
        assert.equal((await post(`/api/v1/catalog/resources/${id}/submit`, maker)).statusCode, 200)
        assert.equal((await post(`/api/v1/catalog/resources/${id}/publish`, admin)).statusCode, 200)
        const body = multipartUpload(
          'd.csv',
          'xm,sfzh,hjdz\r\n张三,11010519491231002X,湖南省湘潭市雨湖区\r\n李四,bad,湖南省\r\n',
        )
        const up = await t.request({
          method: 'POST',
          url: `/api/v1/catalog/resources/${id}/mount/upload`,
          headers: { ...maker, ...body.headers },
          payload: body.payload,
        })
        assert.equal(up.statusCode, 200, up.body)
        assert.equal(
          (
            await post(`/api/v1/quality/resources/${id}/rules`, maker, {
              type: 'id_number',
              fields: ['sfzh'],
            })
          ).statusCode,
          201,
        )
        resources.set(org.id, id)
      }
    })
    after(() => t.close())

    test('read rules and runs: the owner org readers and the bureau over the owner', async () => {
      for (const actor of actors)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = resources.get(target.id)
          const seen = sees(actor, target)
          for (const url of [
            `/api/v1/quality/resources/${id}/rules`,
            `/api/v1/quality/resources/${id}/runs`,
            `/api/v1/quality/resources/${id}/suggestions`,
          ])
            expectStatus(
              await get(url, actor.headers),
              seen,
              200,
              refusal(actor, false),
              `${actor.role} → ${relation} ${url}`,
            )
        }
    })

    test('edit rules and run audits: owner stewards and admins, bureau admins over the owner', async () => {
      for (const actor of actors)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const id = resources.get(target.id)
          const allowed = manages(actor, target)
          const refused = refusal(actor, sees(actor, target))
          const created = await post(`/api/v1/quality/resources/${id}/rules`, actor.headers, {
            type: 'not_null',
            fields: ['xm'],
          })
          expectStatus(created, allowed, 201, refused, `${actor.role} → ${relation} create rule`)
          const ruleId = allowed ? created.json<{ id: string }>().id : null
          if (ruleId) {
            expectStatus(
              await t.request({
                method: 'PATCH',
                url: `/api/v1/quality/rules/${ruleId}`,
                headers: actor.headers,
                payload: { threshold: 0.5 },
              }),
              true,
              200,
              [],
              'patch',
            )
            expectStatus(
              await t.request({
                method: 'DELETE',
                url: `/api/v1/quality/rules/${ruleId}`,
                headers: actor.headers,
              }),
              true,
              204,
              [],
              'delete',
            )
          }
          const run = await post(`/api/v1/quality/resources/${id}/runs`, actor.headers)
          expectStatus(run, allowed, 201, refused, `${actor.role} → ${relation} run`)
          if (allowed) {
            const runId = run.json<{ id: string }>().id
            for (const other of actors)
              expectStatus(
                await get(`/api/v1/quality/runs/${runId}`, other.headers),
                sees(other, target),
                200,
                refusal(other, false),
                `${other.role} reads a run of ${relation}`,
              )
          }
        }
    })

    test('someone else’s rule cannot be changed or deleted', async () => {
      const rules = await get(
        `/api/v1/quality/resources/${resources.get(orgs.otherRegion.id)}/rules`,
        makers.get(orgs.otherRegion.id) ?? {},
      )
      const ruleId = rules.json<{ items: { id: string }[] }>().items[0]?.id
      for (const actor of actors) {
        const seen = sees(actor, orgs.otherRegion)
        const patch = await t.request({
          method: 'PATCH',
          url: `/api/v1/quality/rules/${ruleId}`,
          headers: actor.headers,
          payload: { threshold: 0.1 },
        })
        expectStatus(
          patch,
          manages(actor, orgs.otherRegion),
          200,
          refusal(actor, seen),
          `${actor.role} patch other-region rule`,
        )
      }
    })

    test('the scoreboard shows only what the viewer may see', async () => {
      for (const actor of actors) {
        const res = await get('/api/v1/quality/scoreboard?by=org', actor.headers)
        if (actor.role === 'anonymous') {
          assert.equal(res.statusCode, 401)
          continue
        }
        const keys = res.json<{ items: { key: string }[] }>().items.map((x) => x.key)
        for (const org of Object.values(orgs)) {
          const visible = keys.includes(org.id)
          assert.equal(visible, sees(actor, org), `${actor.role} scoreboard ${org.id}`)
        }
      }
    })

    test('tickets: read by both parties and the bureau; answered by the provider; arbitrated by the bureau', async () => {
      for (const actor of actors)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const seen = sees(actor, target)
          const id = await ticket(target, false)
          expectStatus(
            await get(`/api/v1/rectifications/${id}`, actor.headers),
            seen,
            200,
            refusal(actor, false),
            `${actor.role} → ${relation} read ticket`,
          )
          expectStatus(
            await post(`/api/v1/rectifications/${id}/answer`, actor.headers, {
              outcome: 'explained',
              note: '说明',
            }),
            answers(actor, target),
            200,
            refusal(actor, seen),
            `${actor.role} → ${relation} answer`,
          )
          const disputed = await ticket(target, true)
          expectStatus(
            await post(`/api/v1/rectifications/${disputed}/arbitrate`, actor.headers, {
              decision: 'dismiss',
              note: '裁决',
            }),
            arbitrates(actor, target),
            200,
            refusal(actor, seen),
            `${actor.role} → ${relation} arbitrate`,
          )
        }
    })

    test('reporting errors: stewards and org admins of another org', async () => {
      for (const actor of actors)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const res = await post('/api/v1/rectifications', actor.headers, {
            resourceId: resources.get(target.id),
            description: '数据有误',
          })
          const label = `${actor.role} → ${relation} report`
          if (actor.role === 'anonymous') assert.equal(res.statusCode, 401, label)
          else if (!steward(actor)) assert.equal(res.statusCode, 403, `${label}: ${res.body}`)
          else if (actor.org?.id === target.id) assert.equal(res.statusCode, 422, `${label}: ${res.body}`)
          else assert.equal(res.statusCode, 201, `${label}: ${res.body}`)
        }
    })
  })
}
