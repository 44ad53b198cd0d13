import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import type { PortalDeps } from '../deps.ts'
import { portalError } from '../errors.ts'
import { demandStats, getPublicDemand, listDemandInbox, listPublicDemands } from './listing.ts'
import { createDemand, replyDemand } from './service.ts'

const TAGS = ['portal']
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

const Demand = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Nullable(Type.String()),
  orgId: Type.String(),
  orgName: Type.String(),
  regionCode: Type.String(),
  askerName: Type.String(),
  status: Type.String(),
  createdOn: Type.String(),
  replyDue: Type.String({ description: '答复期限（工作日计）' }),
  overdue: Type.Boolean(),
  reply: Nullable(Type.String()),
  repliedOn: Nullable(Type.String()),
  repliedOnTime: Nullable(Type.Boolean()),
})

const DemandQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    status: Type.Optional(Type.Enum(['pending', 'replied'])),
    overdue: Type.Optional(Type.Boolean()),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  }),
])

const DemandCreate = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  category: Type.Optional(Type.String({ maxLength: 50 })),
  orgId: Type.Optional(Type.String({ format: 'uuid', description: '希望答复的单位；不填由省数据局受理' })),
  askerName: Type.String({ minLength: 1, maxLength: 50, description: '公开显示的称呼' }),
  contact: Type.Optional(Type.String({ maxLength: 100, description: '联系方式（仅存摘要，不公开）' })),
})

const Stats = Type.Object({
  total: Type.Integer(),
  replied: Type.Integer(),
  pending: Type.Integer(),
  overdue: Type.Integer(),
  repliedOnTime: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
  byOrg: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgName: Type.String(),
      total: Type.Integer(),
      replied: Type.Integer(),
      overdue: Type.Integer(),
    }),
  ),
})

export async function demandRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps
  const PUBLIC = { access: 'public' } as const

  app.get(
    '/api/v1/public/demands',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '公众数据需求及答复（公开）',
        security: [],
        querystring: DemandQuery,
        response: { 200: Page(Demand) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listPublicDemands(db, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/public/demands/stats',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '数据需求统计（答复率、按期答复率、各单位情况）',
        security: [],
        response: { 200: Stats },
      },
    },
    async () => demandStats(db),
  )

  app.post(
    '/api/v1/public/demands',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '提交数据需求（无需登录；同一地址每小时、每天限量）',
        security: [],
        body: DemandCreate,
        response: { 201: Demand },
      },
    },
    async (request, reply) => {
      const id = await createDemand(db, config, requestContext(request), request.body)
      const made = await getPublicDemand(db, id)
      if (!made) throw portalError('data_demand.not_found')
      return reply.code(201).send(made)
    },
  )

  app.get(
    '/api/v1/portal/demands',
    {
      schema: {
        tags: TAGS,
        summary: '数据需求收件箱（向本单位提出的需求；数据局可见辖区内全部）',
        querystring: DemandQuery,
        response: { 200: Page(Type.Intersect([Demand, Type.Object({ canReply: Type.Boolean() })])) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listDemandInbox(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.post(
    '/api/v1/portal/demands/:id/reply',
    {
      schema: {
        tags: TAGS,
        summary: '公开答复数据需求（被请求单位的数据专员或管理员；数据局可代为答复）',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ reply: Type.String({ minLength: 1, maxLength: 4000 }) }),
      },
    },
    async (request, reply) => {
      await replyDemand(db, requestContext(request), request.params.id, request.body.reply)
      return reply.code(204).send()
    },
  )
}
