/**
 * Permission matrix for mounting (挂接) and preview: each role × target org (own / same region / parent region /
 * other region) × resource state (draft / published), expected answers from the written policy below.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { csvRow, HEADER, mountedResource, multipartUpload } from '../src/modules/catalog/mount/fixtures.ts'
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

type State = 'draft' | 'published'

const STATES: State[] = ['draft', 'published']

/** The written policy: the provider's stewards and org admins mount; whoever reads the resource previews it. */
function mayMount(a: ActorFix, target: OrgFix): boolean {
  return (a.role === 'data_steward' || a.role === 'org_admin') && a.org?.id === target.id
}
function mayRead(a: ActorFix, target: OrgFix, state: State): boolean {
  if (!a.org) return false
  if (state === 'published') return true
  if (mayMount(a, target)) return true
  return (a.role === 'reviewer' || a.role === 'bureau_admin') && within(target.regionCode, a.org.regionCode)
}

const csv = `${HEADER}\r\n${csvRow(1)}\r\n`

for (const engine of testEngines()) {
  describe(`catalog mount permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    const resources = new Map<string, string>()
    const key = (org: OrgFix, state: State) => `${org.id}/${state}`

    function upload(id: string, headers: Record<string, string>) {
      const body = multipartUpload('data.csv', csv)
      return t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload`,
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      })
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'mm'))
      // In every org a mounted draft and a mounted published resource, made by that org's own steward.
      for (const org of Object.values(orgs)) {
        const username = `mm.maker.${org.id.slice(-6)}`
        const created = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          headers: admin,
          payload: {
            username,
            displayName: '编目',
            orgId: org.id,
            roles: ['data_steward'],
            password: 'Maker12345',
          },
        })
        assert.equal(created.statusCode, 201, created.body)
        const maker = await t.login(username, 'Maker12345')
        for (const state of STATES) {
          const res = await t.request({
            method: 'POST',
            url: '/api/v1/catalog/resources',
            headers: maker,
            payload: mountedResource(`挂接矩阵${state}${org.id.slice(-6)}`),
          })
          assert.equal(res.statusCode, 201, res.body)
          const id = res.json<{ id: string }>().id
          resources.set(key(org, state), id)
          assert.equal((await upload(id, maker)).statusCode, 200)
          if (state === 'published') {
            const post = (step: string, headers: Record<string, string>) =>
              t.request({ method: 'POST', url: `/api/v1/catalog/resources/${id}/${step}`, headers })
            assert.equal((await post('submit', maker)).statusCode, 200)
            // The province bureau admin reviews the whole province.
            const pub = await post('publish', admin)
            assert.equal(pub.statusCode, 200, pub.body)
          }
        }
      }
    })
    after(() => t.close())

    test('mount status and preview: whoever may read the resource; others 404, anonymous 401', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          for (const state of STATES) {
            const id = resources.get(key(target, state))
            assert.ok(id)
            const allowed = mayRead(actor, target, state)
            const label = `${actor.role} → ${relation} ${state}`
            for (const url of [
              `/api/v1/catalog/resources/${id}/mount`,
              `/api/v1/catalog/resources/${id}/preview`,
            ]) {
              const res = await t.request({ method: 'GET', url, headers: actor.headers })
              expectStatus(res, allowed, 200, [401, 404], `${label} GET ${url}`)
              if (actor.role === 'anonymous') assert.equal(res.statusCode, 401, label)
            }
          }
        }
      }
    })

    test('mount, upload and unmount: only the provider org’s stewards and org admins', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          for (const state of STATES) {
            const id = resources.get(key(target, state))
            assert.ok(id)
            const allowed = mayMount(actor, target)
            // Someone who can see the resource but not mount it is told so; the rest learn nothing.
            const refused = actor.role === 'anonymous' ? [401] : mayRead(actor, target, state) ? [403] : [404]
            const label = `${actor.role} → ${relation} ${state}`
            const put = await t.request({
              method: 'PUT',
              url: `/api/v1/catalog/resources/${id}/mount`,
              headers: actor.headers,
              payload: { kind: 'http', url: 'https://api.example.gov.cn/people' },
            })
            expectStatus(put, allowed, 200, refused, `${label} PUT mount`)
            const del = await t.request({
              method: 'DELETE',
              url: `/api/v1/catalog/resources/${id}/mount`,
              headers: actor.headers,
            })
            expectStatus(del, allowed, 204, refused, `${label} DELETE mount`)
            expectStatus(await upload(id, actor.headers), allowed, 200, refused, `${label} upload`)
          }
        }
      }
    })
  })
}
