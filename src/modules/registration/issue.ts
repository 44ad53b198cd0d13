/**
 * Giving effect to a registration that passed notice (or review, for renewal and cancellation): an initial one
 * gets its registration number, validity and first certificate; a change or correction rewrites the registered
 * facts; a renewal extends the validity; each of these signs a new certificate version for the registration. A
 * cancellation ends the registration. Runs inside the caller's transaction on a locked row.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db, JsonObject, Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { orgSummaries } from '../identity/index.ts'
import { CERTIFICATE_TYPE, signDocument } from './certificate-format.ts'
import { addDays, addYears, shanghaiDate } from './dates.ts'
import { evidenceOf } from './evidence.ts'
import { signingKeyOf } from './keys.ts'
import { formatNumber, nextSerial } from './numbers.ts'
import { lockRegistration, t } from './store.ts'
import type { RegistrationRow } from './tables.ts'
import { applyChange } from './transition.ts'

/** The last valid day: `years` from the first, cut at the end of the operation mandate. */
function validUntil(from: string, years: number, mandateEndsOn: string | null): string {
  const full = addDays(addYears(from, years), -1)
  return mandateEndsOn && mandateEndsOn < full ? mandateEndsOn : full
}

/** The verification link printed in the QR code: relative, so each deployment shows its own host. */
export function verificationPath(number: string, version: number): string {
  return `/public/registrations/verify?number=${encodeURIComponent(number)}&version=${version}`
}

interface DocumentInput {
  readonly id: string
  readonly version: number
  readonly reg: RegistrationRow & { number: string; validFrom: string; validUntil: string }
  readonly registrant: { name: string; creditCode: string | null } | undefined
  readonly body: { id: string; name: string; regionCode: string }
  readonly evidence: Awaited<ReturnType<typeof evidenceOf>>
  readonly now: Date
}

/** The signed document: only strings and integers, so its canonical text is the same in every language. */
function certificateDocument({
  id,
  version,
  reg,
  registrant,
  body,
  evidence,
  now,
}: DocumentInput): JsonObject {
  return {
    type: CERTIFICATE_TYPE,
    formatVersion: 1,
    certificateId: id,
    number: reg.number,
    version,
    kind: 'initial',
    registrant: {
      orgId: reg.registrantOrgId,
      name: registrant?.name ?? '',
      creditCode: registrant?.creditCode ?? '',
      regionCode: reg.registrantRegionCode,
    },
    body: { orgId: body.id, name: body.name, regionCode: body.regionCode },
    dataName: reg.dataName,
    summary: reg.summary,
    catalogResourceIds: [...reg.catalogResourceIds],
    operationProductIds: [...reg.operationProductIds],
    evidence: evidence.map((e) => ({
      resourceCode: e.resourceCode,
      rowCount: e.rowCount,
      takenAt: e.takenAt,
      digest: e.digest,
    })),
    issuedAt: now.toISOString(),
    validFrom: reg.validFrom,
    validUntil: reg.validUntil,
    verification: verificationPath(reg.number, version),
  }
}

async function signCertificate(db: Db, config: Config, reg: RegistrationRow, now: Date): Promise<number> {
  const { number, validFrom, validUntil } = reg
  if (!number || !validFrom || !validUntil) throw new Error('certificate of an unissued registration')
  const previous = await t(db)
    .selectFrom('registrationCertificates')
    .select(['version'])
    .where('registrationId', '=', reg.id)
    .orderBy('version', 'desc')
    .executeTakeFirst()
  const version = (previous?.version ?? 0) + 1
  const orgs = await orgSummaries(db, [reg.registrantOrgId, reg.bodyOrgId])
  const body = {
    id: reg.bodyOrgId,
    name: orgs.get(reg.bodyOrgId)?.name ?? '',
    regionCode: reg.bodyRegionCode,
  }
  const { key, privateKey } = await signingKeyOf(db, config, body, now)
  const id = newId()
  const document = certificateDocument({
    id,
    version,
    reg: { ...reg, number, validFrom, validUntil },
    registrant: orgs.get(reg.registrantOrgId),
    body,
    evidence: await evidenceOf(db, reg.id),
    now,
  })
  const { canonical, signature } = signDocument(document, key.algorithm, privateKey)
  await t(db)
    .updateTable('registrationCertificates')
    .set({ supersededAt: now })
    .where('registrationId', '=', reg.id)
    .where('supersededAt', 'is', null)
    .execute()
  await t(db)
    .insertInto('registrationCertificates')
    .values({
      id,
      registrationId: reg.id,
      number,
      version,
      document: canonical,
      keyId: key.id,
      algorithm: key.algorithm,
      signature,
      issuedAt: now,
      supersededAt: null,
    })
    .execute()
  return version
}

async function reload(db: Trx, id: string): Promise<RegistrationRow> {
  const row = await lockRegistration(db, id)
  if (!row) throw new Error(`registration ${id} vanished`)
  return row
}

async function issueInitial(db: Trx, config: Config, ctx: RequestContext, row: RegistrationRow, now: Date) {
  const today = shanghaiDate(now)
  const year = Number(today.slice(0, 4))
  const serial = await nextSerial(db, row.bodyRegionCode, year)
  const number = formatNumber(config.registration.numberPattern, row.bodyRegionCode, year, serial)
  const until = validUntil(today, config.registration.validityYears, row.mandateEndsOn)
  await applyChange(
    db,
    ctx,
    row,
    {
      set: { status: 'valid', number, issuedAt: now, validFrom: today, validUntil: until },
      action: 'issue',
      details: { number, validUntil: until },
    },
    now,
  )
  const version = await signCertificate(db, config, await reload(db, row.id), now)
  await recordAudit(db, ctx, {
    action: 'registration.certificate_sign',
    targetType: 'registration',
    targetId: row.id,
    orgId: row.registrantOrgId,
    regionCode: row.registrantRegionCode,
    details: { number, version },
  })
}

/** Applies a follow-up application to its target and closes the application. */
async function completeFollowUp(
  db: Trx,
  config: Config,
  ctx: RequestContext,
  app: RegistrationRow,
  now: Date,
) {
  if (!app.targetId) throw new Error('follow-up without target')
  const target = await reload(db, app.targetId)
  const close = {
    set: { status: 'completed' as const },
    action: 'complete',
    details: { targetId: target.id },
  }
  if (target.status !== 'valid') {
    await applyChange(
      db,
      ctx,
      app,
      { ...close, set: { status: 'terminated', statusReason: '原登记已不在有效状态' } },
      now,
    )
    return
  }
  if (app.kind === 'cancellation') {
    await applyChange(
      db,
      ctx,
      target,
      {
        set: { status: 'cancelled', statusReason: app.reason },
        action: 'cancel',
        reason: app.reason,
        details: { applicationId: app.id },
      },
      now,
    )
    await applyChange(db, ctx, app, close, now)
    return
  }
  const facts =
    app.kind === 'renewal'
      ? {
          validUntil: validUntil(
            addDays(target.validUntil ?? shanghaiDate(now), 1),
            config.registration.validityYears,
            app.mandateEndsOn,
          ),
          mandateEndsOn: app.mandateEndsOn,
        }
      : {
          dataName: app.dataName,
          summary: app.summary,
          materials: JSON.stringify(app.materials),
          catalogResourceIds: [...app.catalogResourceIds],
          operationProductIds: [...app.operationProductIds],
          mandateEndsOn: app.mandateEndsOn,
        }
  await applyChange(
    db,
    ctx,
    target,
    {
      set: { status: 'valid', ...facts },
      action: app.kind,
      reason: app.reason,
      details: { applicationId: app.id },
    },
    now,
  )
  if (app.kind !== 'renewal') {
    const evidence = await evidenceOf(db, app.id)
    for (const e of evidence)
      await t(db)
        .insertInto('registrationEvidence')
        .values({ ...e, id: newId(), registrationId: target.id, takenAt: new Date(e.takenAt) })
        .execute()
  }
  await signCertificate(db, config, await reload(db, target.id), now)
  await applyChange(db, ctx, app, close, now)
}

export async function giveEffect(
  db: Trx,
  config: Config,
  ctx: RequestContext,
  row: RegistrationRow,
  now: Date,
) {
  if (row.kind === 'initial') await issueInitial(db, config, ctx, row, now)
  else await completeFollowUp(db, config, ctx, row, now)
}
