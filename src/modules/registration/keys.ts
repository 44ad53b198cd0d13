/**
 * Signing keys of the registration bodies. Each body has one active key (SM2 by default, Ed25519 as the
 * alternative); the private half is sealed with SM4 under the platform secret key and opened only to sign.
 * Rotation retires the old key but keeps publishing its public half, so certificates signed before still verify.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import {
  ed25519GenerateKeyPair,
  openSecret,
  randomToken,
  sealSecret,
  sm2GenerateKeyPair,
} from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import type { PublishedKey } from './certificate-format.ts'
import { t } from './store.ts'
import type { SigningAlgorithm, SigningKeyRow } from './tables.ts'

export interface Body {
  readonly id: string
  readonly name: string
  readonly regionCode: string
}

const sealContext = (keyId: string) => `registration-key:${keyId}`

async function createKey(db: Db, config: Config, body: Body, algorithm: SigningAlgorithm, now: Date) {
  const pair = algorithm === 'SM2' ? sm2GenerateKeyPair() : ed25519GenerateKeyPair()
  const stamp = now.toISOString().slice(0, 10).replaceAll('-', '')
  const id = `${body.regionCode}-${algorithm.toLowerCase()}-${stamp}-${randomToken(4)}`
  const row = {
    id,
    bodyOrgId: body.id,
    bodyName: body.name,
    bodyRegionCode: body.regionCode,
    algorithm,
    publicKey: pair.publicKey,
    privateKeySealed: sealSecret(config.secretKey, pair.privateKey, sealContext(id)),
    status: 'active' as const,
    createdAt: now,
    retiredAt: null,
  }
  await t(db).insertInto('registrationSigningKeys').values(row).execute()
  return row
}

async function activeKey(db: Db, bodyOrgId: string): Promise<SigningKeyRow | undefined> {
  return t(db)
    .selectFrom('registrationSigningKeys')
    .selectAll()
    .where('bodyOrgId', '=', bodyOrgId)
    .where('status', '=', 'active')
    .forUpdate()
    .executeTakeFirst()
}

/** The body's active key and its opened private half; a body signing for the first time gets an SM2 key. */
export async function signingKeyOf(
  db: Db,
  config: Config,
  body: Body,
  now: Date,
): Promise<{ key: SigningKeyRow; privateKey: string }> {
  const key = (await activeKey(db, body.id)) ?? (await createKey(db, config, body, 'SM2', now))
  return { key, privateKey: openSecret(config.secretKey, key.privateKeySealed, sealContext(key.id)) }
}

/** Retires the active key (kept published) and creates a new one. */
export async function rotateKey(
  db: Db,
  config: Config,
  ctx: RequestContext,
  body: Body,
  algorithm: SigningAlgorithm,
  now = new Date(),
): Promise<PublishedKey> {
  return db.transaction().execute(async (trx) => {
    const old = await activeKey(trx, body.id)
    if (old)
      await t(trx)
        .updateTable('registrationSigningKeys')
        .set({ status: 'retired', retiredAt: now })
        .where('id', '=', old.id)
        .execute()
    const key = await createKey(trx, config, body, algorithm, now)
    await recordAudit(trx, ctx, {
      action: 'registration.key_rotate',
      targetType: 'registration_signing_key',
      targetId: key.id,
      orgId: body.id,
      regionCode: body.regionCode,
      details: { algorithm, retired: old?.id ?? null },
    })
    return { keyId: key.id, algorithm, publicKey: key.publicKey }
  })
}

export interface PublicKeyView extends PublishedKey {
  readonly bodyOrgId: string
  readonly bodyName: string
  readonly bodyRegionCode: string
  readonly status: 'active' | 'retired'
  readonly createdAt: string
  readonly retiredAt: string | null
}

/** Every key ever used, active and retired: what another platform needs to verify our certificates. */
export async function publishedKeys(db: Db, bodyOrgId?: string): Promise<PublicKeyView[]> {
  let q = t(db)
    .selectFrom('registrationSigningKeys')
    .select([
      'id',
      'algorithm',
      'publicKey',
      'bodyOrgId',
      'bodyName',
      'bodyRegionCode',
      'status',
      'createdAt',
      'retiredAt',
    ])
    .orderBy('bodyRegionCode')
    .orderBy('createdAt')
    .orderBy('id')
  if (bodyOrgId) q = q.where('bodyOrgId', '=', bodyOrgId)
  const rows = await q.execute()
  return rows.map((r) => ({
    keyId: r.id,
    algorithm: r.algorithm,
    publicKey: r.publicKey,
    bodyOrgId: r.bodyOrgId,
    bodyName: r.bodyName,
    bodyRegionCode: r.bodyRegionCode,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    retiredAt: r.retiredAt ? r.retiredAt.toISOString() : null,
  }))
}
