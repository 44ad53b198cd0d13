import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import {
  constantTimeEqualHex,
  openSecret,
  randomToken,
  sealSecret,
  sm3,
  sm3Hmac,
} from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { type PageResult, type PageWindow, pageOf } from '../../platform/http/pagination.ts'
import { newId } from '../../platform/ids.ts'
import { APP_TOKEN_PREFIX, type IdentityDeps } from './auth.ts'
import { credentialCache } from './credential-cache.ts'
import { identityError } from './errors.ts'
import { orgFacts } from './orgs.ts'
import { canManageMembersOf, memberListScope, requireUser } from './policy.ts'
import type { IdentityTables, Status } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export interface App {
  id: string
  orgId: string
  orgName: string
  name: string
  description: string | null
  clientId: string
  status: Status
  createdAt: string
  secretRotatedAt: string | null
}

/**
 * Client secrets are 256-bit random strings, so a keyed SM3-HMAC (pepper = server secret key) is as strong as a
 * slow hash here and keeps the token endpoint fast; a stolen table without the key reveals nothing.
 */
function secretHash(config: Config, secret: string): string {
  return sm3Hmac(config.secretKey, `app-secret:${secret}`)
}

function appSelect(db: Db) {
  return t(db)
    .selectFrom('apps as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .select([
      'a.id',
      'a.orgId',
      'o.name as orgName',
      'o.regionCode',
      'a.name',
      'a.description',
      'a.clientId',
      'a.status',
      'a.createdAt',
      'a.secretRotatedAt',
    ])
}

type AppSelectRow = Awaited<ReturnType<ReturnType<typeof appSelect>['executeTakeFirstOrThrow']>>

function toApp({ regionCode: _region, ...row }: AppSelectRow): App {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: row.secretRotatedAt ? row.secretRotatedAt.toISOString() : null,
  }
}

export async function listApps(
  db: Db,
  ctx: RequestContext,
  query: { orgId?: string | undefined; q?: string | undefined },
  window: PageWindow,
): Promise<PageResult<App>> {
  const actor = requireUser(ctx.actor)
  const reach = memberListScope(actor)
  let q = appSelect(db).where((eb) => {
    const allowed = []
    if (reach.regionPrefix) allowed.push(eb('o.regionCode', 'like', `${reach.regionPrefix}%`))
    if (reach.orgId) allowed.push(eb('a.orgId', '=', reach.orgId))
    return eb.or(allowed)
  })
  if (query.orgId) q = q.where('a.orgId', '=', query.orgId)
  if (query.q) q = q.where('a.name', 'like', `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  const countAll = async () =>
    Number(
      (
        await q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const rows = await q
    .select((eb) => eb.fn.countAll<number>().over().as('fullCount'))
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const page = await pageOf(rows, window, countAll)
  return { ...page, items: page.items.map(toApp) }
}

async function manageableApp(db: Db, ctx: RequestContext, id: string): Promise<AppSelectRow> {
  const row = await appSelect(db).where('a.id', '=', id).executeTakeFirst()
  if (!row) throw identityError('app.not_found')
  if (!canManageMembersOf(ctx.actor, { id: row.orgId, regionCode: row.regionCode })) {
    // Do not confirm that an app of another scope exists.
    throw identityError('app.not_found')
  }
  return row
}

export async function getApp(db: Db, ctx: RequestContext, id: string): Promise<App> {
  return toApp(await manageableApp(db, ctx, id))
}

export async function registerApp(
  deps: IdentityDeps,
  ctx: RequestContext,
  input: { orgId: string; name: string; description?: string | null | undefined },
): Promise<{ app: App; clientSecret: string }> {
  const { db, config } = deps
  const actor = requireUser(ctx.actor)
  const org = await orgFacts(db, input.orgId)
  if (!org)
    throw identityError('org.not_found', {
      fields: [{ field: 'body.orgId', message: 'unknown org', messageZh: '单位不存在' }],
    })
  if (!canManageMembersOf(actor, org)) throw identityError('org.out_of_scope')
  const id = newId()
  const clientId = `app_${randomToken(12)}`
  const clientSecret = `sk_${randomToken(32)}`
  const name = input.name.trim()
  await db.transaction().execute(async (trx) => {
    const dup = await t(trx)
      .selectFrom('apps')
      .select('id')
      .where('orgId', '=', org.id)
      .where('name', '=', name)
      .executeTakeFirst()
    if (dup) throw identityError('app.name_taken')
    await t(trx)
      .insertInto('apps')
      .values({
        id,
        orgId: org.id,
        name,
        description: input.description?.trim() || null,
        clientId,
        secretHash: secretHash(config, clientSecret),
        signingKeySealed: sealSecret(config.secretKey, clientSecret, `app-sign:${id}`),
        createdBy: actor.userId,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'app.register',
      targetType: 'app',
      targetId: id,
      orgId: org.id,
      regionCode: org.regionCode,
      details: { name, clientId },
    })
  })
  return { app: await getApp(db, ctx, id), clientSecret }
}

export async function rotateAppSecret(
  deps: IdentityDeps,
  ctx: RequestContext,
  id: string,
): Promise<{ app: App; clientSecret: string }> {
  const { db, config } = deps
  const row = await manageableApp(db, ctx, id)
  const clientSecret = `sk_${randomToken(32)}`
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('apps')
      .set({
        secretHash: secretHash(config, clientSecret),
        signingKeySealed: sealSecret(config.secretKey, clientSecret, `app-sign:${id}`),
        secretRotatedAt: new Date(),
        updatedAt: new Date(),
      })
      .where('id', '=', id)
      .execute()
    // Tokens minted with the old secret die with it.
    await t(trx).deleteFrom('appTokens').where('appId', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'app.rotate_secret',
      targetType: 'app',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
    })
  })
  credentialCache.evictApp(id)
  return { app: await getApp(db, ctx, id), clientSecret }
}

export async function setAppStatus(db: Db, ctx: RequestContext, id: string, status: Status): Promise<App> {
  const row = await manageableApp(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    await t(trx).updateTable('apps').set({ status, updatedAt: new Date() }).where('id', '=', id).execute()
    if (status === 'disabled') await t(trx).deleteFrom('appTokens').where('appId', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: status === 'disabled' ? 'app.disable' : 'app.enable',
      targetType: 'app',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
    })
  })
  credentialCache.evictApp(id)
  return getApp(db, ctx, id)
}

export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
}

/** OAuth 2.0 client credentials (RFC 6749 §4.4): the app proves its secret and gets a short-lived bearer token. */
export async function issueAppToken(
  deps: IdentityDeps,
  ctx: RequestContext,
  clientId: string,
  clientSecret: string,
): Promise<TokenResponse> {
  const { db, config } = deps
  const app = await t(db)
    .selectFrom('apps as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .select(['a.id', 'a.secretHash', 'a.status', 'a.orgId', 'o.regionCode', 'o.status as orgStatus'])
    .where('a.clientId', '=', clientId)
    .executeTakeFirst()
  const expected = app?.secretHash ?? '0'.repeat(64)
  const valid = constantTimeEqualHex(secretHash(config, clientSecret), expected)
  if (!app || !valid || app.status !== 'active' || app.orgStatus !== 'active')
    throw identityError('oauth.invalid_client', { extra: { error: 'invalid_client' } })
  const token = `${APP_TOKEN_PREFIX}${randomToken(32)}`
  const expiresAt = new Date(Date.now() + config.appTokenTtlSeconds * 1000)
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .deleteFrom('appTokens')
      .where('appId', '=', app.id)
      .where('expiresAt', '<', new Date())
      .execute()
    await t(trx)
      .insertInto('appTokens')
      .values({ tokenHash: sm3(token), appId: app.id, expiresAt })
      .execute()
    await recordAudit(
      trx,
      {
        ...ctx,
        actor: {
          kind: 'app',
          appId: app.id,
          clientId,
          appName: clientId,
          orgId: app.orgId,
          regionCode: app.regionCode,
        },
      },
      {
        action: 'oauth.token_issue',
        targetType: 'app',
        targetId: app.id,
        details: { expiresAt: expiresAt.toISOString() },
      },
    )
  })
  return { access_token: token, token_type: 'Bearer', expires_in: config.appTokenTtlSeconds }
}

export interface AppFacts {
  readonly id: string
  readonly orgId: string
  readonly regionCode: string
  readonly name: string
  readonly clientId: string
  readonly status: Status
  readonly orgActive: boolean
}

const factColumns = [
  'a.id',
  'a.orgId',
  'o.regionCode',
  'a.name',
  'a.clientId',
  'a.status',
  'o.status as orgStatus',
] as const

/** The app and its org, for other modules' rules (e.g. "the app must belong to the requesting org"). */
export async function appFacts(db: Db, appId: string): Promise<AppFacts | undefined> {
  const row = await t(db)
    .selectFrom('apps as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .select(factColumns)
    .where('a.id', '=', appId)
    .executeTakeFirst()
  return row && { ...row, orgActive: row.orgStatus === 'active' }
}

/**
 * The secret a signed request (AppKey = client id) is verified with, or undefined when the app is unknown or
 * was registered before signing keys were kept (it must rotate its secret once).
 */
export async function appSigningKey(
  db: Db,
  secretKey: Buffer,
  clientId: string,
): Promise<(AppFacts & { readonly secret: string }) | undefined> {
  const row = await t(db)
    .selectFrom('apps as a')
    .innerJoin('orgs as o', 'o.id', 'a.orgId')
    .select([...factColumns, 'a.signingKeySealed'])
    .where('a.clientId', '=', clientId)
    .executeTakeFirst()
  if (!row?.signingKeySealed) return undefined
  const { signingKeySealed, ...facts } = row
  return {
    ...facts,
    orgActive: row.orgStatus === 'active',
    secret: openSecret(secretKey, signingKeySealed, `app-sign:${row.id}`),
  }
}

/** The active apps of an org, for pickers of other modules (names and client ids only, never secrets). */
export async function activeOrgApps(
  db: Db,
  orgId: string,
): Promise<{ id: string; name: string; clientId: string }[]> {
  return t(db)
    .selectFrom('apps')
    .select(['id', 'name', 'clientId'])
    .where('orgId', '=', orgId)
    .where('status', '=', 'active')
    .orderBy('name')
    .execute()
}
