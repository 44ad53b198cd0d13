import { Type } from 'typebox'
import { type AppInstance, requestContext } from '../../../platform/http/index.ts'
import type { PortalDeps } from '../deps.ts'
import {
  developerFrom,
  developerHook,
  loginDeveloper,
  logoutDeveloper,
  registerDeveloper,
} from './accounts.ts'
import { createApiKey, listApiKeys, revokeApiKey } from './keys.ts'

const TAGS = ['portal']
const PUBLIC = { access: 'public' } as const
const DEV_AUTH = '开发者登录后以 Authorization: Bearer dvs_… 调用。'

const Developer = Type.Object({ id: Type.String(), displayName: Type.String(), account: Type.String() })
const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  keyPrefix: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  callsToday: Type.Integer(),
  dailyQuota: Type.Integer(),
})
const Credentials = Type.Object({
  account: Type.String({ minLength: 1, maxLength: 254, description: '邮箱或 11 位手机号' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
})

/** Developer sign-up, sign-in and API keys. */
export async function developerRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps
  const signedIn = developerHook(db)

  app.post(
    '/api/v1/public/developers',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '开发者注册（邮箱或手机号 + 密码）',
        security: [],
        body: Type.Intersect([
          Credentials,
          Type.Object({ displayName: Type.String({ minLength: 1, maxLength: 50 }) }),
        ]),
        response: { 201: Developer },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerDeveloper(db, requestContext(request), request.body)),
  )

  app.post(
    '/api/v1/public/developers/login',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '开发者登录，返回开发者令牌（仅显示一次，12 小时有效）',
        security: [],
        body: Credentials,
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String(), developer: Developer }),
        },
      },
    },
    async (request) => loginDeveloper(db, config, requestContext(request), request.body),
  )

  app.post(
    '/api/v1/public/developers/logout',
    {
      config: PUBLIC,
      schema: { tags: TAGS, summary: '开发者退出登录', description: DEV_AUTH, security: [] },
    },
    async (request, reply) => {
      await logoutDeveloper(db, request)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/v1/public/developers/me',
    {
      config: PUBLIC,
      onRequest: signedIn,
      schema: {
        tags: TAGS,
        summary: '当前开发者',
        description: DEV_AUTH,
        security: [],
        response: { 200: Developer },
      },
    },
    async (request) => developerFrom(request),
  )

  app.get(
    '/api/v1/public/developers/me/keys',
    {
      config: PUBLIC,
      onRequest: signedIn,
      schema: {
        tags: TAGS,
        summary: '我的 API 密钥（不含密钥本身；含今日调用次数与每日限额）',
        description: DEV_AUTH,
        security: [],
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }) },
      },
    },
    async (request) => ({ items: await listApiKeys(db, config, developerFrom(request)) }),
  )

  app.post(
    '/api/v1/public/developers/me/keys',
    {
      config: PUBLIC,
      onRequest: signedIn,
      schema: {
        tags: TAGS,
        summary: '创建 API 密钥（密钥仅在此响应中显示一次）',
        description: DEV_AUTH,
        security: [],
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }) }),
        response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKey }) },
      },
    },
    async (request, reply) => {
      const developer = developerFrom(request)
      const made = await createApiKey(db, config, requestContext(request), developer, request.body.name)
      return reply.code(201).send(made)
    },
  )

  app.post(
    '/api/v1/public/developers/me/keys/:id/revoke',
    {
      config: PUBLIC,
      onRequest: signedIn,
      schema: {
        tags: TAGS,
        summary: '吊销 API 密钥',
        description: DEV_AUTH,
        security: [],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const developer = developerFrom(request)
      await revokeApiKey(db, requestContext(request), developer, request.params.id)
      return reply.code(204).send()
    },
  )
}
