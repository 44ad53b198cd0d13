/**
 * Permission matrix for catalog governance routes (catalog checks, the ledger, the DCAT export): each role ×
 * target org (own / same region / parent region / other region), expected answers from the written policy below.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'
import {
  type ActorFix,
  buildMatrix,
  type Matrix,
  type MatrixOrgs,
  type OrgFix,
  RELATIONS,
  within,
} from './support/matrix.ts'

/** The written policy. Checks: reviewers and bureau admins for their region, stewards and org admins for their org. */
const regionGoverned = (a: ActorFix) => a.role === 'reviewer' || a.role === 'bureau_admin'
const orgGoverned = (a: ActorFix) => a.role === 'data_steward' || a.role === 'org_admin'
function mayReadChecks(a: ActorFix): boolean {
  return regionGoverned(a) || orgGoverned(a)
}
function mayRunChecksFor(a: ActorFix, target: OrgFix): boolean {
  if (!a.org) return false
  if (regionGoverned(a)) return within(target.regionCode, a.org.regionCode)
  if (orgGoverned(a)) return target.id === a.org.id
  return false
}

for (const engine of testEngines()) {
  describe(`catalog governance permission matrix on ${engine}`, () => {
    let t: TestApp
    let admin: Record<string, string>
    let orgs: MatrixOrgs
    let actors: ActorFix[] = []
    let targetOf: Matrix['targetOf']
    const draftByOrg = new Map<string, string>()

    before(async () => {
      t = await createTestApp(engine)
      admin = await t.login('admin')
      ;({ orgs, actors, targetOf } = await buildMatrix(t, 'g'))
      // One draft without a summary in every org, so each org has a finding after a run.
      for (const org of Object.values(orgs)) {
        const username = `g.maker.${org.id.slice(-6)}`
        await t.request({
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
        const maker = await t.login(username, 'Maker12345')
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/catalog/resources',
          headers: maker,
          payload: {
            name: `治理矩阵资源${org.id.slice(-6)}`,
            category: 'base',
            classCode: '101001',
            format: 'database',
            shareType: 'unconditional',
            openType: 'open',
            updateFrequency: 'monthly',
            fields: [{ name: '名称', code: 'mc', dataType: 'string', length: 50 }],
          },
        })
        assert.equal(res.statusCode, 201, res.body)
        draftByOrg.set(org.id, res.json<{ id: string }>().id)
      }
      const all = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/checks/run',
        headers: admin,
        payload: {},
      })
      assert.equal(all.statusCode, 201, all.body)
    })
    after(() => t.close())

    test('running checks: reviewers and bureau admins in their region, stewards and org admins for their org', async () => {
      for (const actor of actors) {
        for (const relation of RELATIONS) {
          const target = targetOf(actor, relation)
          const res = await t.request({
            method: 'POST',
            url: '/api/v1/catalog/checks/run',
            headers: actor.headers,
            payload: { orgId: target.id },
          })
          const label = `${actor.role} → ${relation} run checks`
          if (actor.role === 'anonymous') assert.equal(res.statusCode, 401, label)
          else if (mayRunChecksFor(actor, target)) assert.equal(res.statusCode, 201, `${label}: ${res.body}`)
          else assert.equal(res.statusCode, 403, `${label}: ${res.body}`)
        }
        const own = await t.request({
          method: 'POST',
          url: '/api/v1/catalog/checks/run',
          headers: actor.headers,
          payload: {},
        })
        const expected = actor.role === 'anonymous' ? 401 : mayReadChecks(actor) ? 201 : 403
        assert.equal(own.statusCode, expected, `${actor.role} run default scope: ${own.body}`)
      }
      // Restore the province-wide findings the reading test relies on.
      await t.request({ method: 'POST', url: '/api/v1/catalog/checks/run', headers: admin, payload: {} })
    })

    test('reading checks and scores: the same roles, each seeing exactly the findings in their scope', async () => {
      for (const actor of actors) {
        for (const url of [
          '/api/v1/catalog/checks?pageSize=200',
          '/api/v1/catalog/checks/scores?pageSize=200',
        ]) {
          const res = await t.request({ method: 'GET', url, headers: actor.headers })
          const label = `${actor.role} GET ${url}`
          if (actor.role === 'anonymous') {
            assert.equal(res.statusCode, 401, label)
            continue
          }
          if (!mayReadChecks(actor)) {
            assert.equal(res.statusCode, 403, label)
            continue
          }
          assert.equal(res.statusCode, 200, `${label}: ${res.body}`)
          const seen = new Set(res.json<{ items: { orgId: string }[] }>().items.map((i) => i.orgId))
          for (const org of Object.values(orgs)) {
            const inScope = mayRunChecksFor(actor, org)
            assert.equal(seen.has(org.id), inScope, `${label} sees ${org.id}: expected ${inScope}`)
          }
        }
      }
    })

    test('ledger: every signed-in role; drafts counted only for their org and the region reviewers', async () => {
      for (const actor of actors) {
        const res = await t.request({ method: 'GET', url: '/api/v1/catalog/ledger', headers: actor.headers })
        if (actor.role === 'anonymous') {
          assert.equal(res.statusCode, 401)
          continue
        }
        assert.equal(res.statusCode, 200, `${actor.role}: ${res.body}`)
        const counted = new Set(res.json<{ orgs: { orgId: string }[] }>().orgs.map((o) => o.orgId))
        for (const org of Object.values(orgs)) {
          // Only drafts exist, so an org shows up exactly when its drafts are visible to the actor.
          const visible =
            (orgGoverned(actor) && actor.org?.id === org.id) ||
            (regionGoverned(actor) && actor.org !== null && within(org.regionCode, actor.org.regionCode))
          assert.equal(counted.has(org.id), visible, `${actor.role} ledger counts ${org.id}`)
        }
      }
    })

    test('DCAT: everyone, anonymous included, reads the open catalog', async () => {
      for (const actor of actors) {
        const res = await t.request({
          method: 'GET',
          url: '/api/v1/public/catalog/dcat',
          headers: actor.headers,
        })
        assert.equal(res.statusCode, 200, actor.role)
        for (const id of draftByOrg.values()) assert.ok(!res.body.includes(id), 'drafts never appear')
      }
    })
  })
}
