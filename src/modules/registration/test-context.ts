/**
 * The shared set-up of the registration tests (not itself a test file): a registrant (湘潭市公安局) with a steward,
 * the Xiangtan data bureau as registration body (a reviewer and a bureau admin), a third org's steward, a Changsha
 * reviewer, a mounted resource of the registrant, and helpers to drive an application through the workflow.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { listCalendarYears, loadCalendarYear } from '../../platform/calendar/index.ts'
import { type RequestContext, systemContext } from '../../platform/context.ts'
import type { Engine } from '../../platform/db/index.ts'

export type Headers = Record<string, string>

export interface DetailView {
  id: string
  kind: string
  status: string
  number: string | null
  acceptDue: string | null
  reviewDue: string | null
  noticeDue: string | null
  validFrom: string | null
  validUntil: string | null
  submittedOn: string | null
  actions: string[]
  evidence: { digest: string; rowCount: number; dataDigest: string }[]
  objections: { id: string; status: string; realName: string; contact: string }[]
  materialChecklist: { code: string; provided: boolean }[]
  history: { action: string; fromStatus: string | null; toStatus: string; reason: string | null }[]
  certificateVersion: number | null
  supplementGaps: { material: string; note: string }[] | null
}

export const MATERIALS_TEXT = {
  registrantInfo: '湘潭市公安局，统一社会信用代码见营业执照',
  dataSource: '依法履职采集的户籍登记数据',
  resourceDescription: '全市户籍人口基本信息',
  productInfo: '身份核验接口服务',
  applicationScenarios: '政务服务身份核验、企业开办',
  securityAssessment: '已完成数据安全风险评估，风险可控',
}

export const HEADER = 'xm,sfzh,hjdz'
export const rowsCsv = (rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`
export const sampleRows = () => [
  '张三,430302199001011234,湖南省湘潭市雨湖区1号',
  '李四,430302199002021235,湖南省湘潭市岳塘区2号',
  '王五,430302199003031236,湖南省湘潭市韶山市3号',
]

export interface RegistrationContext {
  t: TestApp
  admin: Headers
  steward: Headers
  reviewer: Headers
  bureauAdmin: Headers
  outsider: Headers
  otherReviewer: Headers
  registrantOrgId: string
  bodyOrgId: string
  /** A catalog resource of the registrant mounted in the datastore with `rows` (CSV lines). */
  mountedResource(rows?: string[]): Promise<string>
  upload(resourceId: string, rows: string[]): Promise<void>
  create(body?: Record<string, unknown>, as?: Headers): Promise<DetailView>
  act(
    id: string,
    step: string,
    as: Headers,
    payload?: Record<string, unknown>,
  ): ReturnType<TestApp['request']>
  get(id: string, as?: Headers): Promise<DetailView>
  /** An initial registration driven to public notice (linked to a fresh mounted resource unless given). */
  toNotice(resourceId?: string): Promise<DetailView>
  ctxOf(headers: Headers): Promise<RequestContext>
  close(): Promise<void>
}

let counter = 0

function multipart(fileName: string, content: string) {
  const boundary = `----rg${randomBytes(8).toString('hex')}`
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  )
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }
}

export async function openRegistrationContext(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<RegistrationContext> {
  const t = await createTestApp(engine, env)
  for (const year of [2027, 2028, 2029, 2030]) {
    if (!(await listCalendarYears(t.db)).some((y) => y.year === year))
      await loadCalendarYear(t.db, systemContext('test'), {
        year,
        source: '测试用数据（非正式通知，仅周末休息）',
        holidays: [],
        workdays: [],
      })
  }
  const admin = await t.login('admin')
  const pw = 'Regist12345'
  const steward = await t.createUser('rg.steward', '湘潭市公安局', ['data_steward'], pw)
  const reviewer = await t.createUser('rg.reviewer', '湘潭市数据局', ['reviewer'], pw)
  const bureauAdmin = await t.createUser('rg.badmin', '湘潭市数据局', ['bureau_admin'], pw)
  const outsider = await t.createUser('rg.outsider', '湘潭市市场监督管理局', ['data_steward'], pw)
  const otherReviewer = await t.createUser('rg.cs.reviewer', '长沙市数据局', ['reviewer'], pw)
  const registrantOrgId = await t.orgId('湘潭市公安局')
  const bodyOrgId = await t.orgId('湘潭市数据局')

  async function upload(resourceId: string, rows: string[]) {
    const body = multipart('people.csv', rowsCsv(rows))
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/resources/${resourceId}/mount/upload`,
      headers: { ...steward, ...body.headers },
      payload: body.payload,
    })
    assert.equal(res.statusCode, 200, res.body)
  }
  const ctx: RegistrationContext = {
    t,
    admin,
    steward,
    reviewer,
    bureauAdmin,
    outsider,
    otherReviewer,
    registrantOrgId,
    bodyOrgId,
    upload,
    async mountedResource(rows = sampleRows()) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers: steward,
        payload: {
          name: `户籍人口登记${++counter}`,
          summary: '全市户籍人口基本信息，含姓名、公民身份号码、户籍地址等。',
          category: 'base',
          classCode: '101001',
          className: '基础信息资源/人口/户籍',
          format: 'database',
          shareType: 'conditional',
          shareCondition: '用于政务服务身份核验',
          shareMethod: '共享平台',
          openType: 'closed',
          updateFrequency: 'daily',
          fields: [
            { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
            { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
            { name: '户籍地址', code: 'hjdz', dataType: 'string', length: 200 },
          ],
        },
      })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      await upload(id, rows)
      return id
    },
    async create(body = {}, as = steward) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: as,
        payload: { kind: 'initial', dataName: '湘潭市户籍人口数据', summary: '户籍人口基本信息', ...body },
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<DetailView>()
    },
    act(id, step, as, payload = {}) {
      return t.request({ method: 'POST', url: `/api/v1/registrations/${id}/${step}`, headers: as, payload })
    },
    async get(id, as = steward) {
      const res = await t.request({ method: 'GET', url: `/api/v1/registrations/${id}`, headers: as })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<DetailView>()
    },
    async toNotice(resourceId) {
      const rid = resourceId ?? (await ctx.mountedResource())
      const r = await ctx.create({ catalogResourceIds: [rid], materials: MATERIALS_TEXT })
      for (const [step, as] of [
        ['submit', steward],
        ['accept', reviewer],
        ['approve', reviewer],
      ] as const) {
        const res = await ctx.act(r.id, step, as)
        assert.equal(res.statusCode, 200, `${step}: ${res.body}`)
      }
      return ctx.get(r.id)
    },
    async ctxOf(headers) {
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', headers })
      const u = me.json<{
        user: {
          id: string
          username: string
          displayName: string
          orgId: string
          roles: string[]
          scopeRegionCode: string | null
        }
      }>().user
      const org = await t.request({ method: 'GET', url: `/api/v1/orgs/${u.orgId}`, headers: admin })
      return {
        actor: {
          kind: 'user',
          userId: u.id,
          username: u.username,
          displayName: u.displayName,
          orgId: u.orgId,
          regionCode: org.json<{ regionCode: string }>().regionCode,
          roles: u.roles,
          scopeRegionCode: u.scopeRegionCode,
          sessionId: 'test',
          via: 'bearer',
        },
        requestId: 'test',
        ip: '203.0.113.9',
        lang: 'zh-CN',
      }
    },
    close: () => t.close(),
  }
  return ctx
}
