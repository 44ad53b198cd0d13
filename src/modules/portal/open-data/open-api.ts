/**
 * The open-data API for developers: `GET /gw/open/v1/{resourceCode}?page=&pageSize=` with a portal API key
 * (`X-API-Key: dk_…` or `Authorization: Bearer dk_…`). Only unconditionally open resources with hosted or mirrored data
 * are served, masked for the public, within the key's daily quota (PORTAL_DAILY_QUOTA). Every call is counted per key
 * and per resource and written to the audit trail. `/gw/v1/...` is the sharing gateway for departments, not this.
 */
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { recordAuditNow } from '../../../platform/audit/index.ts'
import { type AppInstance, requestContext } from '../../../platform/http/index.ts'
import { datastorePage, datastoreRowCount, MAX_PAGE_OFFSET } from '../../datastore/index.ts'
import type { PortalDeps } from '../deps.ts'
import { resolveApiKey, takeQuota } from '../developers/keys.ts'
import { portalError } from '../errors.ts'
import { publicMask } from './masking.ts'
import { requireOpen } from './resources.ts'
import { Cell, ResourceCodeParams } from './schemas.ts'
import { requireServed } from './served.ts'
import { countUsage } from './stats.ts'

export const OPEN_API_MAX_PAGE_SIZE = 100

const OpenApiQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: OPEN_API_MAX_PAGE_SIZE, default: 20 })),
})

const OpenApiPage = Type.Object({
  items: Type.Array(Type.Record(Type.String(), Cell)),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  masked: Type.Array(Type.String(), { description: '本次脱敏的信息项' }),
})

function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key']
  if (typeof header === 'string' && header) return header.trim()
  const m = /^Bearer\s+(dk_\S+)$/i.exec(request.headers.authorization ?? '')
  return m?.[1] ?? null
}

export async function openApiRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps
  app.get(
    '/gw/open/v1/:resourceCode',
    {
      // The key is checked in the handler: the platform's credentials (staff sessions, app tokens) do not apply.
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary: '开放数据接口：凭开发者 API 密钥分页获取无条件开放的数据（每日限额）',
        description:
          '请求头 X-API-Key: dk_…（或 Authorization: Bearer dk_…）。资源代码中的 / 写作 %2F。超出每日限额返回 429。',
        security: [],
        params: ResourceCodeParams,
        querystring: OpenApiQuery,
        response: { 200: OpenApiPage },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      const key = presentedKey(request)
      const holder = key ? await resolveApiKey(db, config, key) : null
      if (!holder) throw portalError('open_api.key_invalid')
      if (!(await takeQuota(db, holder.keyId, config.portalDailyQuota)))
        throw portalError('open_api.quota_exceeded', { retryAfter: 3600 })
      const page = request.query.page ?? 1
      const pageSize = request.query.pageSize ?? 20
      const resource = await requireOpen(db, request.params.resourceCode)
      if (resource.openType !== 'open') throw portalError('portal.download_not_open')
      const dataKey = await requireServed(db, config, resource)
      const offset = (page - 1) * pageSize
      const mask = await publicMask(db, config.secretKey, resource)
      const codes = resource.fields.map((f) => f.code)
      const rows =
        offset > MAX_PAGE_OFFSET ? [] : ((await datastorePage(db, dataKey, codes, offset, pageSize)) ?? [])
      await countUsage(db, resource.id, 'apiCalls')
      await recordAuditNow(db, requestContext(request), {
        action: 'portal.open_api_call',
        targetType: 'resource',
        targetId: resource.id,
        orgId: resource.orgId,
        regionCode: resource.regionCode,
        details: { keyId: holder.keyId, developerId: holder.developerId, page, pageSize, rows: rows.length },
      })
      return {
        items: rows.map((r) => mask.apply(r)),
        total: (await datastoreRowCount(db, dataKey)) ?? 0,
        page,
        pageSize,
        masked: [...mask.masked],
      }
    },
  )
}
