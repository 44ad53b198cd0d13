import { Type } from 'typebox'
import type { AppInstance } from '../../../platform/http/index.ts'
import { Page, PageQuery, pageWindow, requestContext } from '../../../platform/http/index.ts'
import { getApp, issueAppToken, listApps, registerApp, rotateAppSecret, setAppStatus } from '../apps.ts'
import type { IdentityDeps } from '../auth.ts'
import { identityError } from '../errors.ts'
import { requireUser } from '../policy.ts'
import { App, Password, RegionCode, Role, Search, Status, User, Username, Uuid } from '../schemas.ts'
import { createUser, listUsers, resetPassword, updateUser } from '../users.ts'

const DisplayName = Type.String({ minLength: 1, maxLength: 64 })
const AppName = Type.String({ minLength: 2, maxLength: 100 })
const Roles = Type.Array(Role, { minItems: 1, maxItems: 6, uniqueItems: true })
const IdParams = Type.Object({ id: Uuid })

export async function memberRoutes(app: AppInstance, deps: IdentityDeps): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: '用户列表（按管辖范围）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            q: Type.Optional(Search),
            orgId: Type.Optional(Uuid),
            role: Type.Optional(Role),
            status: Type.Optional(Status),
          }),
        ]),
        response: { 200: Page(User) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listUsers(db, requireUser(request.actor), query, pageWindow({ page, pageSize }))
    },
  )

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: '新建用户（未给密码时生成初始密码，仅返回一次）',
        body: Type.Object(
          {
            username: Username,
            displayName: DisplayName,
            orgId: Uuid,
            roles: Roles,
            password: Type.Optional(Password),
            scopeRegionCode: Type.Optional(Type.Union([RegionCode, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: User, initialPassword: Type.Optional(Type.String()) }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createUser(db, requestContext(request), request.body)),
  )

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: '修改用户（角色、状态、单位）',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(DisplayName),
            roles: Type.Optional(Roles),
            status: Type.Optional(Status),
            orgId: Type.Optional(Uuid),
            scopeRegionCode: Type.Optional(Type.Union([RegionCode, Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: User },
      },
    },
    async (request) => updateUser(db, requestContext(request), request.params.id, request.body),
  )

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: '重置密码（生成初始密码，仅返回一次）',
        params: IdParams,
        response: { 200: Type.Object({ initialPassword: Type.String() }) },
      },
    },
    async (request) => resetPassword(db, requestContext(request), request.params.id),
  )

  // Enterprises manage their own org's apps (an API product is served to one of them); the services scope every
  // app route to the orgs the caller manages, which for an enterprise admin is its own org.
  app.get(
    '/api/v1/apps',
    {
      config: { enterprise: true },
      schema: {
        tags: ['apps'],
        summary: 'API 应用列表（按管辖范围）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ orgId: Type.Optional(Uuid), q: Type.Optional(Search) }),
        ]),
        response: { 200: Page(App) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listApps(db, requestContext(request), query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/apps/:id',
    {
      config: { enterprise: true },
      schema: { tags: ['apps'], summary: 'API 应用详情', params: IdParams, response: { 200: App } },
    },
    async (request) => getApp(db, requestContext(request), request.params.id),
  )

  const withSecret = Type.Object({ app: App, clientSecret: Type.String() })

  app.post(
    '/api/v1/apps',
    {
      config: { enterprise: true },
      schema: {
        tags: ['apps'],
        summary: '注册 API 应用（clientSecret 仅返回一次）',
        body: Type.Object(
          {
            orgId: Uuid,
            name: AppName,
            description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: withSecret },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerApp(deps, requestContext(request), request.body)),
  )

  app.post(
    '/api/v1/apps/:id/rotate-secret',
    {
      config: { enterprise: true },
      schema: {
        tags: ['apps'],
        summary: '轮换密钥（旧密钥及其令牌立即失效）',
        params: IdParams,
        response: { 200: withSecret },
      },
    },
    async (request) => rotateAppSecret(deps, requestContext(request), request.params.id),
  )

  for (const [verb, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/api/v1/apps/:id/${verb}`,
      {
        // An enterprise may stop its own app; re-enabling one (e.g. after a risk alert suspended it) is the bureau's.
        config: { enterprise: verb === 'disable' },
        schema: {
          tags: ['apps'],
          summary: verb === 'disable' ? '停用应用' : '启用应用',
          params: IdParams,
          response: { 200: App },
        },
      },
      async (request) => setAppStatus(db, requestContext(request), request.params.id, status),
    )
  }

  app.post(
    '/api/v1/oauth/token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['oauth'],
        summary: 'OAuth 2.0 客户端凭证模式获取访问令牌（表单或 JSON；也可用 HTTP Basic 传客户端凭证）',
        security: [],
        body: Type.Object({
          grant_type: Type.String({ minLength: 1, maxLength: 64 }),
          client_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          scope: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: {
          200: Type.Object({
            access_token: Type.String(),
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer(),
          }),
        },
      },
    },
    async (request, reply) => {
      if (request.body.grant_type !== 'client_credentials') {
        throw identityError('oauth.unsupported_grant_type', { extra: { error: 'unsupported_grant_type' } })
      }
      let clientId = request.body.client_id
      let clientSecret = request.body.client_secret
      const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? '')
      if (basic?.[1]) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
        const colon = decoded.indexOf(':')
        if (colon > 0) {
          clientId = safeDecode(decoded.slice(0, colon))
          clientSecret = safeDecode(decoded.slice(colon + 1))
        }
      }
      if (!clientId || !clientSecret)
        throw identityError('oauth.invalid_request', { extra: { error: 'invalid_request' } })
      reply.header('cache-control', 'no-store')
      return issueAppToken(deps, requestContext(request), clientId, clientSecret)
    },
  )
}

/** RFC 6749 §2.3.1 form-encodes Basic credentials; a malformed escape is treated as a wrong credential. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}
