import { Type } from 'typebox'
import type { AppInstance } from '../../../platform/http/index.ts'
import { Page, PageQuery, pageWindow, requestContext } from '../../../platform/http/index.ts'
import type { IdentityDeps } from '../auth.ts'
import { getEnterprise, listEnterprises } from '../enterprise-views.ts'
import { decideEnterprise, registerEnterprise } from '../enterprises.ts'
import { listRegions } from '../regions.ts'
import { Enterprise, Password, Region, RegionCode, Search, Username, Uuid, Verification } from '../schemas.ts'

const TAGS = ['enterprises']
const IdParams = Type.Object({ id: Uuid })
// Lengths are bounded here; the content (credit code check, mobile, password strength) is checked by the service
// so that one answer names every wrong field.
const SignupBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100, description: '企业名称（与营业执照一致）' }),
    creditCode: Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码（GB 32100）' }),
    regionCode: RegionCode,
    contactName: Type.String({ minLength: 1, maxLength: 64 }),
    contactMobile: Type.String({ minLength: 1, maxLength: 20 }),
    username: Username,
    password: Password,
  },
  { additionalProperties: false },
)

/** Enterprise self-registration (public) and its verification by the region's bureau admins. */
export async function enterpriseRoutes(app: AppInstance, deps: IdentityDeps): Promise<void> {
  const { db, config } = deps

  app.post(
    '/api/v1/public/enterprises',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary: '企业注册（待所在地数据局认证后方可登录）',
        security: [],
        body: SignupBody,
        response: {
          201: Type.Object({ orgId: Uuid, verification: Type.Literal('pending') }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerEnterprise(db, config, requestContext(request), request.body)),
  )

  app.get(
    '/api/v1/public/regions',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary: '行政区划（GB/T 2260，供企业注册选择所在地）：省级列表，或某区划的下级',
        security: [],
        querystring: Type.Object({ parent: Type.Optional(RegionCode) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Region) }) },
      },
    },
    async (request) => ({ items: await listRegions(db, request.query.parent) }),
  )

  app.get(
    '/api/v1/enterprises',
    {
      schema: {
        tags: TAGS,
        summary: '企业认证：辖区内注册企业列表（数据局管理员）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ verification: Type.Optional(Verification), q: Type.Optional(Search) }),
        ]),
        response: { 200: Page(Enterprise) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listEnterprises(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/enterprises/:id',
    {
      config: { enterprise: true },
      schema: {
        tags: TAGS,
        summary: '企业详情（辖区数据局管理员，或本企业用户）',
        params: IdParams,
        response: { 200: Enterprise },
      },
    },
    async (request) => getEnterprise(db, request.actor, request.params.id),
  )

  app.post(
    '/api/v1/enterprises/:id/verify',
    {
      schema: {
        tags: TAGS,
        summary: '认证通过（企业用户随即可以登录）',
        params: IdParams,
        response: { 200: Enterprise },
      },
    },
    async (request) => {
      await decideEnterprise(db, requestContext(request), request.params.id, { verified: true })
      return getEnterprise(db, request.actor, request.params.id)
    },
  )

  app.post(
    '/api/v1/enterprises/:id/reject',
    {
      schema: {
        tags: TAGS,
        summary: '认证不通过（须写明理由）',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 2, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: Enterprise },
      },
    },
    async (request) => {
      await decideEnterprise(db, requestContext(request), request.params.id, {
        verified: false,
        reason: request.body.reason,
      })
      return getEnterprise(db, request.actor, request.params.id)
    },
  )
}
