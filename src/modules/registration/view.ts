/** Rows → API shapes, with org names, deadlines and the actions the actor may take. */
import { getWorkingCalendar } from '../../platform/calendar/index.ts'
import type { Config } from '../../platform/config.ts'
import type { Actor } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import { orgSummaries } from '../identity/index.ts'
import { countdown, currentDue, renewalOpen, shanghaiDate } from './dates.ts'
import { evidenceOf } from './evidence.ts'
import { isApplicant, isBodyStaff } from './policy.ts'
import { type Action, MATERIALS, type Registration, type RegistrationDetail } from './schemas.ts'
import { historyOf, t } from './store.ts'
import type { RegistrationRow } from './tables.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export async function toRegistrations(
  db: Db,
  config: Config,
  rows: readonly RegistrationRow[],
  now = new Date(),
): Promise<Registration[]> {
  const cal = await getWorkingCalendar(db)
  const today = shanghaiDate(now)
  const orgs = await orgSummaries(
    db,
    rows.flatMap((r) => [r.registrantOrgId, r.applicantOrgId, r.bodyOrgId]),
  )
  const targetIds = [...new Set(rows.map((r) => r.targetId).filter((id): id is string => id !== null))]
  const targets = targetIds.length
    ? await t(db).selectFrom('registrations').select(['id', 'number']).where('id', 'in', targetIds).execute()
    : []
  const numbers = new Map(targets.map((r) => [r.id, r.number]))
  const name = (id: string) => orgs.get(id)?.name ?? ''
  return rows.map((r) => {
    const due = currentDue(r)
    const clock = countdown(cal, due, today)
    return {
      id: r.id,
      kind: r.kind,
      targetId: r.targetId,
      targetNumber: r.targetId ? (numbers.get(r.targetId) ?? null) : null,
      status: r.status,
      registrantOrgId: r.registrantOrgId,
      registrantName: name(r.registrantOrgId),
      applicantOrgId: r.applicantOrgId,
      applicantName: name(r.applicantOrgId),
      bodyOrgId: r.bodyOrgId,
      bodyName: name(r.bodyOrgId),
      bodyRegionCode: r.bodyRegionCode,
      dataName: r.dataName,
      summary: r.summary,
      number: r.number,
      catalogResourceIds: r.catalogResourceIds,
      operationProductIds: r.operationProductIds,
      operationStartedOn: r.operationStartedOn,
      initialDue: r.initialDue,
      mandateEndsOn: r.mandateEndsOn,
      reason: r.reason,
      submittedOn: r.submittedOn,
      acceptDue: r.acceptDue,
      reviewDue: r.reviewDue,
      noticeStartsOn: r.noticeStartsOn,
      noticeDue: r.noticeDue,
      cancelDue: r.cancelDue,
      currentDue: due,
      workingDaysLeft: clock.workingDaysLeft,
      overdue: clock.overdue,
      issuedAt: iso(r.issuedAt),
      validFrom: r.validFrom,
      validUntil: r.validUntil,
      renewalOpen:
        r.status === 'valid' && renewalOpen(r.validUntil, today, config.registration.renewalWindowDays),
      statusReason: r.statusReason,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }
  })
}

/** What the actor may do now (for the console's buttons); the services check the same rules again. */
export function availableActions(actor: Actor, row: RegistrationRow, pendingObjections: number): Action[] {
  const out: Action[] = []
  if (isApplicant(actor, row)) {
    if (row.status === 'draft' || row.status === 'supplement_required') out.push('edit', 'submit')
    if (['draft', 'submitted', 'supplement_required'].includes(row.status)) out.push('withdraw')
  }
  if (isBodyStaff(actor, row.bodyOrgId)) {
    if (row.status === 'submitted') out.push('request_supplement', 'accept', 'refuse')
    if (row.status === 'under_review') out.push('approve', 'reject')
    if (row.status === 'valid') out.push('revoke')
    if (pendingObjections > 0 && ['public_notice', 'objection_review'].includes(row.status))
      out.push('decide_objection')
  }
  return out
}

export async function attachmentsOf(db: Db, where: { registrationId?: string; objectionIds?: string[] }) {
  let q = t(db)
    .selectFrom('registrationAttachments')
    .select(['id', 'material', 'fileName', 'contentType', 'sizeBytes', 'sm3', 'createdAt', 'objectionId'])
    .orderBy('createdAt')
    .orderBy('id')
  if (where.registrationId) q = q.where('registrationId', '=', where.registrationId)
  else if (where.objectionIds?.length) q = q.where('objectionId', 'in', where.objectionIds)
  else return []
  const rows = await q.execute()
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))
}

export async function toDetail(
  db: Db,
  config: Config,
  actor: Actor,
  row: RegistrationRow,
): Promise<RegistrationDetail> {
  const [base] = await toRegistrations(db, config, [row])
  if (!base) throw new Error('unreachable: one row in, one view out')
  const objections = await t(db)
    .selectFrom('registrationObjections')
    .selectAll()
    .where('registrationId', '=', row.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  const objectionFiles = await attachmentsOf(db, { objectionIds: objections.map((o) => o.id) })
  const attachments = await attachmentsOf(db, { registrationId: row.id })
  const evidence = await evidenceOf(db, row.id)
  const materials: Record<string, string> = {}
  for (const [k, v] of Object.entries(row.materials)) if (typeof v === 'string') materials[k] = v
  const cert = await t(db)
    .selectFrom('registrationCertificates')
    .select('version')
    .where('registrationId', '=', row.id)
    .orderBy('version', 'desc')
    .executeTakeFirst()
  const pending = objections.filter((o) => o.status === 'pending').length
  const gaps = Array.isArray(row.supplementGaps?.gaps) ? row.supplementGaps.gaps : null
  return {
    ...base,
    materials,
    materialChecklist: MATERIALS.map(([code, name]) => ({
      code,
      name,
      required: row.kind === 'initial',
      provided:
        (materials[code]?.trim().length ?? 0) >= 2 ||
        attachments.some((a) => a.material === code) ||
        (code === 'evidenceRecord' && evidence.length > 0),
    })),
    supplementGaps: gaps
      ? gaps.flatMap((g) =>
          g && typeof g === 'object' && !Array.isArray(g)
            ? [{ material: String(g.material ?? ''), note: String(g.note ?? '') }]
            : [],
        )
      : null,
    attachments: attachments.map(({ objectionId: _o, ...a }) => a),
    evidence,
    objections: objections.map((o) => ({
      id: o.id,
      realName: o.realName,
      // The objector's contact is for the body that reviews; the registrant sees who objected and why.
      contact: isBodyStaff(actor, row.bodyOrgId) ? o.contact : `${o.contact.slice(0, 3)}****`,
      content: o.content,
      status: o.status,
      decisionReason: o.decisionReason,
      decidedAt: iso(o.decidedAt),
      createdAt: o.createdAt.toISOString(),
      attachments: objectionFiles.filter((a) => a.objectionId === o.id).map(({ objectionId: _o, ...a }) => a),
    })),
    certificateVersion: cert?.version ?? null,
    history: await historyOf(db, row.id),
    actions: availableActions(actor, row, pending),
  }
}
