/**
 * Test set-up of the operation tests (not itself a test): 湘潭市数据局 as authorizer (a bureau admin and a
 * steward holding its own resource), 湘潭市公安局 as a provider whose resource came through sharing, two operator
 * orgs with staff, a buyer (湘潭市市场监督管理局) with an API app, and helpers for a project in force.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import type { Engine } from '../../platform/db/index.ts'
import { setFieldGrades } from '../catalog/index.ts'
import { AGREEMENT_CLAUSES, PLAN_FIELDS } from './plan.ts'

export type Headers = Record<string, string>
const PW = 'Operation123'

export const plan = () => Object.fromEntries(PLAN_FIELDS.map(([k, label]) => [k, `${label}：测试内容`]))
export const agreement = () =>
  Object.fromEntries(AGREEMENT_CLAUSES.map(([k, label]) => [k, `${label}：按协议约定`]))

export function people(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const qh = i % 2 ? '430302' : '430304'
    return [
      `${qh}1990${String((i % 12) + 1).padStart(2, '0')}01${String(i).padStart(3, '0')}X`,
      `测试${i}`,
      qh,
      20 + (i % 40),
    ].join(',')
  })
  return `${['sfzh,xm,qh,nl', ...lines].join('\r\n')}\r\n`
}

const FIELDS = [
  { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
  { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
  { name: '行政区划', code: 'qh', dataType: 'string', length: 6 },
  { name: '年龄', code: 'nl', dataType: 'integer' },
]
const GRADES = { sfzh: 'general_3', xm: 'general_3', qh: 'general_1', nl: 'general_1' } as const

export interface OperationFixture {
  t: TestApp
  admin: Headers
  bureau: Headers
  bureauOrgId: string
  provider: Headers
  providerOrgId: string
  operator: Headers
  operatorOrgId: string
  operator2: Headers
  operator2OrgId: string
  buyer: Headers
  buyerOrgId: string
  buyerApp: { id: string; bearer: Headers }
  /** A resource of `as` (default: the provider), hosted with 30 rows; graded and operable unless told. */
  resource(options?: {
    as?: Headers
    operable?: boolean
    graded?: boolean
  }): Promise<{ id: string; code: string }>
  projectBody(overrides?: Record<string, unknown>): Record<string, unknown>
  mandateBody(operatorOrgId: string, overrides?: Record<string, unknown>): Record<string, unknown>
  /** A project in force over the bureau's own resource, with a mandate for each given operator. */
  activeProject(
    operatorOrgIds: string[],
  ): Promise<{ projectId: string; resourceId: string; resourceCode: string; mandateIds: string[] }>
  post(url: string, headers: Headers, payload?: unknown): ReturnType<TestApp['request']>
  get(url: string, headers?: Headers): ReturnType<TestApp['request']>
  close(): Promise<void>
}

function multipart(content: string) {
  const boundary = `----shuhui${randomBytes(8).toString('hex')}`
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  }
}

async function operatorOrg(t: TestApp, admin: Headers, name: string): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/orgs',
    headers: admin,
    payload: { name, type: 'operator', regionCode: '430300' },
  })
  assert.equal(res.statusCode, 201, res.body)
  return res.json<{ id: string }>().id
}

export async function openOperationFixture(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<OperationFixture> {
  const t = await createTestApp(engine, env)
  const admin = await t.login('admin')
  const bureau = await t.createUser('op.bureau', '湘潭市数据局', ['bureau_admin'], PW)
  const bureauSteward = await t.createUser('op.bureau.steward', '湘潭市数据局', ['data_steward'], PW)
  const provider = await t.createUser('op.provider', '湘潭市公安局', ['data_steward'], PW)
  const operatorOrgId = await operatorOrg(t, admin, '湘潭数据运营有限公司')
  const operator2OrgId = await operatorOrg(t, admin, '湖南第二数据运营有限公司')
  const operator = await t.createUser('op.operator', '湘潭数据运营有限公司', ['operator_staff'], PW)
  const operator2 = await t.createUser('op.operator2', '湖南第二数据运营有限公司', ['operator_staff'], PW)
  const buyer = await t.createUser('op.buyer', '湘潭市市场监督管理局', ['data_steward'], PW)
  const buyerOrgId = await t.orgId('湘潭市市场监督管理局')
  const reg = await t.request({
    method: 'POST',
    url: '/api/v1/apps',
    headers: admin,
    payload: { orgId: buyerOrgId, name: '企业画像应用' },
  })
  assert.equal(reg.statusCode, 201, reg.body)
  const { app, clientSecret } = reg.json<{ app: { id: string; clientId: string }; clientSecret: string }>()
  const tok = await t.request({
    method: 'POST',
    url: '/api/v1/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: clientSecret },
  })
  assert.equal(tok.statusCode, 200, tok.body)
  const buyerApp = {
    id: app.id,
    bearer: { authorization: `Bearer ${tok.json<{ access_token: string }>().access_token}` },
  }

  const post = (url: string, headers: Headers, payload: unknown = {}) =>
    t.request({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })
  const get = (url: string, headers: Headers = {}) => t.request({ method: 'GET', url, headers })

  async function resource(options: { as?: Headers; operable?: boolean; graded?: boolean } = {}) {
    const as = options.as ?? provider
    const created = await post('/api/v1/catalog/resources', as, {
      name: `运营测试人口-${randomBytes(3).toString('hex')}`,
      summary: '人口基本信息，供授权运营测试。',
      category: 'base',
      classCode: '101001',
      className: '基础信息资源/人口/户籍',
      format: 'database',
      shareType: 'conditional',
      shareCondition: '用于政务服务',
      shareMethod: '共享平台',
      openType: 'closed',
      updateFrequency: 'daily',
      operable: options.operable ?? true,
      fields: FIELDS,
    })
    assert.equal(created.statusCode, 201, created.body)
    const r = created.json<{ id: string; code: string }>()
    if (options.graded ?? true) await setFieldGrades(t.db, r.id, GRADES)
    const body = multipart(people(30))
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/resources/${r.id}/mount/upload`,
      headers: { ...as, ...body.headers },
      payload: body.payload,
    })
    assert.equal(up.statusCode, 200, up.body)
    return { id: r.id, code: r.code }
  }

  const projectBody = (overrides: Record<string, unknown> = {}) => ({
    name: '湘潭市人口数据授权运营',
    implementingOrgName: '湘潭市大数据中心',
    mode: 'scenario',
    scenario: '企业信用画像',
    termStart: '2026-01-01',
    termEnd: '2030-12-31',
    plan: plan(),
    selectionMethod: 'open_tender',
    selectionRecord: '2025 年 12 月公开招标，三家投标，湘潭数据运营有限公司中标。',
    ...overrides,
  })
  const mandateBody = (operatorOrgId: string, overrides: Record<string, unknown> = {}) => ({
    operatorOrgId,
    content: '依托人口数据开发企业信用画像产品并提供服务',
    termStart: '2026-01-01',
    termEnd: '2030-12-31',
    agreementNo: `XTSJ-${randomBytes(2).toString('hex')}`,
    agreement: agreement(),
    authorizerShareBp: 1000,
    signedOn: '2025-12-20',
    ...overrides,
  })

  return {
    t,
    admin,
    bureau,
    bureauOrgId: await t.orgId('湘潭市数据局'),
    provider,
    providerOrgId: await t.orgId('湘潭市公安局'),
    operator,
    operatorOrgId,
    operator2,
    operator2OrgId,
    buyer,
    buyerOrgId,
    buyerApp,
    resource,
    projectBody,
    mandateBody,
    async activeProject(operatorOrgIds) {
      const r = await resource({ as: bureauSteward })
      const p = await post('/api/v1/operation/projects', bureau, projectBody())
      assert.equal(p.statusCode, 201, p.body)
      const projectId = p.json<{ id: string }>().id
      const add = await post(`/api/v1/operation/projects/${projectId}/resources`, bureau, {
        resourceId: r.id,
      })
      assert.equal(add.json<{ status: string }>().status, 'included', add.body)
      const mandateIds: string[] = []
      for (const org of operatorOrgIds) {
        const m = await post(`/api/v1/operation/projects/${projectId}/mandates`, bureau, mandateBody(org))
        assert.equal(m.statusCode, 201, m.body)
        mandateIds.push(m.json<{ id: string }>().id)
      }
      const act = await post(`/api/v1/operation/projects/${projectId}/activate`, bureau, {
        approvalRecord: '市政府常务会议 2025 年第 30 次会议审议通过',
      })
      assert.equal(act.statusCode, 204, act.body)
      return { projectId, resourceId: r.id, resourceCode: r.code, mandateIds }
    },
    post,
    get,
    close: () => t.close(),
  }
}
