import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import type { PortalDeps } from '../deps.ts'
import { getMirror, listMirrors, requestRefresh } from './mirror-console.ts'

const TAGS = ['portal']
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])
const STATUSES = ['pending', 'running', 'ready', 'failed', 'too_large'] as const

const Mirror = Type.Object({
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  status: Type.Enum(STATUSES, {
    description:
      'pending 排队，running 复制中，ready 就绪，failed 失败（保留上一份副本），too_large 超过上限',
  }),
  rows: Nullable(Type.Integer({ description: '当前提供的副本行数' })),
  sourceRows: Nullable(Type.Integer({ description: '最近一次刷新时源表行数' })),
  rowsCopied: Type.Integer(),
  rowsSkipped: Type.Integer({ description: '与信息项类型不符、未复制的行数' }),
  progress: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  sourceDigest: Nullable(Type.String({ description: '源数据 SM3 摘要（小表）' })),
  refreshedAt: Nullable(Type.String({ description: '当前副本读取源数据的时间' })),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  canRefresh: Type.Boolean(),
})

const MirrorQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    status: Type.Optional(Type.Enum(STATUSES)),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  }),
])

const ResourceIdParams = Type.Object(
  { resourceId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)

/** Console routes of open-data mirrors (开放数据镜像). */
export async function mirrorRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps
  app.get(
    '/api/v1/portal/mirrors',
    {
      schema: {
        tags: TAGS,
        summary: '开放数据镜像列表（本单位资源；数据局可见辖区内全部）',
        querystring: MirrorQuery,
        response: { 200: Page(Mirror) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listMirrors(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )
  app.get(
    '/api/v1/portal/mirrors/:resourceId',
    {
      schema: {
        tags: TAGS,
        summary: '一个开放数据镜像的状态与刷新进度',
        params: ResourceIdParams,
        response: { 200: Mirror },
      },
    },
    async (request) => getMirror(db, request.actor, request.params.resourceId),
  )
  app.post(
    '/api/v1/portal/mirrors/:resourceId/refresh',
    {
      schema: {
        tags: TAGS,
        summary: '立即刷新开放数据镜像（后台复制外部库数据，返回进度）',
        description:
          '提供单位的数据管理员、单位管理员或辖区数据局管理员可刷新。已在排队或复制中时不重复排队（queued 为 false）。',
        params: ResourceIdParams,
        response: { 202: Type.Intersect([Mirror, Type.Object({ queued: Type.Boolean() })]) },
      },
    },
    async (request, reply) => {
      const view = await requestRefresh(db, config, requestContext(request), request.params.resourceId)
      return reply.code(202).send(view)
    },
  )
}
