/**
 * Mandates (授权) of operators in a project, each with its authorisation agreement's 13 clauses, and the
 * attachments (signed agreement, selection record, approval minutes) of projects and mandates.
 */
import { recordAudit } from '../../platform/audit/index.ts'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import { sm3 } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { orgFacts } from '../identity/index.ts'
import { operationError } from './errors.ts'
import type { Agreement } from './plan.ts'
import { authorizes } from './policy.ts'
import { checkTerm, findProject, syncSandbox } from './projects.ts'
import { type MandateRow, t } from './tables.ts'

export interface MandateInput {
  readonly operatorOrgId: string
  readonly content: string
  readonly termStart: string
  readonly termEnd: string
  readonly agreementNo: string
  readonly agreement: Agreement
  readonly authorizerShareBp: number
  readonly signedOn: string
}

export async function createMandate(db: Db, ctx: RequestContext, projectId: string, input: MandateInput) {
  const p = await findProject(db, projectId)
  if (!authorizes(ctx.actor, p.regionCode)) throw operationError('operation.forbidden')
  if (p.status === 'ended') throw operationError('operation.project_not_draft')
  checkTerm(input.termStart, input.termEnd)
  if (input.termStart < p.termStart || input.termEnd > p.termEnd)
    throw operationError('operation.mandate_invalid', {
      fields: [
        { field: 'body.termEnd', message: "outside the project's term", messageZh: '超出项目授权期限' },
      ],
    })
  const org = await orgFacts(db, input.operatorOrgId)
  if (org?.type !== 'operator' || org.status !== 'active') throw operationError('operation.not_operator')
  const exists = await t(db)
    .selectFrom('operationMandates')
    .select('id')
    .where('projectId', '=', projectId)
    .where('operatorOrgId', '=', input.operatorOrgId)
    .executeTakeFirst()
  if (exists) throw operationError('operation.mandate_exists')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('operationMandates')
      .values({
        id,
        projectId,
        operatorOrgId: input.operatorOrgId,
        content: input.content.trim(),
        termStart: input.termStart,
        termEnd: input.termEnd,
        agreementNo: input.agreementNo.trim(),
        agreement: JSON.stringify(input.agreement),
        authorizerShareBp: input.authorizerShareBp,
        signedOn: input.signedOn,
      })
      .execute()
    await syncSandbox(trx, projectId)
    await recordAudit(trx, ctx, {
      action: 'operation.mandate_create',
      targetType: 'operation_mandate',
      targetId: id,
      details: { projectId, operatorOrgId: input.operatorOrgId, termEnd: input.termEnd },
    })
  })
  return id
}

export async function findMandate(db: Db, id: string): Promise<MandateRow> {
  const row = await t(db).selectFrom('operationMandates').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw operationError('operation.mandate_not_found')
  return row
}

/** Active, and today inside its term (Beijing date). */
export function mandateInForce(m: MandateRow, now = new Date()): boolean {
  const today = shanghaiDate(now)
  return m.status === 'active' && m.termStart <= today && today <= m.termEnd
}

export async function setMandateStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  status: 'active' | 'suspended' | 'ended',
): Promise<void> {
  const m = await findMandate(db, id)
  const p = await findProject(db, m.projectId)
  if (!authorizes(ctx.actor, p.regionCode)) throw operationError('operation.forbidden')
  if (m.status === 'ended') throw operationError('operation.mandate_inactive')
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .updateTable('operationMandates')
      .set({ status, updatedAt: new Date() })
      .where('id', '=', id)
      .execute()
    await syncSandbox(trx, m.projectId)
    await recordAudit(trx, ctx, {
      action: `operation.mandate_${status === 'active' ? 'resume' : status === 'suspended' ? 'suspend' : 'end'}`,
      targetType: 'operation_mandate',
      targetId: id,
    })
  })
}

const MAX_ATTACHMENT = 5 * 1024 * 1024
const ATTACHMENT_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
])

export interface AttachmentInput {
  readonly name: string
  readonly contentType: string
  /** Base64 of the file. */
  readonly content: string
}

/** The authorizer attaches a file to a project or to a mandate (its agreement). */
export async function addAttachment(
  db: Db,
  ctx: RequestContext,
  owner: { type: 'project' | 'mandate'; id: string },
  input: AttachmentInput,
): Promise<string> {
  const projectId = owner.type === 'project' ? owner.id : (await findMandate(db, owner.id)).projectId
  const p = await findProject(db, projectId)
  const actor = ctx.actor
  if (actor.kind !== 'user' || !authorizes(actor, p.regionCode)) throw operationError('operation.forbidden')
  const data = Buffer.from(input.content, 'base64')
  if (
    !ATTACHMENT_TYPES.has(input.contentType) ||
    data.length === 0 ||
    data.length > MAX_ATTACHMENT ||
    data.toString('base64').replace(/=+$/, '') !== input.content.replace(/\s/g, '').replace(/=+$/, '')
  )
    throw operationError('operation.attachment_invalid')
  const id = newId()
  const digest = sm3(data)
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('operationAttachments')
      .values({
        id,
        ownerType: owner.type,
        ownerId: owner.id,
        name: input.name.trim().slice(0, 200),
        contentType: input.contentType,
        size: data.length,
        sm3: digest,
        data,
        uploadedBy: actor.userId,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.attachment_add',
      targetType: `operation_${owner.type}`,
      targetId: owner.id,
      details: { attachmentId: id, size: data.length, sm3: digest },
    })
  })
  return id
}

export async function attachmentsOf(db: Db, ownerIds: readonly string[]) {
  if (ownerIds.length === 0) return []
  return t(db)
    .selectFrom('operationAttachments')
    .select(['id', 'ownerType', 'ownerId', 'name', 'contentType', 'size', 'sm3', 'uploadedAt'])
    .where('ownerId', 'in', [...ownerIds])
    .orderBy('uploadedAt')
    .execute()
}
