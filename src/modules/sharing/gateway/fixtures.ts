/**
 * Test set-up of the gateway tests (not itself a test): a provincial population resource of 湖南省公安厅 mounted
 * in the datastore with rows from Xiangtan and Changsha, a consumer app of 湘潭市市场监督管理局 with a bearer token,
 * and grants inserted directly (the grant service belongs to the requests part).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import type { Engine } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import type { RowScope } from '../grants-table.ts'
import { t as st } from '../store.ts'
import { signRequest } from './signature.ts'

export const PROVIDER = '湖南省公安厅'
export const CONSUMER = '湘潭市市场监督管理局'

export const gatewayResource = (name: string, shareType = 'conditional') => ({
  name,
  summary: '全省人口基本信息，供网关调用测试。',
  category: 'base',
  classCode: '101001',
  className: '基础信息资源/人口/户籍',
  format: 'database',
  shareType,
  shareCondition: shareType === 'conditional' ? '用于政务服务身份核验' : null,
  shareMethod: '共享平台',
  openType: 'closed',
  updateFrequency: 'daily',
  fields: [
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    {
      name: '公民身份号码',
      code: 'sfzh',
      dataType: 'string',
      length: 18,
      isKey: true,
    },
    { name: '手机号码', code: 'sjhm', dataType: 'string', length: 11 },
    { name: '户籍地址', code: 'hjdz', dataType: 'string', length: 200 },
    { name: '行政区划', code: 'qh', dataType: 'string', length: 6 },
    { name: '年龄', code: 'nl', dataType: 'integer' },
    { name: '户号', code: 'hh', dataType: 'integer', isKey: true },
    { name: '涉密备注', code: 'bz', dataType: 'string', length: 100 },
  ],
})

/** Grades of the test resource's fields (数据分级). */
export const GRADES: Record<string, string> = {
  xm: 'general_3',
  sfzh: 'general_3',
  sjhm: 'important',
  hjdz: 'general_2',
  qh: 'general_1',
  nl: 'general_1',
  hh: 'general_1',
  bz: 'core',
}

/**
 * The catalog has no API for field grades yet (governance will grade fields); tests set them in the catalog's
 * table directly so the gateway's grade rules run end to end.
 */
export async function setGrades(t: TestApp, resourceId: string, grades: Record<string, string>) {
  for (const [code, grade] of Object.entries(grades)) {
    await sql`update resource_fields set grade = ${grade} where resource_id = ${resourceId} and code = ${code}`.execute(
      t.db,
    )
  }
}

/** Person i: odd rows live in Xiangtan (430302), even rows in Changsha (430102). */
export function person(i: number) {
  const qh = i % 2 ? '430302' : '430102'
  return {
    xm: `测试${String.fromCharCode(0x4e00 + i)}`,
    sfzh: `${qh}1990${String((i % 12) + 1).padStart(2, '0')}01${String(i).padStart(3, '0')}X`,
    sjhm: `139${String(i).padStart(8, '0')}`,
    hjdz: qh === '430302' ? `湖南省湘潭市雨湖区人民路${i}号` : `湖南省长沙市芙蓉区五一路${i}号`,
    qh,
    nl: 20 + i,
    hh: 1000 + Math.ceil(i / 2),
    bz: `内部${i}`,
  }
}

export const ROWS = 30

/** A multipart/form-data body with one `file` part (the mount upload endpoint's shape). */
export function multipartCsv(fileName: string, content: string) {
  const boundary = `----shuhui${randomBytes(8).toString('hex')}`
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }
}

export interface Caller {
  appId: string
  clientId: string
  secret: string
  bearer: Record<string, string>
}

export interface GatewayFixture {
  t: TestApp
  admin: Record<string, string>
  resourceId: string
  resourceCode: string
  providerOrgId: string
  consumerOrgId: string
  app: Caller
  /** A second app of the consumer org, without grants. */
  otherApp: Caller
  grant(values?: Partial<GrantValues>): Promise<string>
  get(path: string, headers?: Record<string, string>): ReturnType<TestApp['request']>
  url(query: string): string
  signedHeaders(
    caller: Caller,
    query: string,
    overrides?: { timestamp?: number; nonce?: string },
  ): Record<string, string>
  close(): Promise<void>
}

export interface GrantValues {
  appId: string
  fields: string[]
  validFrom: Date
  validUntil: Date
  status: 'active' | 'suspended' | 'revoked'
  rowScope: RowScope | null
  quotaPerDay: number | null
  ratePerSecond: number | null
  requestId: string | null
  resourceId: string
  resourceCode: string
}

export async function registerApp(t: TestApp, admin: Record<string, string>, orgId: string, name: string) {
  const reg = await t.request({
    method: 'POST',
    url: '/api/v1/apps',
    headers: admin,
    payload: { orgId, name },
  })
  assert.equal(reg.statusCode, 201, reg.body)
  const { app, clientSecret } = reg.json<{ app: { id: string; clientId: string }; clientSecret: string }>()
  const tok = await t.request({
    method: 'POST',
    url: '/api/v1/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: clientSecret },
  })
  assert.equal(tok.statusCode, 200, tok.body)
  return {
    appId: app.id,
    clientId: app.clientId,
    secret: clientSecret,
    bearer: { authorization: `Bearer ${tok.json<{ access_token: string }>().access_token}` },
  }
}

export async function openGatewayFixture(
  engine: Engine,
  env: Record<string, string> = {},
  options: { shareType?: string; rows?: number } = {},
): Promise<GatewayFixture> {
  const t = await createTestApp(engine, env)
  const admin = await t.login('admin')
  const steward = await t.createUser('gw.provider', PROVIDER, ['data_steward'], 'Gateway123')
  const providerOrgId = await t.orgId(PROVIDER)
  const consumerOrgId = await t.orgId(CONSUMER)
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/catalog/resources',
    headers: steward,
    payload: gatewayResource(`网关测试人口库-${randomBytes(3).toString('hex')}`, options.shareType),
  })
  assert.equal(created.statusCode, 201, created.body)
  const { id: resourceId, code: resourceCode } = created.json<{ id: string; code: string }>()
  await setGrades(t, resourceId, GRADES)
  const header = 'xm,sfzh,sjhm,hjdz,qh,nl,hh,bz'
  const lines = Array.from({ length: options.rows ?? ROWS }, (_, k) => {
    const p = person(k + 1)
    return [p.xm, p.sfzh, p.sjhm, p.hjdz, p.qh, p.nl, p.hh, p.bz].join(',')
  })
  const body = multipartCsv('people.csv', `${[header, ...lines].join('\r\n')}\r\n`)
  const up = await t.request({
    method: 'POST',
    url: `/api/v1/catalog/resources/${resourceId}/mount/upload`,
    headers: { ...steward, ...body.headers },
    payload: body.payload,
  })
  assert.equal(up.statusCode, 200, up.body)
  const app = await registerApp(t, admin, consumerOrgId, '网关测试应用')
  const otherApp = await registerApp(t, admin, consumerOrgId, '网关测试应用二')
  const url = (query: string) => `/gw/v1/${encodeURIComponent(resourceCode)}${query ? `?${query}` : ''}`
  return {
    t,
    admin,
    resourceId,
    resourceCode,
    providerOrgId,
    consumerOrgId,
    app,
    otherApp,
    url,
    async grant(values = {}) {
      const id = newId()
      const v = values
      await st(t.db)
        .insertInto('grants')
        .values({
          id,
          requestId: v.requestId === undefined ? newId() : v.requestId,
          appId: v.appId ?? app.appId,
          consumerOrgId,
          consumerRegionCode: '430300',
          resourceId: v.resourceId ?? resourceId,
          resourceCode: v.resourceCode ?? resourceCode,
          providerOrgId,
          providerRegionCode: '430000',
          fields: v.fields ?? ['xm', 'sfzh', 'sjhm', 'hjdz', 'qh', 'nl', 'hh', 'bz'],
          purpose: '高效办成一件事·新生儿出生',
          scenario: null,
          deliveryMode: 'api',
          validFrom: v.validFrom ?? new Date(Date.now() - 3_600_000),
          validUntil: v.validUntil ?? new Date(Date.now() + 30 * 86_400_000),
          rowScope: v.rowScope ? JSON.stringify(v.rowScope) : null,
          quotaPerDay: v.quotaPerDay ?? null,
          ratePerSecond: v.ratePerSecond ?? null,
          status: v.status ?? 'active',
        })
        .execute()
      return id
    },
    get: (path, headers = app.bearer) => t.request({ method: 'GET', url: path, headers }),
    signedHeaders(caller, query, overrides = {}) {
      const timestamp = String(overrides.timestamp ?? Math.floor(Date.now() / 1000))
      const nonce = overrides.nonce ?? randomBytes(12).toString('hex')
      const q = new URLSearchParams(query)
      const sorted = [...q.entries()]
        .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : 1))
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&')
      const signature = signRequest(caller.secret, {
        method: 'GET',
        path: `/gw/v1/${resourceCode}`,
        query: sorted,
        timestamp,
        nonce,
      })
      return {
        'x-shuhui-appkey': caller.clientId,
        'x-shuhui-timestamp': timestamp,
        'x-shuhui-nonce': nonce,
        'x-shuhui-signature': signature,
      }
    },
    close: () => t.close(),
  }
}
