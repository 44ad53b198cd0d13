/**
 * The shared set-up of the quality tests (not itself a test file): a provider (湘潭市公安局) with a steward and
 * an auditor, a consumer steward (湘潭市市场监督管理局), a bureau reviewer of Xiangtan and one of Changsha, and
 * helpers to create a resource with chosen fields and load rows into its datastore table.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { sampleResource } from '../../../../test/support/catalog.ts'
import { listCalendarYears, loadCalendarYear } from '../../../platform/calendar/index.ts'
import { systemContext } from '../../../platform/context.ts'
import type { Engine } from '../../../platform/db/index.ts'

export type Headers = Record<string, string>

export interface FieldDef {
  readonly code: string
  readonly name: string
  readonly dataType?: string
  readonly isKey?: boolean
  readonly length?: number
}

export interface QualityContext {
  t: TestApp
  admin: Headers
  provider: Headers
  providerAuditor: Headers
  consumer: Headers
  reviewer: Headers
  otherReviewer: Headers
  providerOrgId: string
  consumerOrgId: string
  /** Creates a resource of the provider (or `as`) with these fields. */
  resource(name: string, fields: readonly FieldDef[], as?: Headers, publish?: boolean): Promise<string>
  /** Replaces the resource's data with these rows (null = empty cell), by CSV upload. */
  load(
    id: string,
    fields: readonly FieldDef[],
    rows: readonly (readonly (string | null)[])[],
    as?: Headers,
  ): Promise<void>
  close(): Promise<void>
}

/** A multipart/form-data body with one `file` part (what the mount upload route takes). */
function multipartUpload(fileName: string, content: string) {
  const boundary = `----quality${randomBytes(8).toString('hex')}`
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n`),
    Buffer.from('Content-Type: text/csv\r\n\r\n'),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }
}

const cell = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

export async function openQualityContext(engine: Engine): Promise<QualityContext> {
  const t = await createTestApp(engine)
  const next = new Date().getUTCFullYear() + 1
  if (!(await listCalendarYears(t.db)).some((y) => y.year === next))
    await loadCalendarYear(t.db, systemContext('test'), {
      year: next,
      source: '测试用数据（非正式通知，仅周末休息）',
      holidays: [],
      workdays: [],
    })
  const admin = await t.login('admin')
  const pw = 'Quality12345'
  const provider = await t.createUser('q.provider', '湘潭市公安局', ['data_steward'], pw)
  const providerAuditor = await t.createUser('q.auditor', '湘潭市公安局', ['auditor'], pw)
  const consumer = await t.createUser('q.consumer', '湘潭市市场监督管理局', ['data_steward'], pw)
  const reviewer = await t.createUser('q.reviewer', '湘潭市数据局', ['reviewer'], pw)
  const otherReviewer = await t.createUser('q.cs.reviewer', '长沙市数据局', ['reviewer'], pw)
  const providerOrgId = await t.orgId('湘潭市公安局')
  const consumerOrgId = await t.orgId('湘潭市市场监督管理局')
  return {
    t,
    admin,
    provider,
    providerAuditor,
    consumer,
    reviewer,
    otherReviewer,
    providerOrgId,
    consumerOrgId,
    async resource(name, fields, as = provider, publish = true) {
      const payload = {
        ...sampleResource(name),
        fields: fields.map((f) => ({ dataType: 'string', ...f })),
      }
      const res = await t.request({ method: 'POST', url: '/api/v1/catalog/resources', headers: as, payload })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      if (publish) {
        const s = await t.request({
          method: 'POST',
          url: `/api/v1/catalog/resources/${id}/submit`,
          headers: as,
        })
        assert.equal(s.statusCode, 200, s.body)
        const p = await t.request({
          method: 'POST',
          url: `/api/v1/catalog/resources/${id}/publish`,
          headers: admin,
        })
        assert.equal(p.statusCode, 200, p.body)
      }
      return id
    },
    async load(id, fields, rows, as = provider) {
      const text = `${[fields.map((f) => f.code).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`
      const body = multipartUpload('data.csv', text)
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/mount/upload`,
        headers: { ...as, ...body.headers },
        payload: body.payload,
      })
      assert.equal(res.statusCode, 200, res.body)
    },
    close: () => t.close(),
  }
}
