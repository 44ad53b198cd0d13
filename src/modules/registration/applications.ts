/**
 * The applicant's side: create and edit a draft, submit (or resubmit after a supplement notice, which restarts
 * the acceptance clock), withdraw. Follow-up kinds (change, correction, cancellation, renewal) name the valid
 * initial registration they act on; a correction may also come from an interested third party with evidence.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import { getWorkingCalendar, type WorkingCalendar } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import type { RequestContext, UserActor } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import type { FieldIssue } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { resourceForSharing } from '../catalog/index.ts'
import { bureauServing } from '../identity/index.ts'
import {
  attachmentCount,
  decodeAttachment,
  MAX_ATTACHMENTS_PER_REGISTRATION,
  storeAttachment,
} from './attachments.ts'
import { renewalOpen, shanghaiDate } from './dates.ts'
import { registrationError } from './errors.ts'
import { computeEvidence, evidenceOf, storeEvidence } from './evidence.ts'
import { actsFor, isApplicant } from './policy.ts'
import { MATERIALS, type MaterialUpload, type RegistrationCreate, type RegistrationPatch } from './schemas.ts'
import { addHistory, findRegistration, t } from './store.ts'
import type { RegistrationRow } from './tables.ts'
import { applyChange, lockVisible, transitionInvalid } from './transition.ts'

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field: `body.${field}`,
  message,
  messageZh,
})

async function checkResources(db: Db, ids: readonly string[], registrantOrgId: string): Promise<void> {
  for (const id of ids) {
    const r = await resourceForSharing(db, id)
    if (!r || r.orgId !== registrantOrgId)
      throw registrationError('registration.resource_invalid', { extra: { resourceId: id } })
  }
}

function initialDue(cal: WorkingCalendar, config: Config, startedOn: string | null | undefined) {
  if (!startedOn) return null
  try {
    return cal.addWorkingDays(startedOn, config.registration.initialDueWorkingDays)
  } catch {
    return null
  }
}

async function targetFor(db: Db, actor: UserActor, input: RegistrationCreate, config: Config, today: string) {
  if (!input.targetId)
    throw registrationError('registration.invalid', {
      fields: [issue('targetId', 'required for this kind', '请指明所针对的登记')],
    })
  const target = await findRegistration(db, input.targetId)
  if (target?.kind !== 'initial' || target.status !== 'valid')
    throw registrationError('registration.target_invalid')
  const own = actor.orgId === target.registrantOrgId
  if (!own && input.kind !== 'correction') throw registrationError('registration.forbidden')
  if (!own && (input.reason ?? '').trim().length < 10)
    throw registrationError('registration.invalid', {
      fields: [
        issue(
          'reason',
          'a third party must state the error and its evidence',
          '利害关系人须说明更正事由及证据',
        ),
      ],
    })
  if (
    input.kind === 'renewal' &&
    !renewalOpen(target.validUntil, today, config.registration.renewalWindowDays)
  )
    throw registrationError('registration.renewal_window', { extra: { validUntil: target.validUntil } })
  return target
}

async function recordCreation(
  trx: Trx,
  ctx: RequestContext,
  r: {
    id: string
    kind: RegistrationCreate['kind']
    targetId: string | null
    registrantOrgId: string
    registrantRegionCode: string
    bodyOrgId: string
  },
  now: Date,
): Promise<void> {
  await addHistory(trx, ctx, { registrationId: r.id, action: 'create', from: null, to: 'draft' }, now)
  await recordAudit(trx, ctx, {
    action: 'registration.create',
    targetType: 'registration',
    targetId: r.id,
    orgId: r.registrantOrgId,
    regionCode: r.registrantRegionCode,
    details: { kind: r.kind, targetId: r.targetId, bodyOrgId: r.bodyOrgId },
  })
}

export async function createRegistration(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: RegistrationCreate,
  now = new Date(),
): Promise<string> {
  const actor = ctx.actor
  if (actor.kind !== 'user' || !actsFor(actor, actor.orgId)) throw registrationError('registration.forbidden')
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  const id = newId()
  await db.transaction().execute(async (trx) => {
    const target = input.kind === 'initial' ? null : await targetFor(trx, actor, input, config, today)
    const registrantOrgId = target?.registrantOrgId ?? actor.orgId
    const registrantRegionCode = target?.registrantRegionCode ?? actor.regionCode
    const body = target
      ? { id: target.bodyOrgId, regionCode: target.bodyRegionCode }
      : await bureauServing(trx, actor.regionCode)
    if (!body) throw registrationError('registration.no_body')
    const dataName = input.dataName?.trim() || target?.dataName
    if (!dataName)
      throw registrationError('registration.invalid', {
        fields: [issue('dataName', 'is required', '请填写数据资源或产品名称')],
      })
    const resources = input.catalogResourceIds ?? target?.catalogResourceIds ?? []
    await checkResources(trx, resources, registrantOrgId)
    await t(trx)
      .insertInto('registrations')
      .values({
        id,
        kind: input.kind,
        targetId: target?.id ?? null,
        status: 'draft',
        registrantOrgId,
        registrantRegionCode,
        applicantOrgId: actor.orgId,
        bodyOrgId: body.id,
        bodyRegionCode: body.regionCode,
        dataName,
        summary: input.summary?.trim() ?? target?.summary ?? '',
        // A third party's correction starts from its own materials: the registrant's are not its to read.
        materials: JSON.stringify(
          input.materials ?? (target?.registrantOrgId === actor.orgId ? target.materials : {}),
        ),
        catalogResourceIds: [...resources],
        operationProductIds: [...(input.operationProductIds ?? target?.operationProductIds ?? [])],
        operationStartedOn: input.operationStartedOn ?? target?.operationStartedOn ?? null,
        initialDue: input.kind === 'initial' ? initialDue(cal, config, input.operationStartedOn) : null,
        mandateEndsOn: input.mandateEndsOn ?? target?.mandateEndsOn ?? null,
        reason: input.reason?.trim() || null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await recordCreation(
      trx,
      ctx,
      {
        id,
        kind: input.kind,
        targetId: target?.id ?? null,
        registrantOrgId,
        registrantRegionCode,
        bodyOrgId: body.id,
      },
      now,
    )
  })
  return id
}

export async function updateDraft(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  patch: RegistrationPatch,
  now = new Date(),
): Promise<void> {
  const cal = await getWorkingCalendar(db)
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isApplicant(ctx.actor, row)) throw registrationError('registration.forbidden')
    if (row.status !== 'draft' && row.status !== 'supplement_required') throw transitionInvalid(row, '修改')
    if (patch.catalogResourceIds) await checkResources(trx, patch.catalogResourceIds, row.registrantOrgId)
    const started = patch.operationStartedOn === undefined ? row.operationStartedOn : patch.operationStartedOn
    await t(trx)
      .updateTable('registrations')
      .set({
        ...(patch.dataName !== undefined ? { dataName: patch.dataName.trim() || row.dataName } : {}),
        ...(patch.summary !== undefined ? { summary: patch.summary.trim() } : {}),
        ...(patch.materials ? { materials: JSON.stringify({ ...row.materials, ...patch.materials }) } : {}),
        ...(patch.catalogResourceIds ? { catalogResourceIds: [...patch.catalogResourceIds] } : {}),
        ...(patch.operationProductIds ? { operationProductIds: [...patch.operationProductIds] } : {}),
        ...(patch.mandateEndsOn !== undefined ? { mandateEndsOn: patch.mandateEndsOn } : {}),
        ...(patch.reason !== undefined ? { reason: patch.reason.trim() || null } : {}),
        operationStartedOn: started,
        initialDue: row.kind === 'initial' ? initialDue(cal, config, started) : null,
        updatedAt: now,
      })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'registration.update',
      targetType: 'registration',
      targetId: id,
      orgId: row.registrantOrgId,
      regionCode: row.registrantRegionCode,
      details: { changed: Object.keys(patch) },
    })
  })
}

/** The required materials still missing: neither text, nor an attachment, nor (for the evidence) a record. */
export async function missingMaterials(db: Db, row: RegistrationRow): Promise<string[]> {
  if (row.kind !== 'initial') return []
  const files = await t(db)
    .selectFrom('registrationAttachments')
    .select('material')
    .where('registrationId', '=', row.id)
    .execute()
  const withFile = new Set(files.map((f) => f.material))
  const evidence = await evidenceOf(db, row.id)
  const text = (code: string) => {
    const v = row.materials[code]
    return typeof v === 'string' && v.trim().length >= 2
  }
  return MATERIALS.filter(
    ([code]) => !text(code) && !withFile.has(code) && !(code === 'evidenceRecord' && evidence.length > 0),
  ).map(([code]) => code)
}

/** Evidence of every linked resource hosted in the datastore, taken at submission. */
async function takeEvidence(db: Db, config: Config, row: RegistrationRow, now: Date): Promise<number> {
  let taken = 0
  for (const resourceId of row.catalogResourceIds) {
    try {
      await storeEvidence(db, row.id, await computeEvidence(db, config, resourceId, now))
      taken += 1
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (code !== 'registration.evidence_unavailable') throw err
    }
  }
  return taken
}

export async function submitRegistration(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  now = new Date(),
): Promise<void> {
  const today = shanghaiDate(now)
  const cal = await getWorkingCalendar(db)
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isApplicant(ctx.actor, row)) throw registrationError('registration.forbidden')
    if (row.status !== 'draft' && row.status !== 'supplement_required') throw transitionInvalid(row, '提交')
    if (row.kind === 'renewal') {
      const target = row.targetId ? await findRegistration(trx, row.targetId) : undefined
      if (!target || !renewalOpen(target.validUntil, today, config.registration.renewalWindowDays))
        throw registrationError('registration.renewal_window')
    }
    const evidence =
      row.kind === 'initial' || row.kind === 'change' ? await takeEvidence(trx, config, row, now) : 0
    const missing = await missingMaterials(trx, row)
    if (missing.length)
      throw registrationError('registration.materials_missing', {
        fields: missing.map((code) =>
          issue(`materials.${code}`, 'missing', `缺少：${MATERIALS.find(([c]) => c === code)?.[1] ?? code}`),
        ),
        extra: { missing },
      })
    const resubmit = row.status === 'supplement_required'
    await applyChange(
      trx,
      ctx,
      row,
      {
        set: {
          status: 'submitted',
          submittedOn: today,
          acceptDue: cal.addWorkingDays(today, config.registration.acceptWorkingDays),
        },
        action: resubmit ? 'resubmit' : 'submit',
        details: { evidenceTaken: evidence },
      },
      now,
    )
  })
}

export async function withdrawRegistration(db: Db, ctx: RequestContext, id: string, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isApplicant(ctx.actor, row)) throw registrationError('registration.forbidden')
    if (!['draft', 'submitted', 'supplement_required'].includes(row.status))
      throw transitionInvalid(row, '撤回')
    await applyChange(trx, ctx, row, { set: { status: 'withdrawn' }, action: 'withdraw' }, now)
  })
}

export async function addMaterialFile(db: Db, ctx: RequestContext, id: string, upload: MaterialUpload) {
  const file = decodeAttachment(upload)
  return db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isApplicant(ctx.actor, row)) throw registrationError('registration.forbidden')
    if (row.status !== 'draft' && row.status !== 'supplement_required')
      throw transitionInvalid(row, '上传材料')
    if ((await attachmentCount(trx, id)) >= MAX_ATTACHMENTS_PER_REGISTRATION)
      throw registrationError('registration.attachment_invalid')
    const attachmentId = await storeAttachment(trx, { registrationId: id, material: upload.material }, file)
    await recordAudit(trx, ctx, {
      action: 'registration.attachment_add',
      targetType: 'registration',
      targetId: id,
      orgId: row.registrantOrgId,
      regionCode: row.registrantRegionCode,
      details: { attachmentId, material: upload.material, sizeBytes: file.content.length },
    })
    return attachmentId
  })
}

/** Recomputes the evidence of the linked resources now (registrant, while editing). */
export async function refreshEvidence(
  db: Db,
  config: Config,
  ctx: RequestContext,
  id: string,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const row = await lockVisible(trx, ctx, id)
    if (!isApplicant(ctx.actor, row)) throw registrationError('registration.forbidden')
    if (row.status !== 'draft' && row.status !== 'supplement_required')
      throw transitionInvalid(row, '生成存证')
    if (row.catalogResourceIds.length === 0) throw registrationError('registration.evidence_unavailable')
    for (const resourceId of row.catalogResourceIds)
      await storeEvidence(trx, id, await computeEvidence(trx, config, resourceId, now))
    await recordAudit(trx, ctx, {
      action: 'registration.evidence',
      targetType: 'registration',
      targetId: id,
      orgId: row.registrantOrgId,
      regionCode: row.registrantRegionCode,
      details: { resources: row.catalogResourceIds },
    })
  })
}
