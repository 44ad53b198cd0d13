/**
 * The shared set-up of the portal tests (not itself a test file): a provider department (湘潭市公安局) with a
 * data steward, published resources of each open type with hosted data (public parking lots: a name, a district,
 * a phone number and an address that must be masked, a core-graded note that must be redacted, and a count of
 * spaces), developer sign-up helpers, and the working calendar of next year.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { listCalendarYears, loadCalendarYear } from '../../platform/calendar/index.ts'
import { type RequestContext, systemContext } from '../../platform/context.ts'
import type { Engine } from '../../platform/db/index.ts'
import type { Developer } from './developers/accounts.ts'

export type Headers = Record<string, string>
export type OpenType = 'open' | 'conditional' | 'closed'

export const PROVIDER = '湘潭市公安局'
export const DISTRICTS = ['雨湖区', '岳塘区', '湘潭县'] as const

export function parkingLot(i: number) {
  const qx = DISTRICTS[i % DISTRICTS.length] ?? '雨湖区'
  return {
    mc: `第${i}停车场`,
    qx,
    cws: 50 + i,
    lxdh: `1390731${String(i).padStart(4, '0')}`,
    dz: `湖南省湘潭市${qx}建设路${i}号`,
    bz: `内部备注${i}`,
  }
}

export function multipartCsv(fileName: string, content: string) {
  const boundary = `----portal${randomBytes(8).toString('hex')}`
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

export interface PublishedResource {
  id: string
  code: string
  name: string
}

export interface PortalContext {
  t: TestApp
  admin: Headers
  steward: Headers
  providerOrgId: string
  /** A published resource of the provider with hosted rows (or none when rows = 0). */
  resource(
    openType: OpenType,
    options?: { name?: string; rows?: number; publish?: boolean },
  ): Promise<PublishedResource>
  /** Submits and publishes a resource made with `publish: false` (after mounting it, say). */
  publish(id: string): Promise<void>
  /** Registers and signs in a developer; returns its bearer header. */
  developer(account?: string): Promise<Headers>
  /** Creates an API key for the developer and returns it. */
  apiKey(developer: Headers): Promise<string>
  /** The developer behind a bearer header, for calling services directly. */
  developerOf(developer: Headers): Promise<Developer>
  /** The service context of a signed-in staff user, for calling services with a chosen clock. */
  ctxOf(headers: Headers): Promise<RequestContext>
  close(): Promise<void>
}

let counter = 0

export async function openPortalContext(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<PortalContext> {
  const t = await createTestApp(engine, env)
  const next = new Date().getUTCFullYear() + 1
  if (!(await listCalendarYears(t.db)).some((y) => y.year === next))
    await loadCalendarYear(t.db, systemContext('test'), {
      year: next,
      source: '测试用数据（非正式通知，仅周末休息）',
      holidays: [],
      workdays: [],
    })
  const admin = await t.login('admin')
  const steward = await t.createUser('portal.steward', PROVIDER, ['data_steward'], 'Portal1234')
  const providerOrgId = await t.orgId(PROVIDER)

  async function resource(
    openType: OpenType,
    options: { name?: string; rows?: number; publish?: boolean } = {},
  ): Promise<PublishedResource> {
    const name = options.name ?? `公共停车场信息${++counter}`
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/catalog/resources',
      headers: steward,
      payload: {
        name,
        summary: '全市公共停车场名称、所在区县、车位数与联系方式。',
        category: 'department',
        classCode: '301001',
        className: '部门信息资源/交通/停车',
        format: 'database',
        shareType: 'unconditional',
        openType,
        openCondition: openType === 'conditional' ? '用于交通研究，须签署开放协议' : null,
        updateFrequency: 'monthly',
        fields: [
          { name: '停车场名称', code: 'mc', dataType: 'string', length: 100 },
          { name: '所在区县', code: 'qx', dataType: 'string', length: 20 },
          { name: '车位数', code: 'cws', dataType: 'integer' },
          { name: '联系电话', code: 'lxdh', dataType: 'string', length: 20 },
          { name: '地址', code: 'dz', dataType: 'string', length: 200 },
          { name: '备注', code: 'bz', dataType: 'string', length: 200 },
        ],
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const { id, code } = created.json<{ id: string; code: string }>()
    await sql`update resource_fields set grade = 'core' where resource_id = ${id} and code = 'bz'`.execute(
      t.db,
    )
    const rows = options.rows ?? 30
    if (rows > 0) {
      const lines = Array.from({ length: rows }, (_, k) => {
        const p = parkingLot(k + 1)
        return [p.mc, p.qx, p.cws, p.lxdh, p.dz, p.bz].join(',')
      })
      const body = multipartCsv('parking.csv', `${['mc,qx,cws,lxdh,dz,bz', ...lines].join('\r\n')}\r\n`)
      const up = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload`,
        headers: { ...steward, ...body.headers },
        payload: body.payload,
      })
      assert.equal(up.statusCode, 200, up.body)
    }
    if (options.publish !== false) await publish(id)
    return { id, code, name }
  }

  async function publish(id: string) {
    const submit = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/resources/${id}/submit`,
      headers: steward,
    })
    assert.equal(submit.statusCode, 200, submit.body)
    const pub = await t.request({
      method: 'POST',
      url: `/api/v1/catalog/resources/${id}/publish`,
      headers: admin,
    })
    assert.equal(pub.statusCode, 200, pub.body)
  }

  async function developer(account = `dev${++counter}.${randomBytes(3).toString('hex')}@example.com`) {
    const password = 'Developer123'
    const reg = await t.request({
      method: 'POST',
      url: '/api/v1/public/developers',
      payload: { account, password, displayName: `开发者${counter}` },
    })
    assert.equal(reg.statusCode, 201, reg.body)
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/public/developers/login',
      payload: { account, password },
    })
    assert.equal(login.statusCode, 200, login.body)
    return { authorization: `Bearer ${login.json<{ token: string }>().token}` }
  }

  async function apiKey(dev: Headers) {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/public/developers/me/keys',
      headers: dev,
      payload: { name: '测试密钥' },
    })
    assert.equal(res.statusCode, 201, res.body)
    return res.json<{ key: string }>().key
  }

  async function developerOf(dev: Headers): Promise<Developer> {
    const me = await t.request({ method: 'GET', url: '/api/v1/public/developers/me', headers: dev })
    assert.equal(me.statusCode, 200, me.body)
    return me.json<Developer>()
  }

  async function ctxOf(headers: Headers): Promise<RequestContext> {
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
      ip: null,
      lang: 'zh-CN',
    }
  }

  return {
    t,
    admin,
    steward,
    providerOrgId,
    resource,
    publish,
    developer,
    apiKey,
    developerOf,
    ctxOf,
    close: () => t.close(),
  }
}
