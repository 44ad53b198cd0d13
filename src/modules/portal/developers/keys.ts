/**
 * Open-API keys of portal developers. A key (prefix `dk_`) is shown once when it is made and stored only as a
 * keyed SM3-HMAC (the server secret is the pepper), like identity's app secrets: keys are 256-bit random, so a
 * fast keyed hash is as strong as a slow one and keeps every open-API call cheap.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import { shanghaiDate } from '../../../platform/calendar/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { randomToken, sm3Hmac } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { portalError } from '../errors.ts'
import { t } from '../tables.ts'
import type { Developer } from './accounts.ts'

export const API_KEY_PREFIX = 'dk_'
/** Active keys one developer may hold at a time. */
export const MAX_ACTIVE_KEYS = 5

export interface ApiKey {
  readonly id: string
  readonly name: string
  readonly keyPrefix: string
  readonly status: 'active' | 'revoked'
  readonly createdAt: string
  readonly revokedAt: string | null
  readonly lastUsedAt: string | null
  /** Calls made today (Beijing time) and the daily quota. */
  readonly callsToday: number
  readonly dailyQuota: number
}

const keyHash = (config: Config, key: string) => sm3Hmac(config.secretKey, `portal-key:${key}`)

export async function createApiKey(
  db: Db,
  config: Config,
  ctx: RequestContext,
  developer: Developer,
  name: string,
): Promise<{ key: string; apiKey: ApiKey }> {
  const trimmed = name.trim()
  if (!trimmed)
    throw portalError('portal.invalid', {
      fields: [{ field: 'body.name', message: 'is required', messageZh: '请填写密钥名称' }],
    })
  const key = `${API_KEY_PREFIX}${randomToken()}`
  const id = newId()
  await db.transaction().execute(async (trx) => {
    // Serialises key creation per developer, so two requests at once cannot both pass the count.
    await t(trx)
      .selectFrom('portalDevelopers')
      .select('id')
      .where('id', '=', developer.id)
      .forUpdate()
      .execute()
    const active = await t(trx)
      .selectFrom('portalApiKeys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('developerId', '=', developer.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
    if (Number(active.n) >= MAX_ACTIVE_KEYS) throw portalError('api_key.limit')
    await t(trx)
      .insertInto('portalApiKeys')
      .values({
        id,
        developerId: developer.id,
        name: trimmed,
        keyPrefix: key.slice(0, 10),
        keyHash: keyHash(config, key),
        revokedAt: null,
        lastUsedAt: null,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'api_key.create',
      targetType: 'portal_api_key',
      targetId: id,
      orgId: null,
      details: { developerId: developer.id },
    })
  })
  const [apiKey] = (await listApiKeys(db, config, developer)).filter((k) => k.id === id)
  if (!apiKey) throw portalError('api_key.not_found')
  return { key, apiKey }
}

export async function listApiKeys(db: Db, config: Config, developer: Developer): Promise<ApiKey[]> {
  const today = shanghaiDate(new Date())
  const rows = await t(db)
    .selectFrom('portalApiKeys as k')
    .leftJoin('portalApiUsage as u', (j) => j.onRef('u.keyId', '=', 'k.id').on('u.day', '=', today))
    .select([
      'k.id',
      'k.name',
      'k.keyPrefix',
      'k.status',
      'k.createdAt',
      'k.revokedAt',
      'k.lastUsedAt',
      sql<number>`coalesce(u.calls, 0)`.as('callsToday'),
    ])
    .where('k.developerId', '=', developer.id)
    .orderBy('k.createdAt', 'desc')
    .execute()
  return rows.map((r) => ({
    ...r,
    callsToday: Number(r.callsToday),
    dailyQuota: config.portalDailyQuota,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  }))
}

export async function revokeApiKey(
  db: Db,
  ctx: RequestContext,
  developer: Developer,
  keyId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await t(trx)
      .updateTable('portalApiKeys')
      .set({ status: 'revoked', revokedAt: new Date() })
      .where('id', '=', keyId)
      .where('developerId', '=', developer.id)
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst()
    if (!row) throw portalError('api_key.not_found')
    await recordAudit(trx, ctx, {
      action: 'api_key.revoke',
      targetType: 'portal_api_key',
      targetId: keyId,
      orgId: null,
      details: { developerId: developer.id },
    })
  })
}

export interface KeyHolder {
  readonly keyId: string
  readonly developerId: string
}

/** The active key a presented value stands for, with an active developer; null otherwise. */
export async function resolveApiKey(db: Db, config: Config, key: string): Promise<KeyHolder | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null
  const row = await t(db)
    .selectFrom('portalApiKeys as k')
    .innerJoin('portalDevelopers as d', 'd.id', 'k.developerId')
    .select(['k.id', 'k.developerId'])
    .where('k.keyHash', '=', keyHash(config, key))
    .where('k.status', '=', 'active')
    .where('d.status', '=', 'active')
    .executeTakeFirst()
  return row ? { keyId: row.id, developerId: row.developerId } : null
}

/**
 * Counts one call against today's quota; false when the quota is used up (the refusal is counted apart). One
 * upsert whose update only fires under the quota, so concurrent calls on several replicas never overshoot.
 */
export async function takeQuota(db: Db, keyId: string, quota: number, now = new Date()): Promise<boolean> {
  const day = shanghaiDate(now)
  const taken = await t(db)
    .insertInto('portalApiUsage')
    .values({ keyId, day, calls: 1 })
    .onConflict((oc) =>
      oc
        .columns(['keyId', 'day'])
        .doUpdateSet({ calls: sql`portal_api_usage.calls + 1` })
        .where('portalApiUsage.calls', '<', quota),
    )
    .returning('calls')
    .executeTakeFirst()
  if (taken) {
    await t(db).updateTable('portalApiKeys').set({ lastUsedAt: now }).where('id', '=', keyId).execute()
    return true
  }
  await t(db)
    .updateTable('portalApiUsage')
    .set({ refused: sql`refused + 1` })
    .where('keyId', '=', keyId)
    .where('day', '=', day)
    .execute()
  return false
}
