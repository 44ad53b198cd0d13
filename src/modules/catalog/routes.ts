import { Type } from 'typebox'
import type { Db } from '../../platform/db/index.ts'
import { type AppInstance, Page, PageQuery, pageWindow, requestContext } from '../../platform/http/index.ts'
import { checksRoutes } from './checks/routes.ts'
import { dcatRoutes } from './dcat/routes.ts'
import { catalogError } from './errors.ts'
import { excelRoutes } from './excel/routes.ts'
import { ledgerRoutes } from './ledger/routes.ts'
import { transition } from './lifecycle.ts'
import { listResources } from './listing.ts'
import { mountRoutes } from './mount/routes.ts'
import { createResource, deleteDraft, getResource, updateResource } from './resources.ts'
import {
  Category,
  OpenType,
  Resource,
  ResourceCreate,
  ResourceDetail,
  ResourcePatch,
  ResourceStatus,
  ShareType,
  UpdateFrequency,
} from './schemas.ts'
import { diffVersions, getVersion, listVersions } from './versions.ts'

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const ResourceListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    regionCode: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{5}$' })),
    status: Type.Optional(ResourceStatus),
    category: Type.Optional(Category),
    shareType: Type.Optional(ShareType),
    openType: Type.Optional(OpenType),
    updateFrequency: Type.Optional(UpdateFrequency),
    operable: Type.Optional(Type.Boolean()),
    view: Type.Optional(
      Type.Enum(['share', 'open', 'operation'], {
        description: 'share = 共享目录, open = 开放目录, operation = 授权运营目录',
      }),
    ),
    sort: Type.Optional(
      Type.Enum(['relevance', 'updated', 'name', 'code'], {
        description: 'relevance（有 q 时默认）按相关度；无 q 时默认 updated',
      }),
    ),
  }),
])

const Highlights = Type.Object(
  {
    name: Type.Optional(Type.String()),
    summary: Type.Optional(Type.String()),
    fields: Type.Optional(Type.Array(Type.String())),
  },
  { description: '命中词以 <em> 标出，其余文本已做 HTML 转义' },
)
const FacetValues = Type.Array(
  Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }),
)

export const ResourceSearchPage = Type.Object({
  ...Page(Type.Object({ ...Resource.properties, highlights: Type.Optional(Highlights) })).properties,
  totalExact: Type.Boolean({
    description: '为 false 时 total 与分面计数是抽样估算值（命中超过 2000 条的宽泛查询），界面显示为“约 N”',
  }),
  facets: Type.Object(
    {
      orgs: FacetValues,
      regions: FacetValues,
      shareTypes: FacetValues,
      openTypes: FacetValues,
      categories: FacetValues,
      updateFrequencies: FacetValues,
    },
    { description: '按全部筛选结果（所有页）统计的分面计数' },
  ),
})

export async function catalogRoutes(
  app: AppInstance,
  deps: { db: Db; secretKey: Buffer; allowedHosts?: readonly string[] },
): Promise<void> {
  const { db } = deps
  await excelRoutes(app, deps)
  await mountRoutes(app, deps)
  await checksRoutes(app, deps)
  await dcatRoutes(app, deps)
  await ledgerRoutes(app, deps)

  app.get(
    '/api/v1/catalog/resources',
    {
      schema: {
        tags: ['catalog'],
        summary: '数据资源目录与检索（中文分词、相关度排序、高亮、分面；按可见范围；共享/开放/授权运营视图）',
        querystring: ResourceListQuery,
        response: { 200: ResourceSearchPage },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listResources(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.post(
    '/api/v1/catalog/resources',
    {
      schema: {
        tags: ['catalog'],
        summary: '编目：新建数据资源草稿',
        body: ResourceCreate,
        response: { 201: ResourceDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createResource(db, requestContext(request), request.body)),
  )

  app.get(
    '/api/v1/catalog/resources/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: '数据资源详情（含信息项）',
        params: IdParams,
        response: { 200: ResourceDetail },
      },
    },
    async (request) => getResource(db, requestContext(request), request.params.id),
  )

  app.patch(
    '/api/v1/catalog/resources/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: '修改草稿或已退回的数据资源',
        params: IdParams,
        body: ResourcePatch,
        response: { 200: ResourceDetail },
      },
    },
    async (request) => updateResource(db, requestContext(request), request.params.id, request.body),
  )

  app.delete(
    '/api/v1/catalog/resources/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: '删除从未发布的草稿',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteDraft(db, requestContext(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  const steps = [
    ['submit', '提交审核'],
    ['publish', '审核通过并发布（生成不可变版本）'],
    ['retire', '下线'],
    ['revise', '撤回为草稿以修订'],
  ] as const
  for (const [step, summary] of steps) {
    app.post(
      `/api/v1/catalog/resources/:id/${step}`,
      { schema: { tags: ['catalog'], summary, params: IdParams, response: { 200: ResourceDetail } } },
      async (request) => transition(db, requestContext(request), request.params.id, step),
    )
  }

  app.post(
    '/api/v1/catalog/resources/:id/return',
    {
      schema: {
        tags: ['catalog'],
        summary: '退回（须说明理由）',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 2, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ResourceDetail },
      },
    },
    async (request) => {
      const reason = request.body.reason.trim()
      if (reason.length < 2)
        throw catalogError('catalog.resource_invalid', {
          fields: [{ field: 'body.reason', message: 'is required', messageZh: '请填写退回理由' }],
        })
      return transition(db, requestContext(request), request.params.id, 'return', reason)
    },
  )

  app.get(
    '/api/v1/catalog/resources/:id/versions',
    {
      schema: {
        tags: ['catalog'],
        summary: '已发布版本列表',
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                publishedAt: Type.String(),
                publishedBy: Type.Union([Type.String(), Type.Null()]),
                name: Type.String(),
                fieldCount: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await listVersions(db, requestContext(request), request.params.id) }),
  )

  app.get(
    '/api/v1/catalog/resources/:id/versions/:version',
    {
      schema: {
        tags: ['catalog'],
        summary: '某一版本的快照',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
        }),
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async (request) => getVersion(db, requestContext(request), request.params.id, request.params.version),
  )

  app.get(
    '/api/v1/catalog/resources/:id/diff',
    {
      schema: {
        tags: ['catalog'],
        summary: '两个版本逐项比较',
        params: IdParams,
        querystring: Type.Object(
          {
            from: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            to: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.Integer(),
            to: Type.Integer(),
            changes: Type.Array(
              Type.Object({
                path: Type.String(),
                kind: Type.Enum(['added', 'removed', 'changed']),
                before: Type.Unknown(),
                after: Type.Unknown(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      from: request.query.from,
      to: request.query.to,
      changes: await diffVersions(
        db,
        requestContext(request),
        request.params.id,
        request.query.from,
        request.query.to,
      ),
    }),
  )
}
