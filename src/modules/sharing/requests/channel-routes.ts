import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'
import {
  ChannelCreate,
  ChannelPatch,
  ChannelProtocol,
  ChannelStatsView,
  ChannelStatus,
  ChannelView,
} from './channel-schemas.ts'
import {
  channelStats,
  createChannel,
  deleteChannel,
  getChannel,
  listChannels,
  updateChannel,
} from './channels.ts'
import { RegionCode, Uuid } from './schemas.ts'

const IdParams = Type.Object({ id: Uuid })
const TAGS = ['sharing']
const BASE = '/api/v1/sharing/channels'

export async function channelRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  const { db } = deps

  app.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: '点对点通道登记列表（本单位参与的，或数据局辖区内的）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            status: Type.Optional(ChannelStatus),
            protocol: Type.Optional(ChannelProtocol),
            orgId: Type.Optional(Uuid),
            regionCode: Type.Optional(RegionCode),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          }),
        ]),
        response: { 200: Page(ChannelView) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listChannels(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    `${BASE}/stats`,
    {
      schema: {
        tags: TAGS,
        summary: '点对点通道退役率（按提供方地区）',
        querystring: Type.Object({ regionCode: Type.Optional(RegionCode) }, { additionalProperties: false }),
        response: { 200: ChannelStatsView },
      },
    },
    async (request) => channelStats(db, request.actor, request.query.regionCode),
  )

  app.post(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: '登记点对点通道（提供方或使用方的数据专员、单位管理员，或辖区数据局管理员）',
        body: ChannelCreate,
        response: { 201: ChannelView },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const id = await createChannel(db, ctx, request.body)
      return reply.code(201).send(await getChannel(db, ctx, id))
    },
  )

  app.get(
    `${BASE}/:id`,
    { schema: { tags: TAGS, summary: '点对点通道详情', params: IdParams, response: { 200: ChannelView } } },
    async (request) => getChannel(db, requestContext(request), request.params.id),
  )

  app.patch(
    `${BASE}/:id`,
    {
      schema: {
        tags: TAGS,
        summary: '修改点对点通道；关联替代它的共享授权即退役，grantId 置 null 恢复在用',
        params: IdParams,
        body: ChannelPatch,
        response: { 200: ChannelView },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      await updateChannel(db, ctx, request.params.id, request.body)
      return getChannel(db, ctx, request.params.id)
    },
  )

  app.delete(
    `${BASE}/:id`,
    {
      schema: {
        tags: TAGS,
        summary: '删除登记有误的点对点通道',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteChannel(db, requestContext(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
