import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import { activeOrgApps, hasRole } from '../../identity/index.ts'
import type { SharingDeps } from '../deps.ts'
import { channelRoutes } from './channel-routes.ts'
import { createShareRequest } from './create.ts'
import { actOnRequest } from './decide.ts'
import { grantRoutes } from './grant-routes.ts'
import { getRequest, listRequests } from './listing.ts'
import {
  ApproveBody,
  ArbitrateBody,
  ReasonBody,
  RequestStatus,
  ShareRequest,
  ShareRequestCreate,
  ShareRequestDetail,
  Uuid,
} from './schemas.ts'
import { statsRoutes } from './stats-routes.ts'

const IdParams = Type.Object({ id: Uuid })
const TAGS = ['sharing']

export const RequestListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    box: Type.Optional(
      Type.Enum(['mine', 'inbox', 'arbitration', 'region'], {
        description:
          'mine 本单位提出的申请（默认），inbox 向本单位提出的申请（待审核），arbitration 数据局待裁决（申诉与超期升级），region 数据局辖区内全部',
      }),
    ),
    status: Type.Optional(RequestStatus),
    overdue: Type.Optional(Type.Boolean({ description: 'true 仅看已超期的待审核申请' })),
    escalated: Type.Optional(Type.Boolean({ description: 'true 仅看已升级至数据局的申请' })),
    resourceId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    sort: Type.Optional(
      Type.Enum(['created', 'due', 'updated'], {
        description: 'created 最新提交（默认），due 答复期限最近，updated 最近变动',
      }),
    ),
  }),
])

/** Share requests (共享申请), grants, statistics and the point-to-point channel registry. */
export async function requestsRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/sharing/apps',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '本单位可用于共享申请的 API 应用（仅启用的；数据专员也可查看，不含密钥）',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), clientId: Type.String() })),
          }),
        },
      },
    },
    async (request) => {
      const actor = request.actor
      if (actor.kind !== 'user' || !(hasRole(actor, 'data_steward') || hasRole(actor, 'org_admin')))
        return { items: [] }
      return { items: await activeOrgApps(db, actor.orgId) }
    },
  )

  app.get(
    '/api/v1/share-requests',
    {
      schema: {
        tags: TAGS,
        summary: '共享申请列表（本单位申请 / 审核收件箱 / 数据局裁决；超期标记与工作日倒计时）',
        querystring: RequestListQuery,
        response: { 200: Page(ShareRequest) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listRequests(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.post(
    '/api/v1/share-requests',
    {
      schema: {
        tags: TAGS,
        summary: '提出共享申请（无条件共享立即授权；有条件共享进入提供方审核，按工作日计答复期限）',
        body: ShareRequestCreate,
        response: { 201: ShareRequestDetail },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const id = await createShareRequest(db, config, ctx, request.body)
      return reply.code(201).send(await getRequest(db, ctx, id))
    },
  )

  app.get(
    '/api/v1/share-requests/:id',
    {
      schema: {
        tags: TAGS,
        summary: '共享申请详情（含办理历史、工作日倒计时与可执行操作）',
        params: IdParams,
        response: { 200: ShareRequestDetail },
      },
    },
    async (request) => getRequest(db, requestContext(request), request.params.id),
  )

  app.post(
    '/api/v1/share-requests/:id/approve',
    {
      schema: {
        tags: TAGS,
        summary: '提供方同意（可少于申请的信息项、短于申请的期限，可设每日配额与速率）并生成授权',
        params: IdParams,
        body: ApproveBody,
        response: { 200: ShareRequestDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      await actOnRequest(db, config, ctx, request.params.id, { action: 'approve', body: request.body })
      return getRequest(db, ctx, request.params.id)
    },
  )

  const withReason = [
    ['reject', '提供方不同意（须说明理由）'],
    ['dispute', '申请方对不同意提出申诉，提交数据局裁决（须说明理由）'],
  ] as const
  for (const [action, summary] of withReason) {
    app.post(
      `/api/v1/share-requests/:id/${action}`,
      {
        schema: {
          tags: TAGS,
          summary,
          params: IdParams,
          body: ReasonBody,
          response: { 200: ShareRequestDetail },
        },
      },
      async (request) => {
        const ctx = requestContext(request)
        await actOnRequest(db, config, ctx, request.params.id, { action, reason: request.body.reason })
        return getRequest(db, ctx, request.params.id)
      },
    )
  }

  app.post(
    '/api/v1/share-requests/:id/withdraw',
    {
      schema: {
        tags: TAGS,
        summary: '申请方撤回待审核的申请',
        params: IdParams,
        response: { 200: ShareRequestDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      await actOnRequest(db, config, ctx, request.params.id, { action: 'withdraw' })
      return getRequest(db, ctx, request.params.id)
    },
  )

  app.post(
    '/api/v1/share-requests/:id/arbitrate',
    {
      schema: {
        tags: TAGS,
        summary: '数据局裁决申诉或超期未答复的申请（同意则按申请授权；须说明理由）',
        params: IdParams,
        body: ArbitrateBody,
        response: { 200: ShareRequestDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      await actOnRequest(db, config, ctx, request.params.id, { action: 'arbitrate', body: request.body })
      return getRequest(db, ctx, request.params.id)
    },
  )

  await grantRoutes(app, deps)
  await statsRoutes(app, deps)
  await channelRoutes(app, deps)
}
