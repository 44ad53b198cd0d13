/**
 * Portal developers (开发者): self-registered members of the public who sign in with an e-mail address or a
 * mobile number and a password. Their sessions are portal bearer tokens (prefix `dvs_`), separate from staff
 * sessions: a developer is never a console user, and a staff token never signs a developer in.
 */
import type { FastifyRequest } from 'fastify'
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { hashPassword, randomToken, sm3, sm3Hmac, verifyPassword } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { FieldIssue } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { portalError } from '../errors.ts'
import { t } from '../tables.ts'

export const DEVELOPER_TOKEN_PREFIX = 'dvs_'
const SESSION_HOURS = 12
const MAX_FAILURES = 5
const FAILURE_WINDOW_MS = 15 * 60_000

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/
const PHONE_RE = /^1[3-9][0-9]{9}$/

export interface Developer {
  readonly id: string
  readonly displayName: string
  readonly account: string
}

export interface RegisterInput {
  readonly account: string
  readonly password: string
  readonly displayName: string
}

/** An e-mail address or a mainland mobile number; which one it is, normalised. */
export function parseAccount(account: string): { email: string } | { phone: string } | null {
  const a = account.trim()
  if (PHONE_RE.test(a)) return { phone: a }
  if (EMAIL_RE.test(a) && a.length <= 254) return { email: a.toLowerCase() }
  return null
}

function passwordIssues(password: string): FieldIssue[] {
  const ok = password.length >= 8 && /[A-Za-z]/.test(password) && /[0-9]/.test(password)
  return ok
    ? []
    : [
        {
          field: 'body.password',
          message: 'at least 8 characters with letters and digits',
          messageZh: '密码至少 8 位，须同时包含字母和数字',
        },
      ]
}

/** Masked for display and audit: never an e-mail address or a phone number in clear. */
export function maskAccount(account: string): string {
  const at = account.indexOf('@')
  if (at > 0) return `${account.slice(0, 1)}***${account.slice(at)}`
  return account.length === 11 ? `${account.slice(0, 3)}****${account.slice(7)}` : '***'
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown })?.code === '23505'
}

export async function registerDeveloper(
  db: Db,
  ctx: RequestContext,
  input: RegisterInput,
): Promise<Developer> {
  const account = parseAccount(input.account)
  const issues: FieldIssue[] = []
  if (!account)
    issues.push({
      field: 'body.account',
      message: 'an e-mail address or a mobile number',
      messageZh: '请填写邮箱或 11 位手机号',
    })
  issues.push(...passwordIssues(input.password))
  if (input.displayName.trim().length < 1)
    issues.push({ field: 'body.displayName', message: 'is required', messageZh: '请填写昵称' })
  if (issues.length || !account) throw portalError('portal.invalid', { fields: issues })
  const id = newId()
  const passwordHash = await hashPassword(input.password)
  const name = 'email' in account ? account.email : account.phone
  try {
    await db.transaction().execute(async (trx) => {
      await t(trx)
        .insertInto('portalDevelopers')
        .values({
          id,
          email: 'email' in account ? account.email : null,
          phone: 'phone' in account ? account.phone : null,
          passwordHash,
          displayName: input.displayName.trim(),
        })
        .execute()
      await recordAudit(trx, ctx, {
        action: 'developer.register',
        targetType: 'portal_developer',
        targetId: id,
        orgId: null,
        details: { account: maskAccount(name) },
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw portalError('developer.exists')
    throw err
  }
  return { id, displayName: input.displayName.trim(), account: maskAccount(name) }
}

const accountHash = (config: Config, account: string) => sm3Hmac(config.secretKey, `dev-login:${account}`)

let dummyHash: Promise<string> | undefined

/** Signs a developer in; returns the bearer token (shown once) and its expiry. */
export async function loginDeveloper(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: { account: string; password: string },
  now = new Date(),
): Promise<{ token: string; expiresAt: string; developer: Developer }> {
  const account = parseAccount(input.account)
  const name = account ? ('email' in account ? account.email : account.phone) : input.account.trim()
  const hash = accountHash(config, name)
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS)
  const failures = await t(db)
    .selectFrom('portalLoginFailures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accountHash', '=', hash)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  if (Number(failures.n) >= MAX_FAILURES) throw portalError('developer.rate_limited', { retryAfter: 900 })
  const row = account
    ? await t(db)
        .selectFrom('portalDevelopers')
        .selectAll()
        .where('email' in account ? 'email' : 'phone', '=', name)
        .executeTakeFirst()
    : undefined
  // Verifying against a real hash when the account does not exist keeps timing from revealing accounts.
  dummyHash ??= hashPassword('not-a-real-password-0')
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash))
  if (!row || !ok || row.status !== 'active') {
    await t(db).insertInto('portalLoginFailures').values({ id: newId(), accountHash: hash }).execute()
    throw portalError('developer.login_failed')
  }
  const token = `${DEVELOPER_TOKEN_PREFIX}${randomToken()}`
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000)
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('portalDeveloperSessions')
      .values({ id: newId(), developerId: row.id, tokenHash: sm3(token), expiresAt })
      .execute()
    await t(trx).deleteFrom('portalLoginFailures').where('accountHash', '=', hash).execute()
    await recordAudit(trx, ctx, {
      action: 'developer.login',
      targetType: 'portal_developer',
      targetId: row.id,
      orgId: null,
    })
  })
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    developer: { id: row.id, displayName: row.displayName, account: maskAccount(name) },
  }
}

function developerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (typeof header !== 'string') return null
  const m = /^Bearer\s+(\S+)$/i.exec(header)
  const token = m?.[1]
  return token?.startsWith(DEVELOPER_TOKEN_PREFIX) ? token : null
}

/** The developer signed in by the request's bearer token, or null. */
export async function developerOf(db: Db, request: FastifyRequest): Promise<Developer | null> {
  const token = developerToken(request)
  if (!token) return null
  const row = await t(db)
    .selectFrom('portalDeveloperSessions as s')
    .innerJoin('portalDevelopers as d', 'd.id', 's.developerId')
    .select(['d.id', 'd.displayName', 'd.email', 'd.phone', 'd.status'])
    .where('s.tokenHash', '=', sm3(token))
    .where('s.expiresAt', '>', new Date())
    .executeTakeFirst()
  if (row?.status !== 'active') return null
  return { id: row.id, displayName: row.displayName, account: maskAccount(row.email ?? row.phone ?? '') }
}

/** Like developerOf, but a request without a valid developer session is refused with 401. */
export async function requireDeveloper(db: Db, request: FastifyRequest): Promise<Developer> {
  const developer = await developerOf(db, request)
  if (!developer) throw portalError('developer.auth_required')
  return developer
}

export async function logoutDeveloper(db: Db, request: FastifyRequest): Promise<void> {
  const token = developerToken(request)
  if (token) await t(db).deleteFrom('portalDeveloperSessions').where('tokenHash', '=', sm3(token)).execute()
}

const signedIn = new WeakMap<FastifyRequest, Developer>()

/**
 * A route-level onRequest hook for routes that need a developer: an anonymous caller learns 401 before its input
 * is validated, like on the staff routes.
 */
export function developerHook(db: Db): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    signedIn.set(request, await requireDeveloper(db, request))
  }
}

/** The developer the hook signed in for this request. */
export function developerFrom(request: FastifyRequest): Developer {
  const developer = signedIn.get(request)
  if (!developer) throw portalError('developer.auth_required')
  return developer
}
