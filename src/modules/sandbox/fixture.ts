/**
 * Test set-up of the sandbox tests (not itself a test): a population resource of 湘潭市公安局 hosted in the
 * datastore with 60 people in four districts (27, 27, 3 and 3 people), an operator org with a staff member, and
 * a scope over the resource.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import type { Engine } from '../../platform/db/index.ts'

export const DISTRICTS = ['430302', '430102', '430203', '430304'] as const
export const ROWS = 60

export function person(i: number) {
  const qh = i < 27 ? DISTRICTS[0] : i < 54 ? DISTRICTS[1] : i < 57 ? DISTRICTS[2] : DISTRICTS[3]
  return {
    sfzh: `${qh}1990${String((i % 12) + 1).padStart(2, '0')}01${String(i).padStart(3, '0')}X`,
    xm: `测试${String.fromCharCode(0x4e00 + i)}`,
    qh,
    xb: i % 2 ? '男' : '女',
    nl: 20 + (i % 40),
    sr: (3000.5 + i * 10).toFixed(2),
  }
}

export const FIELDS = [
  { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
  { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
  { name: '行政区划', code: 'qh', dataType: 'string', length: 6 },
  { name: '性别', code: 'xb', dataType: 'string', length: 2 },
  { name: '年龄', code: 'nl', dataType: 'integer' },
  { name: '月收入', code: 'sr', dataType: 'decimal', length: 12 },
]

export function csvOf(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const p = person(i)
    return [p.sfzh, p.xm, p.qh, p.xb, p.nl, p.sr].join(',')
  })
  return `${['sfzh,xm,qh,xb,nl,sr', ...lines].join('\r\n')}\r\n`
}

function multipart(content: string) {
  const boundary = `----shuhui${randomBytes(8).toString('hex')}`
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  }
}

/** Creates a population resource through the catalog API, with no data mounted yet. */
export async function populationResource(
  t: TestApp,
  steward: Record<string, string>,
  options: { name?: string; operable?: boolean } = {},
): Promise<{ id: string; code: string }> {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/catalog/resources',
    headers: steward,
    payload: {
      name: options.name ?? `沙箱人口-${randomBytes(3).toString('hex')}`,
      summary: '人口基本信息，供沙箱与授权运营测试。',
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
    },
  })
  assert.equal(created.statusCode, 201, created.body)
  return created.json<{ id: string; code: string }>()
}

/** Creates a resource through the catalog API and loads `rows` people (or the given CSV) into its datastore table. */
export async function hostedResource(
  t: TestApp,
  steward: Record<string, string>,
  options: { name?: string; operable?: boolean; rows?: number; csv?: string } = {},
): Promise<{ id: string; code: string }> {
  const { id, code } = await populationResource(t, steward, options)
  const body = multipart(options.csv ?? csvOf(options.rows ?? ROWS))
  const up = await t.request({
    method: 'POST',
    url: `/api/v1/catalog/resources/${id}/mount/upload`,
    headers: { ...steward, ...body.headers },
    payload: body.payload,
  })
  assert.equal(up.statusCode, 200, up.body)
  return { id, code }
}

export interface SandboxFixture {
  t: TestApp
  admin: Record<string, string>
  steward: Record<string, string>
  operator: Record<string, string>
  operatorOrgId: string
  bureauOrgId: string
  resource: { id: string; code: string }
  close(): Promise<void>
}

export async function openSandboxFixture(engine: Engine): Promise<SandboxFixture> {
  const t = await createTestApp(engine)
  const admin = await t.login('admin')
  const steward = await t.createUser('sb.steward', '湘潭市公安局', ['data_steward'], 'Sandbox123')
  const org = await t.request({
    method: 'POST',
    url: '/api/v1/orgs',
    headers: admin,
    payload: { name: '湘潭数据运营有限公司', type: 'operator', regionCode: '430300' },
  })
  assert.equal(org.statusCode, 201, org.body)
  const operatorOrgId = org.json<{ id: string }>().id
  const operator = await t.createUser('sb.operator', '湘潭数据运营有限公司', ['operator_staff'], 'Sandbox123')
  const resource = await hostedResource(t, steward)
  return {
    t,
    admin,
    steward,
    operator,
    operatorOrgId,
    bureauOrgId: await t.orgId('湘潭市数据局'),
    resource,
    close: () => t.close(),
  }
}
