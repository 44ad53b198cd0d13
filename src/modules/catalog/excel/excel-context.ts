import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import type { Engine } from '../../../platform/db/index.ts'
import { multipartBody } from './samples.ts'

export interface Report {
  created: number
  updated: number
  skipped: number
  rejected: boolean
  problems: { sheet: string; row: number; column: string | null; header: string | null; message: string }[]
  resources: { row: number; id: string | null; code: string | null; name: string; action: string }[]
}
export interface Problem {
  code: string
  status: number
  report?: Report
  detail?: string
}
export interface Detail {
  id: string
  code: string
  name: string
  status: string
  summary: string
  fields: { code: string; name: string; dataType: string; length: number | null; isKey: boolean }[]
  [k: string]: unknown
}

export interface ExcelContext {
  t: TestApp
  admin: Record<string, string>
  steward: Record<string, string>
  reviewer: Record<string, string>
  orgId: string
  upload(bytes: Buffer, query?: string, headers?: Record<string, string>): ReturnType<TestApp['request']>
  list(q: string): Promise<{ total: number; items: Detail[] }>
  detail(id: string): Promise<Detail>
  close(): Promise<void>
}

export async function openExcelContext(engine: Engine): Promise<ExcelContext> {
  const t = await createTestApp(engine)
  const admin = await t.login('admin')
  const user = (username: string, org: string, roles: string[]) =>
    t.createUser(username, org, roles, 'Catalog123')
  const steward = await user('x.steward', '湘潭市公安局', ['data_steward'])
  const reviewer = await user('x.reviewer', '湘潭市数据局', ['reviewer'])
  const orgId = await t.orgId('湘潭市公安局')
  return {
    t,
    admin,
    steward,
    reviewer,
    orgId,
    upload(bytes, query = '', headers = steward) {
      const body = multipartBody(bytes)
      return t.request({
        method: 'POST',
        url: `/api/v1/catalog/import${query}`,
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      })
    },
    async list(q) {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/catalog/resources?pageSize=100&q=${encodeURIComponent(q)}`,
        headers: steward,
      })
      return res.json<{ total: number; items: Detail[] }>()
    },
    async detail(id) {
      const res = await t.request({ method: 'GET', url: `/api/v1/catalog/resources/${id}`, headers: steward })
      return res.json<Detail>()
    },
    close: () => t.close(),
  }
}
