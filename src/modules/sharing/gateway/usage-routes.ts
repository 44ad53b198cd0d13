import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'
import type { Gateway } from './gateway.ts'
import { listCalls, traceCalls, usageSummary } from './usage.ts'

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '北京时间日期 YYYY-MM-DD' })
const Uuid = Type.String({ format: 'uuid' })

const UsageFilters = {
  side: Type.Optional(
    Type.Enum(['provider', 'consumer', 'all'], {
      description: 'provider = 本单位数据被谁调用；consumer = 本单位应用的调用；all（默认）= 两者',
    }),
  ),
  resourceId: Type.Optional(Uuid),
  appId: Type.Optional(Uuid),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
}

const Counted = { calls: Type.Integer(), denied: Type.Integer({ description: '4xx/5xx 调用数' }) }

const UsageSummary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object({ ...Counted, rows: Type.Integer() }),
  daily: Type.Array(
    Type.Object({ day: Type.String(), ...Counted, rows: Type.Integer(), avgLatencyMs: Type.Number() }),
  ),
  byStatus: Type.Array(Type.Object({ status: Type.Integer(), calls: Type.Integer() })),
  byApp: Type.Array(
    Type.Object({
      appId: Type.String(),
      appName: Type.String(),
      orgId: Type.String(),
      orgName: Type.String(),
      ...Counted,
    }),
  ),
  byResource: Type.Array(
    Type.Object({
      resourceId: Type.String(),
      resourceCode: Type.String(),
      resourceName: Type.String(),
      orgId: Type.String(),
      orgName: Type.String(),
      ...Counted,
    }),
  ),
})

const Nullable = (s: ReturnType<typeof Type.String>) => Type.Union([s, Type.Null()])

const Call = Type.Object({
  id: Type.String(),
  calledAt: Type.String(),
  authMethod: Type.String(),
  appId: Nullable(Type.String()),
  clientId: Nullable(Type.String()),
  consumerOrgId: Nullable(Type.String()),
  consumerOrgName: Nullable(Type.String()),
  resourceId: Nullable(Type.String()),
  resourceCode: Nullable(Type.String()),
  providerOrgId: Nullable(Type.String()),
  providerOrgName: Nullable(Type.String()),
  grantId: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  fields: Type.Array(Type.String()),
  filterFields: Type.Array(Type.String()),
  rowsReturned: Type.Integer(),
  status: Type.Integer(),
  errorCode: Nullable(Type.String()),
  latencyMs: Type.Number(),
})

export async function usageRoutes(app: AppInstance, deps: SharingDeps, gateway: Gateway): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/sharing/usage',
    {
      schema: {
        tags: ['gateway'],
        summary:
          '数据网关调用统计：按日、按应用、按资源、按状态（提供方看谁用了本单位数据，使用方看本单位调用）',
        querystring: Type.Object(UsageFilters, { additionalProperties: false }),
        response: { 200: UsageSummary },
      },
    },
    async (request) => usageSummary(db, request.actor, request.query),
  )

  app.get(
    '/api/v1/sharing/usage/calls',
    {
      schema: {
        tags: ['gateway'],
        summary: '数据网关调用明细（最近的在前）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            ...UsageFilters,
            status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
          }),
        ]),
        response: { 200: Page(Call) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listCalls(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/sharing/trace',
    {
      schema: {
        tags: ['gateway'],
        summary:
          '数据溯源（审计员）：哪些调用查询或返回了某主键取值（如公民身份号码）对应的记录；查询本身记入审计',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            value: Type.String({
              minLength: 1,
              maxLength: 200,
              description: '主键取值，按服务端密钥散列后比对',
            }),
            keyField: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
          }),
        ]),
        response: { 200: Page(Call) },
      },
    },
    async (request) => {
      const { page, pageSize, value, ...query } = request.query
      return traceCalls(
        db,
        requestContext(request),
        gateway.hash(value),
        query,
        pageWindow({ page, pageSize }),
      )
    },
  )
}
