/**
 * Grading: the GB/T 43697 matrix, grades never below it, 就高从严 for derived resources (raised again when an
 * input rises, unless the bureau reviewed), effective field grades pushed to the catalog, the grade policy and
 * who may change it, and the policy's share/open checks.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../../test/support/db.ts'
import { IMPACT_DEGREES, IMPACT_OBJECTS, matrixGrade, rank } from './matrix.ts'
import { openProtection, type ProtectionContext } from './test-context.ts'

test('the matrix: national security → core/important, public interest → core/important/general-4, persons → general 4–2, none → 1', () => {
  assert.equal(matrixGrade('national_security', 'extremely_serious'), 'core')
  assert.equal(matrixGrade('national_security', 'serious'), 'core')
  assert.equal(matrixGrade('national_security', 'ordinary'), 'important')
  assert.equal(matrixGrade('economy', 'extremely_serious'), 'core')
  assert.equal(matrixGrade('social_order', 'serious'), 'important')
  assert.equal(matrixGrade('public_interest', 'ordinary'), 'general_4')
  assert.equal(matrixGrade('individual', 'extremely_serious'), 'general_4')
  assert.equal(matrixGrade('organisation', 'serious'), 'general_3')
  assert.equal(matrixGrade('individual', 'ordinary'), 'general_2')
  assert.equal(matrixGrade('none', 'serious'), 'general_1')
  // A graver degree never gives a lower grade.
  for (const o of IMPACT_OBJECTS) {
    const ranks = IMPACT_DEGREES.map((d) => rank(matrixGrade(o, d)))
    assert.deepEqual(
      [...ranks].sort((a, b) => b - a),
      ranks,
      o,
    )
  }
})

type View = {
  effectiveGrade: string | null
  decision: { grade: string; reviewed: boolean; reviewerName: string | null } | null
  fields: { code: string; grade: string | null }[]
  policy: { grade: string } | null
  issues: string[]
}

for (const engine of testEngines()) {
  describe(`grading on ${engine}`, () => {
    let c: ProtectionContext
    let reviewer: Record<string, string>
    before(async () => {
      c = await openProtection(engine)
      reviewer = await c.t.createUser('prot.reviewer', '湖南省数据局', ['reviewer'], 'Protect123')
    })
    after(() => c.close())

    const put = (id: string, payload: Record<string, unknown>, headers = c.steward) =>
      c.t.request({ method: 'PUT', url: `/api/v1/governance/resources/${id}/grading`, headers, payload })
    const get = async (id: string) =>
      (
        await c.t.request({
          method: 'GET',
          url: `/api/v1/governance/resources/${id}/grading`,
          headers: c.steward,
        })
      ).json<View>()
    const base = { categoryPath: '公共管理/人口/户籍', basis: '含个人信息' }

    test('a grading sets resource and field grades; fields without their own take the resource’s', async () => {
      const res = await put(c.resourceId, {
        ...base,
        impactObject: 'individual',
        impactDegree: 'serious',
        piCategories: ['special_identity'],
        fields: [{ code: 'c7', impactObject: 'individual', impactDegree: 'extremely_serious' }],
      })
      assert.equal(res.statusCode, 200, res.body)
      const view = res.json<View>()
      assert.equal(view.decision?.grade, 'general_3')
      assert.equal(view.effectiveGrade, 'general_4', 'a field graded higher raises the resource (就高从严)')
      const grades = Object.fromEntries(view.fields.map((f) => [f.code, f.grade]))
      assert.equal(grades.c7, 'general_4')
      assert.equal(grades.xm, 'general_3')
      assert.equal(view.policy?.grade, 'general_4')
      // general-4 allows conditional or no sharing and no opening: the resource (conditional, closed) fits.
      assert.deepEqual(view.issues, [])
    })

    test('a grade below what the matrix gives is refused; above it is kept', async () => {
      const low = await put(c.resourceId, {
        ...base,
        impactObject: 'public_interest',
        impactDegree: 'serious',
        grade: 'general_4',
      })
      assert.equal(low.statusCode, 422, low.body)
      assert.equal(low.json<{ code: string }>().code, 'grading.below_matrix')
      const high = await put(c.resourceId, {
        ...base,
        impactObject: 'individual',
        impactDegree: 'ordinary',
        grade: 'important',
      })
      assert.equal(high.statusCode, 200, high.body)
      const view = high.json<View>()
      assert.equal(view.effectiveGrade, 'important')
      assert.ok(view.issues.includes('share_type:conditional') === false)
    })

    test('就高从严: a derived resource takes its inputs’ highest grade, follows it up, and only the bureau may review it lower', async () => {
      const derived = await c.resource('人口汇聚衍生库', false)
      const auto = await put(derived.id, {
        ...base,
        impactObject: 'individual',
        impactDegree: 'ordinary',
        derivedFrom: [c.resourceId],
      })
      assert.equal(auto.statusCode, 200, auto.body)
      assert.equal(auto.json<View>().decision?.grade, 'important', 'raised to the input’s grade')
      const explicit = await put(derived.id, {
        ...base,
        impactObject: 'individual',
        impactDegree: 'ordinary',
        grade: 'general_2',
        derivedFrom: [c.resourceId],
      })
      assert.equal(explicit.statusCode, 422)
      assert.equal(explicit.json<{ code: string }>().code, 'grading.below_inputs')
      const stewardReview = await put(derived.id, {
        ...base,
        impactObject: 'individual',
        impactDegree: 'ordinary',
        derivedFrom: [c.resourceId],
        reviewed: true,
      })
      assert.equal(stewardReview.statusCode, 403)

      // The input rises to core: the unreviewed derived resource follows, its fields in the catalog too.
      const core = await put(c.resourceId, {
        ...base,
        impactObject: 'national_security',
        impactDegree: 'serious',
      })
      assert.equal(core.statusCode, 200, core.body)
      const followed = await get(derived.id)
      assert.equal(followed.decision?.grade, 'core')
      assert.ok(followed.fields.every((f) => f.grade === 'core'))

      const reviewed = await put(
        derived.id,
        {
          ...base,
          impactObject: 'individual',
          impactDegree: 'serious',
          derivedFrom: [c.resourceId],
          reviewed: true,
          basis: '已去标识化汇总',
        },
        reviewer,
      )
      assert.equal(reviewed.statusCode, 200, reviewed.body)
      const after = reviewed.json<View>()
      assert.equal(after.decision?.grade, 'general_3')
      assert.equal(after.decision?.reviewed, true)
      assert.equal(after.decision?.reviewerName, 'prot.reviewer')
      const self = await put(derived.id, {
        ...base,
        impactObject: 'none',
        impactDegree: 'ordinary',
        derivedFrom: [derived.id],
      })
      assert.equal(self.statusCode, 400)
    })

    test('policy issues: a core resource shared conditionally is flagged', async () => {
      const view = await get(c.resourceId)
      assert.equal(view.effectiveGrade, 'core')
      assert.ok(view.issues.includes('share_type:conditional'))
    })

    test('who grades: not another org’s steward; the grade policy only by a province bureau admin', async () => {
      const other = await put(
        c.resourceId,
        { ...base, impactObject: 'none', impactDegree: 'ordinary' },
        c.outsider,
      )
      assert.equal(other.statusCode, 403)
      const policies = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/grade-policies',
        headers: c.steward,
      })
      assert.equal(policies.statusCode, 200)
      assert.equal(policies.json<unknown[]>().length, 6)
      const body = { shareTypes: ['none'], openTypes: ['closed'], masking: 'redact', approvers: [] }
      const bySteward = await c.t.request({
        method: 'PUT',
        url: '/api/v1/governance/grade-policies/core',
        headers: c.steward,
        payload: body,
      })
      assert.equal(bySteward.statusCode, 403)
      const byReviewer = await c.t.request({
        method: 'PUT',
        url: '/api/v1/governance/grade-policies/core',
        headers: reviewer,
        payload: body,
      })
      assert.equal(byReviewer.statusCode, 403)
      const bad = await c.t.request({
        method: 'PUT',
        url: '/api/v1/governance/grade-policies/core',
        headers: c.admin,
        payload: { ...body, shareTypes: ['everyone'] },
      })
      assert.equal(bad.statusCode, 400)
      const ok = await c.t.request({
        method: 'PUT',
        url: '/api/v1/governance/grade-policies/core',
        headers: c.admin,
        payload: body,
      })
      assert.equal(ok.statusCode, 200, ok.body)
    })

    test('the list shows the org’s gradings to its steward and the region’s to the bureau', async () => {
      const mine = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/gradings?pageSize=50',
        headers: c.steward,
      })
      assert.equal(mine.json<{ total: number }>().total, 2)
      const bureau = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/gradings?grade=core',
        headers: c.admin,
      })
      assert.ok(
        bureau.json<{ items: { resourceId: string }[] }>().items.some((g) => g.resourceId === c.resourceId),
      )
      const outsider = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/gradings',
        headers: c.outsider,
      })
      assert.equal(outsider.json<{ total: number }>().total, 0)
      const search = await c.t.request({
        method: 'GET',
        url: '/api/v1/governance/gradings?q=%25_',
        headers: c.steward,
      })
      assert.equal(search.json<{ total: number }>().total, 0, 'pattern characters are literal')
    })
  })
}
