import { Type } from 'typebox'
import type { AppInstance } from '../../../platform/http/index.ts'
import { requestContext } from '../../../platform/http/index.ts'
import { CSRF_COOKIE, changePassword, type IdentityDeps, login, logout, SESSION_COOKIE } from '../auth.ts'
import { identityError } from '../errors.ts'
import { requireUser } from '../policy.ts'
import { Password, User, Username } from '../schemas.ts'
import { getUser } from '../users.ts'

export async function authRoutes(app: AppInstance, deps: IdentityDeps): Promise<void> {
  const cookieOptions = { path: '/', sameSite: 'lax' as const, secure: deps.config.cookieSecure }

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: '用户名密码登录',
        security: [],
        body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            token: Type.String(),
            csrfToken: Type.String(),
            expiresAt: Type.String(),
            user: User,
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await login(deps, requestContext(request), request.body.username, request.body.password)
      reply.setCookie(SESSION_COOKIE, result.token, {
        ...cookieOptions,
        httpOnly: true,
        expires: result.expiresAt,
      })
      // Readable by the console's script, which echoes it in x-csrf-token; another site cannot read it.
      reply.setCookie(CSRF_COOKIE, result.csrfToken, {
        ...cookieOptions,
        httpOnly: false,
        expires: result.expiresAt,
      })
      return { ...result, expiresAt: result.expiresAt.toISOString() }
    },
  )

  app.post(
    '/api/v1/auth/logout',
    {
      config: { enterprise: true },
      schema: { tags: ['auth'], summary: '退出登录', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await logout(deps.db, requestContext(request))
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/auth/me',
    {
      config: { enterprise: true },
      schema: {
        tags: ['auth'],
        summary: '当前用户',
        response: { 200: Type.Object({ user: User, csrfToken: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const actor = requireUser(request.actor)
      return { user: await getUser(deps.db, actor.userId), csrfToken: request.csrfToken }
    },
  )

  app.post(
    '/api/v1/auth/password',
    {
      config: { enterprise: true },
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (request.body.currentPassword === request.body.newPassword) {
        throw identityError('auth.password_weak', {
          detail: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
        })
      }
      await changePassword(
        deps.db,
        requestContext(request),
        request.body.currentPassword,
        request.body.newPassword,
      )
      return reply.code(204).send(null)
    },
  )
}
