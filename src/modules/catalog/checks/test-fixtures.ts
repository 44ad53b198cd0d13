/** Shared setup of the checks, ledger and DCAT tests: users by role, resources through the API. */
import assert from 'node:assert/strict'
import type { TestApp } from '../../../../test/support/app.ts'

export type Headers = Record<string, string>

export interface ResourceBody {
  name: string
  [key: string]: unknown
}

export const resourceBody = (name: string, extra: Record<string, unknown> = {}): ResourceBody => ({
  name,
  summary: `${name}：测试用数据资源摘要，说明数据范围和用途。`,
  category: 'base',
  classCode: '101001',
  className: '基础信息资源/人口/户籍',
  format: 'database',
  shareType: 'conditional',
  shareCondition: '用于政务服务身份核验，须说明用途',
  shareMethod: '共享平台',
  openType: 'closed',
  updateFrequency: 'daily',
  fields: [
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    { name: '出生日期', code: 'csrq', dataType: 'date' },
  ],
  ...extra,
})

export interface Fixture {
  admin: Headers
  orgId(name: string): Promise<string>
  user(username: string, org: string, roles: string[]): Promise<Headers>
  create(headers: Headers, body: ResourceBody): Promise<{ id: string; code: string }>
  publish(id: string, steward: Headers, reviewer: Headers): Promise<void>
}

export async function fixture(t: TestApp): Promise<Fixture> {
  const admin = await t.login('admin')
  const ids = new Map<string, string>()
  const orgId = async (name: string) => {
    const known = ids.get(name)
    if (known) return known
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/orgs?q=${encodeURIComponent(name)}`,
      headers: admin,
    })
    const id = res.json<{ items: { id: string; name: string }[] }>().items.find((o) => o.name === name)?.id
    assert.ok(id, name)
    ids.set(name, id)
    return id
  }
  return {
    admin,
    orgId,
    async user(username, org, roles) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { username, displayName: username, orgId: await orgId(org), roles, password: 'Checks1234' },
      })
      assert.equal(res.statusCode, 201, res.body)
      return t.login(username, 'Checks1234')
    },
    async create(headers, body) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/catalog/resources',
        headers,
        payload: body,
      })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<{ id: string; code: string }>()
    },
    async publish(id, steward, reviewer) {
      const url = `/api/v1/catalog/resources/${id}`
      const s = await t.request({ method: 'POST', url: `${url}/submit`, headers: steward })
      assert.equal(s.statusCode, 200, s.body)
      const p = await t.request({ method: 'POST', url: `${url}/publish`, headers: reviewer })
      assert.equal(p.statusCode, 200, p.body)
    },
  }
}
