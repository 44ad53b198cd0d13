/**
 * Permission matrix for the catalog core: every role × provider relation (own org / another org of the region /
 * another region), with expectations from the written policy: stewards and org admins catalogue for their own org,
 * reviewers and bureau admins decide within their region subtree, published entries are readable by all signed in.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from './support/app.ts'
import { sampleResource } from './support/catalog.ts'
import { testEngines } from './support/db.ts'

type Role = 'bureau_admin' | 'org_admin' | 'data_steward' | 'reviewer' | 'auditor' | 'operator_staff'
type Relation = 'own' | 'same_region' | 'other_region'
const ROLES: Role[] = ['bureau_admin', 'org_admin', 'data_steward', 'reviewer', 'auditor', 'operator_staff']
const RELATIONS: Relation[] = ['own', 'same_region', 'other_region']
// Everyone sits in the Xiangtan public security bureau except the region-scoped roles, who sit in the city bureau.
const HOME: Record<Role, string> = {
  bureau_admin: '湘潭市数据局',
  reviewer: '湘潭市数据局',
  auditor: '湘潭市数据局',
  org_admin: '湘潭市公安局',
  data_steward: '湘潭市公安局',
  operator_staff: '湘潭市公安局',
}
const PROVIDER: Record<Relation, (home: string) => string> = {
  own: (home) => home,
  same_region: (home) => (home === '湘潭市公安局' ? '湘潭市市场监督管理局' : '湘潭市公安局'),
  other_region: () => '长沙市数据局',
}

const edits = (role: Role, rel: Relation) =>
  (role === 'data_steward' || role === 'org_admin') && rel === 'own'
const reviews = (role: Role, rel: Relation) =>
  (role === 'reviewer' || role === 'bureau_admin') && rel !== 'other_region'

for (const engine of testEngines()) {
  describe(`catalog permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    const orgIds = new Map<string, string>()
    const actors = new Map<Role, Record<string, string>>()
    const stewards = new Map<string, Record<string, string>>()

    async function orgId(name: string): Promise<string> {
      const known = orgIds.get(name)
      if (known) return known
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/orgs?q=${encodeURIComponent(name)}`,
        headers: admin,
      })
      const id = res.json<{ items: { id: string; name: string }[] }>().items.find((o) => o.name === name)?.id
      assert.ok(id, name)
      orgIds.set(name, id)
      return id
    }
    async function user(username: string, org: string, role: Role): Promise<Record<string, string>> {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username,
          displayName: username,
          orgId: await orgId(org),
          roles: [role],
          password: 'Matrix1234',
        },
      })
      assert.equal(res.statusCode, 201, res.body)
      return t.login(username, 'Matrix1234')
    }
    /** A draft of the given provider, optionally moved to `submitted` or `published`. */
    let n = 0
    async function resourceOf(provider: string, state: 'draft' | 'submitted' | 'published'): Promise<string> {
      let steward = stewards.get(provider)
      if (!steward) {
        steward = await user(`s${stewards.size}`, provider, 'data_steward')
        stewards.set(provider, steward)
      }
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: sampleResource(`矩阵资源${n++}`),
      })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      if (state !== 'draft')
        await t.request({ method: 'POST', url: `/api/v1/catalog/resources/${id}/submit`, headers: steward })
      if (state === 'published') {
        const pub = await t.request({
          method: 'POST',
          url: `/api/v1/catalog/resources/${id}/publish`,
          headers: admin,
        })
        assert.equal(pub.statusCode, 200, pub.body)
      }
      return id
    }

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      for (const role of ROLES) actors.set(role, await user(`cm.${role}`, HOME[role], role))
    })
    after(() => t.close())

    test('create, read, edit, submit and delete drafts', async () => {
      for (const role of ROLES) {
        const headers = actors.get(role) ?? {}
        for (const rel of RELATIONS) {
          const provider = PROVIDER[rel](HOME[role])
          const label = `${role} → ${rel}`
          const create = await t.request({
            method: 'POST',
            url: '/api/v1/catalog/resources',
            headers,
            payload: { ...sampleResource(`新建${n++}`), orgId: await orgId(provider) },
          })
          assert.equal(create.statusCode, edits(role, rel) ? 201 : 403, `${label} create: ${create.body}`)
          const draft = await resourceOf(provider, 'draft')
          const read = await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${draft}`, headers })
          assert.equal(
            read.statusCode,
            edits(role, rel) || reviews(role, rel) ? 200 : 404,
            `${label} read draft`,
          )
          const patch = await t.request({
            method: 'PATCH',
            url: `/api/v1/catalog/resources/${draft}`,
            headers,
            payload: { summary: '改' },
          })
          assert.equal(
            patch.statusCode,
            edits(role, rel) ? 200 : reviews(role, rel) ? 403 : 404,
            `${label} patch draft`,
          )
          const submit = await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${draft}/submit`,
            headers,
          })
          assert.equal(
            submit.statusCode,
            edits(role, rel) ? 200 : reviews(role, rel) ? 403 : 404,
            `${label} submit`,
          )
          const other = await resourceOf(provider, 'draft')
          const del = await t.request({
            method: 'DELETE',
            url: `/api/v1/catalog/resources/${other}`,
            headers,
          })
          assert.equal(
            del.statusCode,
            edits(role, rel) ? 204 : reviews(role, rel) ? 403 : 404,
            `${label} delete draft`,
          )
        }
      }
    })

    test('publish, return and retire belong to reviewers and bureau admins of the region', async () => {
      for (const role of ROLES) {
        const headers = actors.get(role) ?? {}
        for (const rel of RELATIONS) {
          const provider = PROVIDER[rel](HOME[role])
          const label = `${role} → ${rel}`
          const sees = edits(role, rel) || reviews(role, rel)
          const denied = sees ? 403 : 404
          const a = await resourceOf(provider, 'submitted')
          const pub = await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${a}/publish`,
            headers,
          })
          assert.equal(pub.statusCode, reviews(role, rel) ? 200 : denied, `${label} publish`)
          const b = await resourceOf(provider, 'submitted')
          const ret = await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${b}/return`,
            headers,
            payload: { reason: '请补充' },
          })
          assert.equal(ret.statusCode, reviews(role, rel) ? 200 : denied, `${label} return`)
          const c = await resourceOf(provider, 'published')
          const retire = await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${c}/retire`,
            headers,
          })
          assert.equal(
            retire.statusCode,
            reviews(role, rel) ? 200 : 403,
            `${label} retire (published: visible to all)`,
          )
          const d = await resourceOf(provider, 'published')
          const read = await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${d}`, headers })
          assert.equal(read.statusCode, 200, `${label} read published`)
          const versions = await t.request({
            method: 'GET',
            url: `/api/v1/catalog/resources/${d}/versions`,
            headers,
          })
          assert.equal(versions.statusCode, 200, `${label} versions`)
        }
      }
      const anon = await t.request({ method: 'GET', url: '/api/v1/catalog/resources' })
      assert.equal(anon.statusCode, 401)
    })
  })
}
