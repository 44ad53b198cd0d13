import { recordAuditNow } from '../../../platform/audit/index.ts'
import { type AppInstance, pageWindow, requestContext } from '../../../platform/http/index.ts'
import type { PortalDeps } from '../deps.ts'
import { portalError } from '../errors.ts'
import { CONTENT_TYPES, contentDisposition, type DownloadFormat, downloadStream } from './download.ts'
import { publicMask } from './masking.ts'
import { portalHome, requireOpen, resourcePage, searchOpen } from './resources.ts'
import {
  DownloadQuery,
  OpenListPage,
  OpenListQuery,
  PortalHome,
  ResourceCodeParams,
  ResourcePage,
} from './schemas.ts'
import { requireServed } from './served.ts'
import { countUsage } from './stats.ts'

const TAGS = ['portal']
const PUBLIC = { access: 'public' } as const

/** The public open catalog: search, home, resource page and streamed downloads. */
export async function openDataRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/public/portal/home',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '开放平台首页：资源总数、最常用与最新开放的数据资源',
        security: [],
        response: { 200: PortalHome },
      },
    },
    async () => portalHome(db),
  )

  app.get(
    '/api/v1/public/resources',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '开放目录检索（中文分词检索，按单位、区划、开放类型、分类、更新频率分面）',
        security: [],
        querystring: OpenListQuery,
        response: { 200: OpenListPage },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return searchOpen(db, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/public/resources/:resourceCode',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '开放数据资源页：元数据、脱敏预览、图表数据、使用统计、DCAT 与接口地址',
        security: [],
        params: ResourceCodeParams,
        response: { 200: ResourcePage },
      },
    },
    async (request) => resourcePage(db, config, requestContext(request), request.params.resourceCode),
  )

  app.get(
    '/api/v1/public/resources/:resourceCode/download',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '下载无条件开放的数据（CSV、JSON、XLSX，流式输出，个人信息已脱敏）',
        description:
          '响应为文件：text/csv（UTF-8 带 BOM）、application/json（数组）或 xlsx。有条件开放的资源返回 403；挂接外部库的资源从开放数据镜像读取，副本未就绪时返回 409 portal.mirror_not_ready。',
        security: [],
        params: ResourceCodeParams,
        querystring: DownloadQuery,
      },
    },
    async (request, reply) => {
      const format: DownloadFormat = request.query.format ?? 'csv'
      const resource = await requireOpen(db, request.params.resourceCode)
      if (resource.openType !== 'open') throw portalError('portal.download_not_open')
      const key = await requireServed(db, config, resource)
      await countUsage(db, resource.id, 'downloads')
      await recordAuditNow(db, requestContext(request), {
        action: 'portal.download',
        targetType: 'resource',
        targetId: resource.id,
        orgId: resource.orgId,
        regionCode: resource.regionCode,
        details: { format },
      })
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', contentDisposition(resource.code, resource.name, format))
        .header('cache-control', 'no-store')
        .send(
          downloadStream(db, format, { ...resource, key }, await publicMask(db, config.secretKey, resource)),
        )
    },
  )
}
