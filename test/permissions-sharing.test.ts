/**
 * Permission matrix for share requests, grants, statistics and channels: each role × provider org (own org /
 * another org of the region / the parent region / another region), expected answers computed from the written
 * policy below. The consumer of every request is 湖南省市场监督管理局 (province level), outside the Xiangtan
 * bureau's region, so a bureau actor reaches a request only through the provider.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
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

const CONSUMER_REGION = '430000'
type Headers = Record<string, string>

/** The written policy. */
const steward = (a: ActorFix) => a.role === 'data_steward' || a.role === 'org_admin'
const orgReader = (a: ActorFix) => steward(a) || a.role === 'auditor'
const bureauReader = (a: ActorFix) =>
  a.role === 'bureau_admin' || a.role === 'reviewer' || a.role === 'auditor'
const bureauDecider = (a: ActorFix) => a.role === 'bureau_admin' || a.role === 'reviewer'
const over = (a: ActorFix, region: string) => a.org !== null && within(region, a.org.regionCode)
/** Either party's readers, or the bureau over either party's region. */
function sees(a: ActorFix, provider: OrgFix): boolean {
  if (!a.org) return false
  if (orgReader(a) && a.org.id === provider.id) return true
  return bureauReader(a) && (over(a, provider.regionCode) || over(a, CONSUMER_REGION))
}
const provides = (a: ActorFix, provider: OrgFix) => steward(a) && a.org?.id === provider.id
const arbitrates = (a: ActorFix, provider: OrgFix) => bureauDecider(a) && over(a, provider.regionCode)
const managesGrant = (a: ActorFix, p: OrgFix) => provides(a, p) || arbitrates(a, p)
const managesChannel = (a: ActorFix, p: OrgFix) =>
  provides(a, p) || (a.role === 'bureau_admin' && (over(a, p.regionCode) || over(a, CONSUMER_REGION)))
/** 401 for anonymous, 403 for those who see the object, 404 for the rest. */
const refusal = (a: ActorFix, seen: boolean) => (a.role === 'anonymous' ? [401] : seen ? [403] : [404])

for (const engine of testEngines()) {
  describe(`sharing permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Headers
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    let consumer: Headers
    let consumerApp: string
    /** One consumer app per state, so an open request in one state never blocks making another. */
    const stateApps = new Map<string, string>()
    const makers = new Map<string, Headers>()
    const resources = new Map<string, string>()
    const appOf = new Map<string, string>()
    let n = 0

    const post = (url: string, headers: Headers, payload: object = {}) =>
      t.request({ method: 'POST', url, headers, payload })
    const requestBody = (resourceId: string, appId: string) => ({
      resourceId,
      appId,
      fields: ['xm'],
      purpose: '政务服务身份核验',
      scenario: '高效办成一件事·新生儿出生',
      legalBasis: '《政务数据共享条例》',
      deliveryMode: 'api',
      periodStart: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      periodEnd: '2027-12-31',
    })
    /** A request of the province market regulator to the target, moved to `state` by the target's maker. */
    async function requestIn(target: OrgFix, state: 'pending' | 'rejected' | 'disputed' | 'approved') {
      const appId = stateApps.get(state) ?? consumerApp
      const res = await post(
        '/api/v1/share-requests',
        consumer,
        requestBody(resources.get(target.id) ?? '', appId),
      )
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      const maker = makers.get(target.id) ?? {}
      if (state === 'approved')
        assert.equal((await post(`/api/v1/share-requests/${id}/approve`, maker)).statusCode, 200)
      if (state === 'rejected' || state === 'disputed')
        assert.equal(
          (await post(`/api/v1/share-requests/${id}/reject`, maker, { reason: '不同意' })).statusCode,
          200,
        )
      if (state === 'disputed')
        assert.equal(
          (await post(`/api/v1/share-requests/${id}/dispute`, consumer, { reason: '申诉' })).statusCode,
          200,
        )
      return {
        id,
        grantId: (
          await t.request({ method: 'GET', url: `/api/v1/share-requests/${id}`, headers: consumer })
        ).json<{ grantId: string | null }>().grantId,
      }
    }
    /** Cached objects per target, replaced once an allowed actor has moved them on. */
    const cache = new Map<string, { id: string; grantId: string | null }>()
    async function cached(target: OrgFix, state: 'pending' | 'rejected' | 'disputed' | 'approved') {
      const key = `${target.id}/${state}`
      let hit = cache.get(key)
      if (!hit) {
        hit = await requestIn(target, state)
        cache.set(key, hit)
      }
      return { ...hit, used: () => cache.delete(key) }
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'ps'))
      consumer = await t.createUser('ps.consumer', '湖南省市场监督管理局', ['data_steward'], 'Matrix1234')
      const app = async (orgId: string) => {
        const res = await post('/api/v1/apps', admin, { orgId, name: `应用${n++}` })
        return res.json<{ app: { id: string } }>().app.id
      }
      const consumerOrg = await t.orgId('湖南省市场监督管理局')
      consumerApp = await app(consumerOrg)
      for (const state of ['pending', 'rejected', 'disputed', 'approved'])
        stateApps.set(state, await app(consumerOrg))
      for (const org of Object.values(orgs)) {
        const username = `ps.maker.${org.id.slice(-6)}`
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
        const created = await post(
          '/api/v1/catalog/resources',
          maker,
          sampleResource(`共享矩阵${org.id.slice(-6)}`),
        )
        const id = created.json<{ id: string }>().id
        assert.equal((await post(`/api/v1/catalog/resources/${id}/submit`, maker)).statusCode, 200)
        assert.equal((await post(`/api/v1/catalog/resources/${id}/publish`, admin)).statusCode, 200)
        resources.set(org.id, id)
        appOf.set(org.id, await app(org.id))
      }
    })
    after(() => t.close())

    test('make a request: stewards and org admins, for a resource of another org, with their org’s app', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const appId = appOf.get(actor.org?.id ?? '') ?? consumerApp
          const res = await post(
            '/api/v1/share-requests',
            actor.headers,
            requestBody(resources.get(target.id) ?? '', appId),
          )
          const label = `${actor.role} → ${relation} create`
          if (actor.role === 'anonymous') assert.equal(res.statusCode, 401, label)
          else if (!steward(actor)) assert.equal(res.statusCode, 403, `${label}: ${res.body}`)
          else if (relation === 'own') assert.equal(res.statusCode, 422, `${label}: ${res.body}`)
          else {
            assert.equal(res.statusCode, 201, `${label}: ${res.body}`)
            const id = res.json<{ id: string }>().id
            expectStatus(
              await post(`/api/v1/share-requests/${id}/withdraw`, actor.headers),
              true,
              200,
              [],
              `${label} withdraw`,
            )
          }
        }
      }
    })

    test('read, approve, reject, withdraw: the provider decides, the consumer withdraws, the rest see or not', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const label = `${actor.role} → ${relation}`
          const seen = sees(actor, target)
          const r = await cached(target, 'pending')
          const read = await t.request({
            method: 'GET',
            url: `/api/v1/share-requests/${r.id}`,
            headers: actor.headers,
          })
          expectStatus(read, seen, 200, [401, 404], `${label} GET request`)
          for (const [step, payload] of [
            ['approve', {}],
            ['reject', { reason: '不同意共享' }],
          ] as const) {
            const p = await cached(target, 'pending')
            const res = await post(`/api/v1/share-requests/${p.id}/${step}`, actor.headers, payload)
            expectStatus(res, provides(actor, target), 200, refusal(actor, seen), `${label} ${step}`)
            if (res.statusCode === 200) p.used()
          }
          const w = await post(`/api/v1/share-requests/${r.id}/withdraw`, actor.headers)
          expectStatus(w, false, 200, refusal(actor, seen), `${label} withdraw`)
          const rejected = await cached(target, 'rejected')
          const d = await post(`/api/v1/share-requests/${rejected.id}/dispute`, actor.headers, {
            reason: '申诉',
          })
          expectStatus(d, false, 200, refusal(actor, seen), `${label} dispute`)
        }
      }
    })

    test('arbitrate: bureau admins and reviewers over the provider’s region', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const d = await cached(target, 'disputed')
          const res = await post(`/api/v1/share-requests/${d.id}/arbitrate`, actor.headers, {
            decision: 'approve',
            reason: '依据充分',
          })
          expectStatus(
            res,
            arbitrates(actor, target),
            200,
            refusal(actor, sees(actor, target)),
            `${actor.role} → ${relation} arbitrate`,
          )
          if (res.statusCode === 200) d.used()
        }
      }
    })

    test('grants: read by the parties and the bureau; suspend, resume, revoke by the provider or the bureau', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const label = `${actor.role} → ${relation}`
          const seen = sees(actor, target)
          const g = await cached(target, 'approved')
          const grant = `/api/v1/grants/${g.grantId}`
          const read = await t.request({ method: 'GET', url: grant, headers: actor.headers })
          expectStatus(read, seen, 200, [401, 404], `${label} GET grant`)
          const allowed = managesGrant(actor, target)
          const suspend = await post(`${grant}/suspend`, actor.headers, { reason: '暂停核查' })
          expectStatus(suspend, allowed, 200, refusal(actor, seen), `${label} suspend`)
          if (suspend.statusCode !== 200)
            assert.equal(
              (await post(`${grant}/suspend`, makers.get(target.id) ?? {}, { reason: '暂停' })).statusCode,
              200,
            )
          const resume = await post(`${grant}/resume`, actor.headers, {})
          expectStatus(resume, allowed, 200, refusal(actor, seen), `${label} resume`)
          if (resume.statusCode !== 200)
            assert.equal((await post(`${grant}/resume`, makers.get(target.id) ?? {}, {})).statusCode, 200)
          const revoke = await post(`${grant}/revoke`, actor.headers, { reason: '停止共享' })
          expectStatus(revoke, allowed, 200, refusal(actor, seen), `${label} revoke`)
          if (revoke.statusCode === 200) g.used()
        }
      }
    })

    test('statistics: everyone signed in sees their own scope; a region only within a bureau scope', async () => {
      for (const actor of actors) {
        const own = await t.request({ method: 'GET', url: '/api/v1/sharing/stats', headers: actor.headers })
        expectStatus(own, actor.role !== 'anonymous', 200, [401], `${actor.role} stats`)
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          for (const url of [
            `/api/v1/sharing/stats?by=region&regionCode=${target.regionCode}`,
            `/api/v1/sharing/channels/stats?regionCode=${target.regionCode}`,
          ]) {
            const res = await t.request({ method: 'GET', url, headers: actor.headers })
            const allowed = bureauReader(actor) && over(actor, target.regionCode)
            expectStatus(
              res,
              allowed,
              200,
              actor.role === 'anonymous' ? [401] : [403],
              `${actor.role} → ${relation} ${url}`,
            )
          }
        }
      }
    })

    test('channels: either party’s stewards or a bureau admin over a party register and edit; readers see', async () => {
      const existing = new Map<string, string>()
      for (const org of Object.values(orgs)) {
        const res = await post('/api/v1/sharing/channels', makers.get(org.id) ?? {}, {
          name: '既有通道',
          providerOrgId: org.id,
          consumerOrgId: await t.orgId('湖南省市场监督管理局'),
          protocol: 'database',
        })
        assert.equal(res.statusCode, 201, res.body)
        existing.set(org.id, res.json<{ id: string }>().id)
      }
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const label = `${actor.role} → ${relation}`
          const allowed = managesChannel(actor, target)
          const created = await post('/api/v1/sharing/channels', actor.headers, {
            name: `通道${n++}`,
            providerOrgId: target.id,
            consumerOrgId: await t.orgId('湖南省市场监督管理局'),
            protocol: 'ftp',
          })
          expectStatus(
            created,
            allowed,
            201,
            actor.role === 'anonymous' ? [401] : [403],
            `${label} create channel`,
          )
          const id = existing.get(target.id)
          const seen = sees(actor, target)
          const read = await t.request({
            method: 'GET',
            url: `/api/v1/sharing/channels/${id}`,
            headers: actor.headers,
          })
          expectStatus(read, seen, 200, [401, 404], `${label} GET channel`)
          const patch = await t.request({
            method: 'PATCH',
            url: `/api/v1/sharing/channels/${id}`,
            headers: actor.headers,
            payload: { description: `由 ${actor.role} 修改` },
          })
          expectStatus(patch, allowed, 200, refusal(actor, seen), `${label} PATCH channel`)
        }
      }
    })
  })
}
