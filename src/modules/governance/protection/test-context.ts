/**
 * Set-up of the protection tests (not itself a test file): a provincial resource of 湖南省公安厅 mounted in the
 * datastore with personal data, its steward, a Xiangtan consumer org (湘潭市市场监督管理局) with its admin and
 * an API app, and the seeded province bureau admin. Grants are inserted directly (sharing's request flow is not
 * what these tests are about).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import type { Engine } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { idNumberCheckChar } from '../../../platform/validators/index.ts'

export type Headers = Record<string, string>
export const PROVIDER = '湖南省公安厅'
export const CONSUMER = '湘潭市市场监督管理局'

/** Fields whose names say nothing: discovery must find the ID numbers and phones from the values. */
export const FIELDS = [
  { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
  { name: '证件', code: 'c7', dataType: 'string', length: 18, isKey: true },
  { name: '联系方式', code: 'lx', dataType: 'string', length: 20 },
  { name: '银行账户', code: 'acct', dataType: 'string', length: 30 },
  { name: '住址', code: 'zz', dataType: 'string', length: 200 },
  { name: '年龄', code: 'nl', dataType: 'integer' },
  { name: '备注', code: 'bz', dataType: 'string', length: 100 },
]

export function idNumber(i: number): string {
  const first17 = `43030219${String(70 + (i % 30)).padStart(2, '0')}0${(i % 9) + 1}1${String(i % 10)}${String(100 + i).slice(-3)}`
  return first17 + idNumberCheckChar(first17)
}

export function luhnComplete(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = `${prefix}${d}`
    let sum = 0
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i])
      if (i % 2 === 1) {
        x *= 2
        if (x > 9) x -= 9
      }
      sum += x
    }
    if (sum % 10 === 0) return s
  }
  return `${prefix}0`
}

export function personRow(i: number) {
  const surnames = '王李张刘陈杨黄赵吴周'
  return {
    xm: `${surnames[i % 10]}${'伟芳娜敏静丽强磊军洋'[(i * 3) % 10]}${i % 3 ? '华' : ''}`,
    c7: idNumber(i),
    lx: `139${String(10_000_000 + i * 7919).slice(-8)}`,
    acct: luhnComplete(`622202${String(1_000_000_000 + i * 104_729).slice(-12)}`),
    zz: `湖南省湘潭市雨湖区人民路${i}号${(i % 5) + 1}栋`,
    nl: 20 + (i % 50),
    bz: `内部备注${i}`,
  }
}

export const ROWS = 40

function csvOf(rows: Record<string, string | number>[]): string {
  const header = FIELDS.map((f) => f.code).join(',')
  return `${[header, ...rows.map((r) => FIELDS.map((f) => String(r[f.code])).join(','))].join('\r\n')}\r\n`
}

export function multipart(fileName: string, content: string) {
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

export interface ProtectionContext {
  t: TestApp
  admin: Headers
  steward: Headers
  consumerAdmin: Headers
  /** Steward of another org (neither party). */
  outsider: Headers
  providerOrgId: string
  consumerOrgId: string
  resourceId: string
  resourceCode: string
  appId: string
  appBearer: Headers
  /** Creates (and mounts, with rows) another resource of the provider. */
  resource(name?: string, mount?: boolean): Promise<{ id: string; code: string }>
  grant(values?: {
    requestId?: string | null
    validFrom?: Date
    validUntil?: Date
    status?: string
    deliveryMode?: 'api' | 'batch'
  }): Promise<string>
  close(): Promise<void>
}

export async function openProtection(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<ProtectionContext> {
  const t = await createTestApp(engine, env)
  const admin = await t.login('admin')
  const steward = await t.createUser('prot.steward', PROVIDER, ['data_steward'], 'Protect123')
  const consumerAdmin = await t.createUser('prot.consumer', CONSUMER, ['org_admin'], 'Protect123')
  const outsider = await t.createUser('prot.outsider', '湘潭市公安局', ['data_steward'], 'Protect123')
  const providerOrgId = await t.orgId(PROVIDER)
  const consumerOrgId = await t.orgId(CONSUMER)

  async function resource(name = `人口敏感测试-${randomBytes(3).toString('hex')}`, mount = true) {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/resources',
      headers: steward,
      payload: {
        name,
        summary: '含个人信息的测试资源，用于分级、识别、脱敏和预警测试。',
        category: 'base',
        classCode: '101001',
        className: '基础信息资源/人口/户籍',
        format: 'database',
        shareType: 'conditional',
        shareCondition: '用于政务服务身份核验',
        shareMethod: '共享平台',
        openType: 'closed',
        updateFrequency: 'daily',
        fields: FIELDS,
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const r = created.json<{ id: string; code: string }>()
    if (mount) {
      const body = multipart('people.csv', csvOf(Array.from({ length: ROWS }, (_, i) => personRow(i + 1))))
      const up = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${r.id}/mount/upload`,
        headers: { ...steward, ...body.headers },
        payload: body.payload,
      })
      assert.equal(up.statusCode, 200, up.body)
    }
    return r
  }

  const main = await resource()
  const reg = await t.request({
    method: 'POST',
    url: '/api/v1/apps',
    headers: admin,
    payload: { orgId: consumerOrgId, name: '预警测试应用' },
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
    t,
    admin,
    steward,
    consumerAdmin,
    outsider,
    providerOrgId,
    consumerOrgId,
    resourceId: main.id,
    resourceCode: main.code,
    appId: app.id,
    appBearer: { authorization: `Bearer ${tok.json<{ access_token: string }>().access_token}` },
    resource,
    async grant(values = {}) {
      const id = newId()
      await sql`insert into grants (id, request_id, app_id, consumer_org_id, consumer_region_code, resource_id,
          resource_code, provider_org_id, provider_region_code, fields, purpose, delivery_mode, valid_from,
          valid_until, status)
        values (${id}, ${values.requestId === undefined ? newId() : values.requestId}, ${app.id}, ${consumerOrgId},
          '430300', ${main.id}, ${main.code}, ${providerOrgId}, '430000',
          ${sql.raw(`array[${FIELDS.map((f) => `'${f.code}'`).join(',')}]`)}, '身份核验', ${values.deliveryMode ?? 'api'},
          ${values.validFrom ?? new Date(Date.now() - 3_600_000)}, ${values.validUntil ?? new Date(Date.now() + 30 * 86_400_000)},
          ${values.status ?? 'active'})`.execute(t.db)
      return id
    },
    close: () => t.close(),
  }
}
