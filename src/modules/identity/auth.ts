import type { FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { Actor, RequestContext } from '../../platform/context.ts'
import { hashPassword, randomToken, sm3, verifyPassword } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { platformError } from '../../platform/errors.ts'
import type { AuthResolver, ResolvedAuth } from '../../platform/http/index.ts'
import { newId } from '../../platform/ids.ts'
import { credentialCache } from './credential-cache.ts'
import { identityError } from './errors.ts'
import { requireUser } from './policy.ts'
import type { IdentityTables } from './tables.ts'
import { assertPasswordStrength, getUser, type User } from './users.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export const SESSION_COOKIE = 'shuhui_session'
export const CSRF_COOKIE = 'shuhui_csrf'
/** Login tokens and app tokens carry a prefix so a bearer token is looked up in the right table only. */
const SESSION_PREFIX = 'shs_'
const APP_TOKEN_PREFIX = 'sha_'

export interface IdentityDeps {
  readonly db: Db
  readonly config: Config
}

export interface LoginResult {
  token: string
  csrfToken: string
  expiresAt: Date
  user: User
}

// Verifying against a real hash when the user does not exist keeps response time from revealing usernames.
let dummyHash: Promise<string> | undefined
function dummy(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-0')
  return dummyHash
}

export async function login(
  deps: IdentityDeps,
  ctx: RequestContext,
  username: string,
  password: string,
): Promise<LoginResult> {
  const { db, config } = deps
  const name = username.trim().toLowerCase()
  const since = new Date(Date.now() - config.loginWindowMinutes * 60_000)
  const failures = await t(db)
    .selectFrom('loginFailures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('failedAt').as('oldest')])
    .where('username', '=', name)
    .where('failedAt', '>', since)
    .executeTakeFirstOrThrow()
  if (Number(failures.n) >= config.loginMaxFailures) {
    const oldest = failures.oldest ? new Date(failures.oldest).getTime() : Date.now()
    const retryAfter = Math.max(
      1,
      Math.ceil((oldest + config.loginWindowMinutes * 60_000 - Date.now()) / 1000),
    )
    throw identityError('auth.too_many_attempts', { retryAfter })
  }
  const row = await t(db)
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.orgId')
    .leftJoin('enterprises as e', 'e.orgId', 'u.orgId')
    .select([
      'u.id',
      'u.passwordHash',
      'u.status',
      'u.orgId',
      'o.regionCode',
      'o.type',
      'e.verification',
      'e.rejectReason',
    ])
    .where(sql<boolean>`lower(u.username) = ${name}`)
    .executeTakeFirst()
  const ok = await verifyPassword(password, row?.passwordHash ?? (await dummy()))
  if (!row || !ok) {
    await db.transaction().execute(async (trx) => {
      await t(trx).insertInto('loginFailures').values({ id: newId(), username: name, ip: ctx.ip }).execute()
      await recordAudit(trx, ctx, {
        action: 'auth.login_failed',
        targetType: 'user',
        ...(row ? { targetId: row.id, orgId: row.orgId, regionCode: row.regionCode } : {}),
        outcome: 'denied',
        details: { username: name },
      })
    })
    throw identityError('auth.invalid_credentials')
  }
  if (row.status !== 'active') throw identityError('auth.account_disabled')
  // Checked after the password, so the answer tells nothing to whoever does not hold the account.
  if (row.type === 'enterprise' && row.verification === 'rejected')
    throw identityError('auth.enterprise_rejected', {
      detail: {
        zh: `企业注册未通过认证：${row.rejectReason ?? ''}`,
        en: `The enterprise registration was rejected: ${row.rejectReason ?? ''}`,
      },
    })
  if (row.type === 'enterprise' && row.verification !== 'verified')
    throw identityError('auth.enterprise_pending')
  const token = `${SESSION_PREFIX}${randomToken(32)}`
  const csrfToken = randomToken(24)
  const expiresAt = new Date(Date.now() + config.sessionTtlHours * 3_600_000)
  const sessionId = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx).deleteFrom('loginFailures').where('username', '=', name).execute()
    await t(trx)
      .insertInto('sessions')
      .values({ id: sessionId, tokenHash: sm3(token), userId: row.id, csrfToken, expiresAt })
      .execute()
    await t(trx).updateTable('users').set({ lastLoginAt: new Date() }).where('id', '=', row.id).execute()
    await recordAudit(
      trx,
      { ...ctx, actor: await actorForUser(trx, row.id, sessionId, 'bearer') },
      {
        action: 'auth.login',
        targetType: 'session',
        targetId: sessionId,
      },
    )
  })
  return { token, csrfToken, expiresAt, user: await getUser(db, row.id) }
}

async function actorForUser(
  db: Db,
  userId: string,
  sessionId: string,
  via: 'cookie' | 'bearer',
): Promise<Actor> {
  const row = await t(db)
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.orgId')
    .select([
      'u.id',
      'u.username',
      'u.displayName',
      'u.orgId',
      'u.roles',
      'u.scopeRegionCode',
      'o.regionCode',
      'o.type',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow()
  return {
    kind: 'user',
    userId: row.id,
    username: row.username,
    displayName: row.displayName,
    orgId: row.orgId,
    regionCode: row.regionCode,
    roles: row.roles,
    scopeRegionCode: row.scopeRegionCode,
    sessionId,
    via,
    ...(row.type === 'enterprise' ? { enterprise: true } : {}),
  }
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  const actor = requireUser(ctx.actor)
  await db.transaction().execute(async (trx) => {
    await t(trx).deleteFrom('sessions').where('id', '=', actor.sessionId).execute()
    await recordAudit(trx, ctx, { action: 'auth.logout', targetType: 'session', targetId: actor.sessionId })
  })
  credentialCache.evictSession(actor.sessionId)
}

export async function changePassword(
  db: Db,
  ctx: RequestContext,
  current: string,
  next: string,
): Promise<void> {
  const actor = requireUser(ctx.actor)
  const row = await t(db)
    .selectFrom('users')
    .select('passwordHash')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow()
  if (!(await verifyPassword(current, row.passwordHash))) throw identityError('auth.password_wrong')
  assertPasswordStrength(next)
  const passwordHash = await hashPassword(next)
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where('id', '=', actor.userId)
      .execute()
    // Other sessions may belong to whoever knew the old password.
    await t(trx)
      .deleteFrom('sessions')
      .where('userId', '=', actor.userId)
      .where('id', '!=', actor.sessionId)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'auth.password_change',
      targetType: 'user',
      targetId: actor.userId,
    })
  })
  credentialCache.evictUser(actor.userId)
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (typeof header !== 'string') return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? ''
}

async function resolveSession(db: Db, token: string, via: 'cookie' | 'bearer'): Promise<ResolvedAuth | null> {
  const row = await t(db)
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .innerJoin('orgs as o', 'o.id', 'u.orgId')
    .select([
      's.id as sessionId',
      's.csrfToken',
      's.lastSeenAt',
      'u.id',
      'u.username',
      'u.displayName',
      'u.orgId',
      'u.roles',
      'u.scopeRegionCode',
      'u.status',
      'o.regionCode',
      'o.type as orgType',
    ])
    .where('s.tokenHash', '=', sm3(token))
    .where('s.expiresAt', '>', new Date())
    .executeTakeFirst()
  if (row?.status !== 'active') return null
  return {
    csrfToken: row.csrfToken,
    actor: {
      kind: 'user',
      userId: row.id,
      username: row.username,
      displayName: row.displayName,
      orgId: row.orgId,
      regionCode: row.regionCode,
      roles: row.roles,
      scopeRegionCode: row.scopeRegionCode,
      sessionId: row.sessionId,
      via,
      ...(row.orgType === 'enterprise' ? { enterprise: true } : {}),
    },
  }
}

async function resolveAppToken(db: Db, token: string): Promise<ResolvedAuth | null> {
  const row = await t(db)
    .selectFrom('appTokens as k')
    .innerJoin('apps as a', 'a.id', 'k.appId')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .select([
      'a.id',
      'a.clientId',
      'a.name',
      'a.orgId',
      'a.status',
      'o.regionCode',
      'o.status as orgStatus',
      'o.type as orgType',
    ])
    .where('k.tokenHash', '=', sm3(token))
    .where('k.expiresAt', '>', new Date())
    .executeTakeFirst()
  if (row?.status !== 'active' || row.orgStatus !== 'active') return null
  return {
    csrfToken: null,
    actor: {
      kind: 'app',
      appId: row.id,
      clientId: row.clientId,
      appName: row.name,
      orgId: row.orgId,
      regionCode: row.regionCode,
      ...(row.orgType === 'enterprise' ? { enterprise: true } : {}),
    },
  }
}

/** Sliding expiry, written at most once a minute per session so reads stay reads. */
async function touchSession(deps: IdentityDeps, sessionId: string): Promise<void> {
  const expiresAt = new Date(Date.now() + deps.config.sessionTtlHours * 3_600_000)
  await t(deps.db)
    .updateTable('sessions')
    .set({ lastSeenAt: new Date(), expiresAt })
    .where('id', '=', sessionId)
    .where('lastSeenAt', '<', new Date(Date.now() - 60_000))
    .execute()
}

export function createAuthResolver(deps: IdentityDeps): AuthResolver {
  const ttlMs = deps.config.authCacheSeconds * 1000
  async function lookup(token: string, via: 'cookie' | 'bearer'): Promise<ResolvedAuth | null> {
    const key = `${via}:${sm3(token)}`
    const cached = credentialCache.get(key)
    if (cached) return cached
    const resolved = token.startsWith(APP_TOKEN_PREFIX)
      ? via === 'bearer'
        ? await resolveAppToken(deps.db, token)
        : null
      : token.startsWith(SESSION_PREFIX)
        ? await resolveSession(deps.db, token, via)
        : null
    if (!resolved) return null
    if (resolved.actor.kind === 'user') await touchSession(deps, resolved.actor.sessionId)
    credentialCache.set(key, resolved, ttlMs)
    return resolved
  }
  /** The credential of a request when it is cached (the common case), without a promise; undefined otherwise. */
  function peek(request: FastifyRequest): ResolvedAuth | undefined {
    const bearer = bearerToken(request)
    if (bearer !== null) return bearer === '' ? undefined : credentialCache.get(`bearer:${sm3(bearer)}`)
    const cookie = request.cookies[SESSION_COOKIE]
    if (cookie?.startsWith(SESSION_PREFIX)) return credentialCache.get(`cookie:${sm3(cookie)}`)
    return ANONYMOUS
  }
  return {
    peek,
    async resolve(request) {
      const bearer = bearerToken(request)
      if (bearer !== null) {
        const resolved = await lookup(bearer, 'bearer')
        if (!resolved) throw platformError('auth.token_invalid')
        return resolved
      }
      const cookie = request.cookies[SESSION_COOKIE]
      if (cookie?.startsWith(SESSION_PREFIX)) {
        const resolved = await lookup(cookie, 'cookie')
        if (resolved) return resolved
      }
      return ANONYMOUS
    },
  }
}

const ANONYMOUS: ResolvedAuth = { actor: { kind: 'anonymous' }, csrfToken: null }

export { APP_TOKEN_PREFIX }

/** Expired sessions, app tokens and old login failures are dead weight; a nightly job removes them. */
export async function purgeExpiredCredentials(db: Db, failureWindowMinutes: number): Promise<number> {
  const now = new Date()
  const sessions = await t(db).deleteFrom('sessions').where('expiresAt', '<', now).executeTakeFirst()
  const tokens = await t(db).deleteFrom('appTokens').where('expiresAt', '<', now).executeTakeFirst()
  const failures = await t(db)
    .deleteFrom('loginFailures')
    .where('failedAt', '<', new Date(now.getTime() - failureWindowMinutes * 60_000))
    .executeTakeFirst()
  return Number(sessions.numDeletedRows) + Number(tokens.numDeletedRows) + Number(failures.numDeletedRows)
}
