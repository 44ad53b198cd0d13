/**
 * Permission matrix for authorized operation: each role (Xiangtan bureau roles, Xiangtan department roles, a
 * mandated operator's staff, anonymous) × a project of the actor's region (湘潭) and one of another region (长沙).
 * Expected answers come from the written policy below, independent of the code.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { setFieldGrades } from '../src/modules/catalog/index.ts'
import { agreement, plan } from '../src/modules/operation/fixture.ts'
import { createTestApp, type TestApp } from './support/app.ts'
import { testEngines } from './support/db.ts'
import { type ActorFix, buildMatrix, expectStatus, type OrgFix, within } from './support/matrix.ts'

type Headers = Record<string, string>
type Region = 'xiangtan' | 'changsha'
interface Target {
  region: Region
  regionCode: string
  projectId: string
  resourceId: string
  providerOrgId: string
  productId: string
}

/** The written policy. */
const bureauReader = (a: ActorFix) =>
  a.role === 'bureau_admin' || a.role === 'reviewer' || a.role === 'auditor'
const over = (a: ActorFix, region: string) => a.org !== null && within(region, a.org.regionCode)
const authorizes = (a: ActorFix, tg: Target) => a.role === 'bureau_admin' && over(a, tg.regionCode)
const provider = (a: ActorFix, tg: Target) =>
  (a.role === 'data_steward' || a.role === 'org_admin') && a.org?.id === tg.providerOrgId
const operatorOf = (a: ActorFix, operator: OrgFix) => a.role === 'operator_staff' && a.org?.id === operator.id
const seesProject = (a: ActorFix, tg: Target, operator: OrgFix) =>
  (bureauReader(a) && over(a, tg.regionCode)) || operatorOf(a, operator) || provider(a, tg)
const browses = (a: ActorFix) =>
  a.role === 'data_steward' || a.role === 'org_admin' || a.role === 'operator_staff'
const refused = (a: ActorFix) => (a.role === 'anonymous' ? [401] : [403, 404])

for (const engine of testEngines()) {
  describe(`operation permission matrix on ${engine}`, () => {
    let t: TestApp
    let actors: ActorFix[] = []
    const targets: Target[] = []
    let operator: OrgFix
    const post = (url: string, headers: Headers, payload: unknown = {}) =>
      t.request({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })

    async function resourceOf(steward: Headers): Promise<string> {
      const res = await post('/api/v1/catalog/resources', steward, {
        name: `矩阵资源-${randomBytes(3).toString('hex')}`,
        summary: '权限矩阵测试资源',
        category: 'base',
        classCode: '101001',
        className: '基础信息资源/人口/户籍',
        format: 'database',
        shareType: 'conditional',
        shareCondition: '用于政务服务',
        shareMethod: '共享平台',
        openType: 'closed',
        updateFrequency: 'daily',
        operable: true,
        fields: [
          { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
          { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
          { name: '行政区划', code: 'qh', dataType: 'string', length: 6 },
          { name: '年龄', code: 'nl', dataType: 'integer' },
        ],
      })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      await setFieldGrades(t.db, id, { sfzh: 'general_3', xm: 'general_3', qh: 'general_1', nl: 'general_1' })
      return id
    }

    /** A project of `bureau` over a resource of `steward`'s org, with the operator's mandate and a product. */
    async function target(
      region: Region,
      bureau: Headers,
      steward: Headers,
      providerOrgId: string,
      regionCode: string,
      operatorHeaders: Headers,
    ): Promise<Target> {
      const bureauResource = await resourceOf(
        bureau === targetsBureau.xiangtan ? stewards.xiangtanBureau : stewards.changshaBureau,
      )
      const shared = await resourceOf(steward)
      const p = await post('/api/v1/operation/projects', bureau, {
        name: `${region} 授权运营`,
        implementingOrgName: '大数据中心',
        mode: 'whole',
        termStart: '2026-01-01',
        termEnd: '2030-12-31',
        plan: plan(),
        selectionMethod: 'negotiation',
        selectionRecord: '谈判记录',
      })
      assert.equal(p.statusCode, 201, p.body)
      const projectId = p.json<{ id: string }>().id
      assert.equal(
        (
          await post(`/api/v1/operation/projects/${projectId}/resources`, bureau, {
            resourceId: bureauResource,
          })
        ).statusCode,
        200,
      )
      assert.equal(
        (await post(`/api/v1/operation/projects/${projectId}/resources`, bureau, { resourceId: shared }))
          .statusCode,
        200,
      )
      const m = await post(`/api/v1/operation/projects/${projectId}/mandates`, bureau, {
        operatorOrgId: operator.id,
        content: '授权内容',
        termStart: '2026-01-01',
        termEnd: '2030-12-31',
        agreementNo: `M-${region}`,
        agreement: agreement(),
        authorizerShareBp: 500,
        signedOn: '2025-12-01',
      })
      assert.equal(m.statusCode, 201, m.body)
      assert.equal(
        (await post(`/api/v1/operation/projects/${projectId}/activate`, bureau, { approvalRecord: '会议' }))
          .statusCode,
        204,
      )
      const pr = await post('/api/v1/operation/products', operatorHeaders, {
        mandateId: m.json<{ id: string }>().id,
        name: `${region} 报告`,
        kind: 'report',
        useClass: 'industry',
        chargingUnit: 'item',
        unitLabel: '份',
        resourceInputs: [bureauResource],
      })
      assert.equal(pr.statusCode, 201, pr.body)
      const productId = pr.json<{ id: string }>().id
      assert.equal(
        (await post(`/api/v1/operation/products/${productId}/cap`, bureau, { amount: '10.00' })).statusCode,
        204,
      )
      return { region, regionCode, projectId, resourceId: shared, providerOrgId, productId }
    }

    const targetsBureau: Record<Region, Headers> = { xiangtan: {}, changsha: {} }
    const stewards: Record<'xiangtanBureau' | 'changshaBureau', Headers> = {
      xiangtanBureau: {},
      changshaBureau: {},
    }

    before(async () => {
      t = await createTestApp(engine)
      const admin = await t.login('admin')
      const matrix = await buildMatrix(t, 'opm')
      actors = matrix.actors
      const org = await post('/api/v1/orgs', admin, {
        name: '矩阵数据运营有限公司',
        type: 'operator',
        regionCode: '430300',
      })
      operator = { id: org.json<{ id: string }>().id, regionCode: '430300' }
      const operatorHeaders = await t.createUser(
        'opm.operator',
        '矩阵数据运营有限公司',
        ['operator_staff'],
        'Matrix1234',
      )
      actors.push({ role: 'operator_staff', org: operator, headers: operatorHeaders })
      targetsBureau.xiangtan = await t.createUser(
        'opm.xt.bureau',
        '湘潭市数据局',
        ['bureau_admin'],
        'Matrix1234',
      )
      targetsBureau.changsha = await t.createUser(
        'opm.cs.bureau',
        '长沙市数据局',
        ['bureau_admin'],
        'Matrix1234',
      )
      stewards.xiangtanBureau = await t.createUser(
        'opm.xt.steward',
        '湘潭市数据局',
        ['data_steward'],
        'Matrix1234',
      )
      stewards.changshaBureau = await t.createUser(
        'opm.cs.steward',
        '长沙市数据局',
        ['data_steward'],
        'Matrix1234',
      )
      const xtProvider = actors.find((a) => a.role === 'data_steward')
      const csOrg = await post('/api/v1/orgs', admin, {
        name: '长沙市公安局',
        type: 'department',
        regionCode: '430100',
      })
      assert.equal(csOrg.statusCode, 201, csOrg.body)
      const csProvider = await t.createUser('opm.cs.provider', '长沙市公安局', ['data_steward'], 'Matrix1234')
      assert.ok(xtProvider?.org)
      targets.push(
        await target(
          'xiangtan',
          targetsBureau.xiangtan,
          xtProvider.headers,
          xtProvider.org.id,
          '430300',
          operatorHeaders,
        ),
      )
      targets.push(
        await target(
          'changsha',
          targetsBureau.changsha,
          csProvider,
          await t.orgId('长沙市公安局'),
          '430100',
          operatorHeaders,
        ),
      )
    })
    after(() => t.close())

    test('reading a project: bureau readers of its region, its operators, providers of its resources', async () => {
      for (const a of actors)
        for (const tg of targets) {
          const res = await t.request({
            method: 'GET',
            url: `/api/v1/operation/projects/${tg.projectId}`,
            headers: a.headers,
          })
          expectStatus(
            res,
            seesProject(a, tg, operator),
            200,
            refused(a),
            `${a.role}@${a.org?.id ?? '-'} reads ${tg.region} project`,
          )
        }
    })

    test('price caps: only the authorizing bureau admin of the region', async () => {
      for (const a of actors)
        for (const tg of targets) {
          const res = await post(`/api/v1/operation/products/${tg.productId}/cap`, a.headers, {
            amount: '10.00',
          })
          expectStatus(res, authorizes(a, tg), 204, refused(a), `${a.role} caps ${tg.region} product`)
        }
    })

    test('actual prices and publication: only the mandated operator’s staff', async () => {
      for (const a of actors)
        for (const tg of targets) {
          const res = await post(`/api/v1/operation/products/${tg.productId}/price`, a.headers, {
            amount: '5.00',
          })
          expectStatus(res, operatorOf(a, operator), 204, refused(a), `${a.role} prices ${tg.region} product`)
        }
      for (const tg of targets) {
        const op = actors.find((a) => operatorOf(a, operator))
        assert.ok(op)
        assert.equal(
          (await post(`/api/v1/operation/products/${tg.productId}/publish`, op.headers)).statusCode,
          204,
        )
      }
    })

    test('published products: the market (stewards, admins, operator staff), the bureau of the region', async () => {
      for (const a of actors)
        for (const tg of targets) {
          const res = await t.request({
            method: 'GET',
            url: `/api/v1/operation/products/${tg.productId}`,
            headers: a.headers,
          })
          const allowed = browses(a) || (bureauReader(a) && over(a, tg.regionCode))
          expectStatus(res, allowed, 200, refused(a), `${a.role} reads ${tg.region} product`)
        }
    })

    test('consent: only the provider org’s stewards and admins', async () => {
      for (const a of actors)
        for (const tg of targets) {
          const res = await post(
            `/api/v1/operation/projects/${tg.projectId}/resources/${tg.resourceId}/consent`,
            a.headers,
            { consent: false },
          )
          // The first allowed actor decides; a second allowed one finds nothing pending.
          if (provider(a, tg))
            assert.ok([204, 409].includes(res.statusCode), `${a.role} consents: ${res.body}`)
          else expectStatus(res, false, 204, refused(a), `${a.role} consents for ${tg.region}`)
        }
    })

    test('mandates and revenue caps: only the authorizing bureau admin', async () => {
      for (const a of actors)
        for (const tg of targets) {
          const res = await post(`/api/v1/operation/projects/${tg.projectId}/mandates`, a.headers, {
            operatorOrgId: operator.id,
            content: '重复授权',
            termStart: '2026-01-01',
            termEnd: '2030-12-31',
            agreementNo: 'X',
            agreement: agreement(),
            authorizerShareBp: 0,
            signedOn: '2025-12-01',
          })
          // The operator already holds a mandate there: the authorizer hears 409, everyone else is refused.
          expectStatus(res, authorizes(a, tg), 409, refused(a), `${a.role} mandates in ${tg.region}`)
        }
      for (const a of actors) {
        const res = await post('/api/v1/operation/revenue-caps/check', a.headers, {
          operatorOrgId: operator.id,
          year: 2026,
        })
        const allowed = a.role === 'bureau_admin' && over(a, operator.regionCode)
        expectStatus(res, allowed, 404, refused(a), `${a.role} checks revenue`)
      }
    })

    test('invoices: the operator’s staff, the buyer org’s stewards and admins, the bureau of the region', async () => {
      const buyerOrg = { id: await t.orgId('湘潭市市场监督管理局'), regionCode: '430300' }
      const buyer: ActorFix = {
        role: 'data_steward',
        org: buyerOrg,
        headers: await t.createUser('opm.buyer', '湘潭市市场监督管理局', ['data_steward'], 'Matrix1234'),
      }
      const all = [...actors, buyer]
      const seesInvoice = (a: ActorFix, tg: Target) =>
        operatorOf(a, operator) ||
        ((a.role === 'data_steward' || a.role === 'org_admin') && a.org?.id === buyerOrg.id) ||
        (bureauReader(a) && over(a, tg.regionCode))
      for (const tg of targets) {
        const o = await post('/api/v1/operation/orders', buyer.headers, {
          productId: tg.productId,
          quantity: 2,
          purpose: '权限矩阵',
          validUntil: '2030-06-30',
        })
        assert.equal(o.statusCode, 201, o.body)
        const inv = await t.request({
          method: 'GET',
          url: `/api/v1/operation/orders/${o.json<{ id: string }>().id}/invoices`,
          headers: buyer.headers,
        })
        const invoiceId = inv.json<{ items: { id: string }[] }>().items[0]?.id
        assert.ok(invoiceId)
        for (const a of all) {
          const label = `${a.role}@${a.org?.id ?? '-'} ${tg.region} invoice`
          for (const url of [
            `/api/v1/operation/invoices/${invoiceId}`,
            `/api/v1/operation/invoices/${invoiceId}.pdf`,
          ]) {
            const res = await t.request({ method: 'GET', url, headers: a.headers })
            // Without a CJK font the PDF answers 503 to those allowed; never to the others.
            const ok = url.endsWith('.pdf') && res.statusCode === 503 ? 503 : 200
            expectStatus(res, seesInvoice(a, tg), ok, refused(a), `${label} ${url.slice(-4)}`)
          }
          // A wrong amount: the operator hears 422 (nothing changes), everyone else is refused first.
          const pay = await post(`/api/v1/operation/invoices/${invoiceId}/pay`, a.headers, {
            paymentRef: 'M-1',
            amount: '0.01',
            paidOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
          })
          expectStatus(pay, operatorOf(a, operator), 422, refused(a), `${label} pay`)
          const voided = await post(`/api/v1/operation/invoices/${invoiceId}/void`, a.headers, {
            reason: ' ',
          })
          expectStatus(voided, operatorOf(a, operator), 400, refused(a), `${label} void`)
        }
      }
      for (const a of all)
        for (const url of [
          '/api/v1/operation/invoices',
          '/api/v1/operation/invoices/export',
          '/api/v1/operation/reports/reminders',
        ]) {
          const res = await t.request({ method: 'GET', url, headers: a.headers })
          expectStatus(res, a.role !== 'anonymous', 200, [401], `${a.role} ${url}`)
        }
      const listed = await t.request({
        method: 'GET',
        url: '/api/v1/operation/invoices',
        headers: buyer.headers,
      })
      assert.equal(listed.json<{ total: number }>().total, 2, 'the buyer lists its own two')
      for (const a of actors.filter((x) => x.role === 'data_steward' || x.role === 'org_admin')) {
        const res = await t.request({ method: 'GET', url: '/api/v1/operation/invoices', headers: a.headers })
        assert.equal(res.json<{ total: number }>().total, 0, `${a.role} of another org lists none`)
      }
    })

    test('annual report submission: the authorizing bureau admin; its status: readers of the operator', async () => {
      for (const a of actors) {
        const res = await post('/api/v1/operation/reports/annual/submissions', a.headers, {
          operatorOrgId: operator.id,
          year: 2029,
        })
        // No cap is set for 2029: the authorizer hears 404, everyone else is refused.
        const allowed = a.role === 'bureau_admin' && over(a, operator.regionCode)
        expectStatus(res, allowed, 404, refused(a), `${a.role} submits the annual report`)
        const status = await t.request({
          method: 'GET',
          url: `/api/v1/operation/reports/annual/submissions?operatorOrgId=${operator.id}&year=2029`,
          headers: a.headers,
        })
        const reads = operatorOf(a, operator) || (bureauReader(a) && over(a, operator.regionCode))
        expectStatus(status, reads, 200, refused(a), `${a.role} reads the report status`)
      }
    })

    test('disclosure answers everyone, signed in or not', async () => {
      for (const a of actors)
        for (const url of [
          '/api/v1/public/operation/mandates',
          '/api/v1/public/operation/operators',
          '/api/v1/public/operation/usage?year=2026',
        ]) {
          const res = await t.request({ method: 'GET', url, headers: a.headers })
          assert.equal(res.statusCode, 200, `${a.role} ${url}`)
        }
    })
  })
}
