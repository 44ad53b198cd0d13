/**
 * The shared set-up of the share-request tests (not itself a test file): a provider (湘潭市公安局) and a consumer
 * (湘潭市市场监督管理局) with a steward each, the consumer's API app, bureau reviewers of Xiangtan and of
 * Changsha, and helpers to publish resources and make requests.
 */
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../../../../test/support/app.ts'
import { sampleResource } from '../../../../test/support/catalog.ts'
import { listCalendarYears, loadCalendarYear } from '../../../platform/calendar/index.ts'
import { type RequestContext, systemContext } from '../../../platform/context.ts'
import type { Engine } from '../../../platform/db/index.ts'
import { addDays, shanghaiDate } from './deadlines.ts'

export type Headers = Record<string, string>
export type ShareType = 'conditional' | 'unconditional' | 'none'

export interface RequestView {
  id: string
  status: string
  replyDue: string | null
  deliveryDue: string | null
  workingDaysLeft: number | null
  overdue: boolean
  grantId: string | null
  approvedFields: string[] | null
  escalatedAt: string | null
  actions: string[]
  history: { action: string; fromStatus: string | null; toStatus: string; reason: string | null }[]
}

export interface SharingContext {
  t: TestApp
  admin: Headers
  provider: Headers
  consumer: Headers
  /** Steward of a third org in the same region (neither party). */
  outsider: Headers
  reviewer: Headers
  otherReviewer: Headers
  providerOrgId: string
  consumerOrgId: string
  appId: string
  /** A published resource of the provider (or of the steward `as`) with the given share type. */
  resource(shareType?: ShareType, name?: string, as?: Headers): Promise<string>
  /** A valid request body for the resource, with overrides. */
  body(resourceId: string, overrides?: Record<string, unknown>): Record<string, unknown>
  /** POSTs a request as the consumer steward (or `as`) and returns the response. */
  submit(body: Record<string, unknown>, as?: Headers): ReturnType<TestApp['request']>
  /** The service context of a signed-in user, for calling services with a chosen clock. */
  ctxOf(headers: Headers): Promise<RequestContext>
  /** POST /api/v1/share-requests/{id}/{step}. */
  act(
    id: string,
    step: string,
    as: Headers,
    payload?: Record<string, unknown>,
  ): ReturnType<TestApp['request']>
  close(): Promise<void>
}

let counter = 0

export async function openSharingContext(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<SharingContext> {
  const t = await createTestApp(engine, env)
  // Deadlines made near the year's end reach into next year; a run in late December must not depend on the
  // next notice being bundled yet, so a weekends-only stand-in is loaded when it is missing.
  const next = new Date().getUTCFullYear() + 1
  if (!(await listCalendarYears(t.db)).some((y) => y.year === next))
    await loadCalendarYear(t.db, systemContext('test'), {
      year: next,
      source: '测试用数据（非正式通知，仅周末休息）',
      holidays: [],
      workdays: [],
    })
  const admin = await t.login('admin')
  const pw = 'Share12345'
  const provider = await t.createUser('sr.provider', '湘潭市公安局', ['data_steward'], pw)
  const consumer = await t.createUser('sr.consumer', '湘潭市市场监督管理局', ['data_steward'], pw)
  const outsider = await t.createUser('sr.outsider', '湘潭市人力资源和社会保障局', ['data_steward'], pw)
  const reviewer = await t.createUser('sr.reviewer', '湘潭市数据局', ['reviewer'], pw)
  const otherReviewer = await t.createUser('sr.cs.reviewer', '长沙市数据局', ['reviewer'], pw)
  const providerOrgId = await t.orgId('湘潭市公安局')
  const consumerOrgId = await t.orgId('湘潭市市场监督管理局')
  const app = await t.request({
    method: 'POST',
    url: '/api/v1/apps',
    headers: admin,
    payload: { orgId: consumerOrgId, name: '企业开办一件事' },
  })
  assert.equal(app.statusCode, 201, app.body)
  const appId = app.json<{ app: { id: string } }>().app.id

  return {
    t,
    admin,
    provider,
    consumer,
    outsider,
    reviewer,
    otherReviewer,
    providerOrgId,
    consumerOrgId,
    appId,
    async resource(shareType = 'conditional', name, as = provider) {
      const base = sampleResource(name ?? `户籍人口${++counter}`)
      const payload = {
        ...base,
        shareType,
        shareCondition: shareType === 'unconditional' ? null : base.shareCondition,
        fields: [...base.fields, { name: '户籍地区划代码', code: 'qhdm', dataType: 'string', length: 6 }],
      }
      const res = await t.request({ method: 'POST', url: '/api/v1/catalog/resources', headers: as, payload })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<{ id: string }>().id
      const submit = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/submit`,
        headers: as,
      })
      assert.equal(submit.statusCode, 200, submit.body)
      const pub = await t.request({
        method: 'POST',
        url: `/api/v1/catalog/resources/${id}/publish`,
        headers: admin,
      })
      assert.equal(pub.statusCode, 200, pub.body)
      return id
    },
    body(resourceId, overrides = {}) {
      const today = shanghaiDate(new Date())
      return {
        resourceId,
        appId,
        fields: ['xm', 'sfzh'],
        purpose: '企业开办身份核验',
        scenario: '高效办成一件事·企业开办',
        legalBasis: '《优化营商环境条例》',
        deliveryMode: 'api',
        periodStart: today,
        periodEnd: addDays(today, 365),
        ...overrides,
      }
    },
    submit(body, as = consumer) {
      return t.request({ method: 'POST', url: '/api/v1/share-requests', headers: as, payload: body })
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
        ip: null,
        lang: 'zh-CN',
      }
    },
    act(id, step, as, payload = {}) {
      return t.request({ method: 'POST', url: `/api/v1/share-requests/${id}/${step}`, headers: as, payload })
    },
    close: () => t.close(),
  }
}
