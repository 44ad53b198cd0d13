import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'
import { changeGrant, getGrant, listGrants } from './grants.ts'
import { Grant, GrantStatusView, Reason, Uuid } from './schemas.ts'

const IdParams = Type.Object({ id: Uuid })
const TAGS = ['sharing']

export const GrantListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    side: Type.Optional(
      Type.Enum(['consumer', 'provider', 'region'], {
        description:
          'consumer 本单位获得的授权，provider 本单位资源的授权，region 数据局辖区；不填为全部可见',
      }),
    ),
    status: Type.Optional(GrantStatusView),
    resourceId: Type.Optional(Uuid),
    appId: Type.Optional(Uuid),
    requestId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  }),
])

export async function grantRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/grants',
    {
      schema: {
        tags: TAGS,
        summary: '共享授权列表（使用方看本单位的，提供方看本单位资源的，数据局看辖区的）',
        querystring: GrantListQuery,
        response: { 200: Page(Grant) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listGrants(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/grants/:id',
    { schema: { tags: TAGS, summary: '共享授权详情', params: IdParams, response: { 200: Grant } } },
    async (request) => getGrant(db, requestContext(request), request.params.id),
  )

  const steps = [
    ['suspend', '暂停授权（须说明理由；各副本在数秒内生效）', true],
    ['revoke', '撤销授权（须说明理由；不可恢复，各副本在数秒内生效）', true],
    ['resume', '恢复已暂停的授权', false],
  ] as const
  for (const [action, summary, needsReason] of steps) {
    app.post(
      `/api/v1/grants/:id/${action}`,
      {
        schema: {
          tags: TAGS,
          summary,
          params: IdParams,
          body: needsReason
            ? Type.Object({ reason: Reason }, { additionalProperties: false })
            : Type.Object(
                { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
                { additionalProperties: false },
              ),
          response: { 200: Grant },
        },
      },
      async (request) => {
        const body = request.body as { reason?: string }
        return changeGrant(db, requestContext(request), request.params.id, action, body.reason ?? null)
      },
    )
  }
}
