/**
 * Permission matrix for governance protection (grading, discovery, masking preview, grade policy, alerts): each
 * role × target org (own / same region / parent region / other region), with the expected answer written here
 * independently of the code: the owner org's stewards and org admins, or bureau reviewers/admins over the
 * region, grade and run discovery on a draft; only a province-level bureau admin edits the grade policy; bureau
 * admins, reviewers and auditors over the consumer's region read alerts, the consumer's org admin too, and only
 * bureau admins act.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { newId } from '../src/platform/ids.ts'
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

const REFUSED = [401, 403, 404]

function mayGrade(a: ActorFix, target: OrgFix): boolean {
  if (!a.org) return false
  if ((a.role === 'data_steward' || a.role === 'org_admin') && a.org.id === target.id) return true
  return (a.role === 'reviewer' || a.role === 'bureau_admin') && within(target.regionCode, a.org.regionCode)
}
function mayReadAlert(a: ActorFix, consumer: OrgFix): boolean {
  if (!a.org) return false
  if (a.role === 'org_admin') return a.org.id === consumer.id
  return (
    ['bureau_admin', 'reviewer', 'auditor'].includes(a.role) && within(consumer.regionCode, a.org.regionCode)
  )
}
function mayActOnAlert(a: ActorFix, consumer: OrgFix): boolean {
  return a.role === 'bureau_admin' && a.org !== null && within(consumer.regionCode, a.org.regionCode)
}

const grading = { categoryPath: '公共管理/人口', impactObject: 'individual', impactDegree: 'serious' }

for (const engine of testEngines()) {
  describe(`governance protection permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    const resources = new Map<string, string>()
    const alerts = new Map<string, string>()

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'gp'))
      for (const org of Object.values(orgs)) {
        const username = `gp.maker.${org.id.slice(-6)}`
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
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/catalog/resources',
          headers: maker,
          payload: sampleResource(`分级矩阵-${org.id.slice(-6)}`),
        })
        assert.equal(res.statusCode, 201, res.body)
        resources.set(org.id, res.json<{ id: string }>().id)
        const id = newId()
        await sql`insert into risk_alerts (id, rule, severity, fingerprint, consumer_org_id, consumer_region_code,
            window_start, window_end, summary)
          values (${id}, 'denied_burst', 'medium', ${`matrix|${id}`}, ${org.id}, ${org.regionCode}, now(), now(),
            '矩阵测试预警')`.execute(t.db)
        alerts.set(org.id, id)
      }
    })
    after(() => t.close())

    test('grading, discovery and masking preview of a draft resource', async () => {
      for (const a of actors) {
        for (const rel of RELATIONS) {
          const target = targetOf(a, rel)
          const id = resources.get(target.id)
          const allowed = mayGrade(a, target)
          const label = `${a.role} → ${rel}`
          const get = await t.request({
            method: 'GET',
            url: `/api/v1/governance/resources/${id}/grading`,
            headers: a.headers,
          })
          expectStatus(get, allowed, 200, REFUSED, `GET grading ${label}`)
          const put = await t.request({
            method: 'PUT',
            url: `/api/v1/governance/resources/${id}/grading`,
            headers: a.headers,
            payload: grading,
          })
          expectStatus(put, allowed, 200, REFUSED, `PUT grading ${label}`)
          const discover = await t.request({
            method: 'POST',
            url: `/api/v1/catalog/resources/${id}/discover`,
            headers: a.headers,
          })
          expectStatus(discover, allowed, 200, REFUSED, `discover ${label}`)
          const preview = await t.request({
            method: 'GET',
            url: `/api/v1/governance/resources/${id}/masking-preview`,
            headers: a.headers,
          })
          expectStatus(preview, allowed, 200, REFUSED, `masking preview ${label}`)
        }
      }
    })

    test('the grade policy: everyone signed in reads it; only a province-level bureau admin changes it', async () => {
      const body = { shareTypes: ['none'], openTypes: ['closed'], masking: 'redact', approvers: [] }
      for (const a of actors) {
        const read = await t.request({
          method: 'GET',
          url: '/api/v1/governance/grade-policies',
          headers: a.headers,
        })
        expectStatus(read, a.org !== null, 200, REFUSED, `read policy ${a.role}`)
        const write = await t.request({
          method: 'PUT',
          url: '/api/v1/governance/grade-policies/core',
          headers: a.headers,
          payload: body,
        })
        expectStatus(write, false, 200, REFUSED, `write policy ${a.role} (city scope)`)
      }
      const province = await t.request({
        method: 'PUT',
        url: '/api/v1/governance/grade-policies/core',
        headers: admin,
        payload: body,
      })
      assert.equal(province.statusCode, 200, province.body)
    })

    test('alerts: read by the bureau over the region and the consumer’s org admin; acted on by bureau admins', async () => {
      for (const a of actors) {
        for (const rel of RELATIONS) {
          const target = targetOf(a, rel)
          const id = alerts.get(target.id)
          const label = `${a.role} → ${rel}`
          const read = await t.request({
            method: 'GET',
            url: `/api/v1/governance/alerts/${id}`,
            headers: a.headers,
          })
          expectStatus(read, mayReadAlert(a, target), 200, REFUSED, `read alert ${label}`)
          const act = await t.request({
            method: 'POST',
            url: `/api/v1/governance/alerts/${id}/actions`,
            headers: a.headers,
            payload: { action: 'acknowledge' },
          })
          expectStatus(act, mayActOnAlert(a, target), 200, REFUSED, `act on alert ${label}`)
          const list = await t.request({
            method: 'GET',
            url: '/api/v1/governance/alerts?pageSize=50',
            headers: a.headers,
          })
          if (a.org === null) assert.equal(list.statusCode, 401)
          else {
            const ids = list.json<{ items: { id: string }[] }>().items.map((x) => x.id)
            assert.equal(ids.includes(id ?? ''), mayReadAlert(a, target), `list alerts ${label}`)
          }
        }
      }
    })
  })
}
