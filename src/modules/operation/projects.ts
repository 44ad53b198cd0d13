/**
 * Operation projects (授权运营项目): created by the authorizer (a bureau admin), scoped to catalog resources that
 * are operable and graded, with the provider's consent where a resource is held by another org (it reached the
 * authorizer through sharing), approved into force, and given a sandbox scope for their operators.
 */
import { randomBytes } from 'node:crypto'
import { recordAudit } from '../../platform/audit/index.ts'
import { shanghaiDate } from '../../platform/calendar/index.ts'
import type { RequestContext } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { operationFactsOf } from '../catalog/index.ts'
import { createSandboxScope, updateSandboxScope } from '../sandbox/index.ts'
import { operationError } from './errors.ts'
import type { Plan } from './plan.ts'
import { authorizes, isProviderOf } from './policy.ts'
import { type ProjectMode, type ProjectRow, type SelectionMethod, t } from './tables.ts'

export interface ProjectInput {
  readonly name: string
  readonly implementingOrgName: string
  readonly mode: ProjectMode
  readonly domain?: string | null | undefined
  readonly scenario?: string | null | undefined
  readonly termStart: string
  readonly termEnd: string
  readonly plan: Plan
  readonly selectionMethod: SelectionMethod
  readonly selectionRecord: string
}

/** Readable numbers carry the Beijing day, the same day the invoices and reports of that moment carry. */
export const humanCode = (prefix: string, now = new Date()) =>
  `${prefix}${shanghaiDate(now).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`

/** Term ≤ 5 years (第14条), end after start; dates as YYYY-MM-DD. */
export function checkTerm(start: string, end: string): void {
  const s = new Date(`${start}T00:00:00Z`)
  const e = new Date(`${end}T00:00:00Z`)
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime()) || e <= s)
    throw operationError('operation.project_invalid')
  const limit = new Date(s)
  limit.setUTCFullYear(limit.getUTCFullYear() + 5)
  if (e > limit) throw operationError('operation.term_too_long')
}

export async function createProject(db: Db, ctx: RequestContext, input: ProjectInput): Promise<string> {
  const actor = ctx.actor
  if (actor.kind !== 'user' || !authorizes(actor, actor.regionCode))
    throw operationError('operation.forbidden')
  checkTerm(input.termStart, input.termEnd)
  if (
    (input.mode === 'domain' && !input.domain?.trim()) ||
    (input.mode === 'scenario' && !input.scenario?.trim())
  )
    throw operationError('operation.project_invalid', {
      fields: [
        { field: `body.${input.mode}`, message: 'required for this mode', messageZh: '该授权模式须填写' },
      ],
    })
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('operationProjects')
      .values({
        id,
        code: humanCode('SQ'),
        name: input.name.trim(),
        authorizerOrgId: actor.orgId,
        regionCode: actor.regionCode,
        implementingOrgName: input.implementingOrgName.trim(),
        mode: input.mode,
        domain: input.mode === 'domain' ? (input.domain?.trim() ?? null) : null,
        scenario: input.mode === 'scenario' ? (input.scenario?.trim() ?? null) : null,
        termStart: input.termStart,
        termEnd: input.termEnd,
        plan: JSON.stringify(input.plan),
        selectionMethod: input.selectionMethod,
        selectionRecord: input.selectionRecord.trim(),
        createdBy: actor.userId,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.project_create',
      targetType: 'operation_project',
      targetId: id,
      details: { mode: input.mode, termStart: input.termStart, termEnd: input.termEnd },
    })
  })
  return id
}

export async function findProject(db: Db, id: string): Promise<ProjectRow> {
  const row = await t(db).selectFrom('operationProjects').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw operationError('operation.project_not_found')
  return row
}

async function managedProject(db: Db, ctx: RequestContext, id: string): Promise<ProjectRow> {
  const p = await findProject(db, id)
  if (!authorizes(ctx.actor, p.regionCode)) throw operationError('operation.forbidden')
  return p
}

/** Puts a resource in scope: operable and graded; held by another org → awaits that provider's consent. */
export async function addProjectResource(db: Db, ctx: RequestContext, projectId: string, resourceId: string) {
  const p = await managedProject(db, ctx, projectId)
  if (p.status !== 'draft') throw operationError('operation.project_not_draft')
  const facts = (await operationFactsOf(db, [resourceId])).get(resourceId)
  if (!facts) throw operationError('operation.resource_not_found')
  if (!facts.operable) throw operationError('operation.resource_not_operable')
  if (!facts.graded) throw operationError('operation.resource_not_graded')
  const status = facts.orgId === p.authorizerOrgId ? 'included' : 'awaiting_consent'
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .insertInto('operationProjectResources')
      .values({
        projectId,
        resourceId,
        resourceCode: facts.code,
        resourceName: facts.name,
        providerOrgId: facts.orgId,
        status,
      })
      .onConflict((oc) => oc.columns(['projectId', 'resourceId']).doNothing())
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.project_resource_add',
      targetType: 'operation_project',
      targetId: projectId,
      details: { resourceId, status },
    })
  })
  return status
}

export async function removeProjectResource(
  db: Db,
  ctx: RequestContext,
  projectId: string,
  resourceId: string,
) {
  const p = await managedProject(db, ctx, projectId)
  if (p.status !== 'draft') throw operationError('operation.project_not_draft')
  await db.transaction().execute(async (trx) => {
    await t(trx)
      .deleteFrom('operationProjectResources')
      .where('projectId', '=', projectId)
      .where('resourceId', '=', resourceId)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'operation.project_resource_remove',
      targetType: 'operation_project',
      targetId: projectId,
      details: { resourceId },
    })
  })
}

/** The provider's steward or admin consents (or refuses) to a resource's use in the project. */
export async function decideConsent(
  db: Db,
  ctx: RequestContext,
  projectId: string,
  resourceId: string,
  consent: boolean,
  note: string | null,
): Promise<void> {
  const row = await t(db)
    .selectFrom('operationProjectResources')
    .selectAll()
    .where('projectId', '=', projectId)
    .where('resourceId', '=', resourceId)
    .executeTakeFirst()
  const actor = ctx.actor
  if (!row || !isProviderOf(actor, row.providerOrgId)) throw operationError('operation.resource_not_found')
  if (row.status !== 'awaiting_consent') throw operationError('operation.consent_not_pending')
  await db.transaction().execute(async (trx) => {
    const changed = await t(trx)
      .updateTable('operationProjectResources')
      .set({ status: consent ? 'included' : 'refused' })
      .where('projectId', '=', projectId)
      .where('resourceId', '=', resourceId)
      .where('status', '=', 'awaiting_consent')
      .executeTakeFirst()
    if (changed.numUpdatedRows !== 1n) throw operationError('operation.consent_not_pending')
    await t(trx)
      .insertInto('operationConsents')
      .values({
        id: newId(),
        projectId,
        resourceId,
        providerOrgId: row.providerOrgId,
        decision: consent ? 'consent' : 'refuse',
        note,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: consent ? 'operation.consent_give' : 'operation.consent_refuse',
      targetType: 'operation_project',
      targetId: projectId,
      details: { resourceId },
    })
    await syncSandbox(trx, projectId)
  })
}

export async function includedResourceIds(db: Db, projectId: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('operationProjectResources')
    .select('resourceId')
    .where('projectId', '=', projectId)
    .where('status', '=', 'included')
    .execute()
  return rows.map((r) => r.resourceId)
}

/** Keeps the project's sandbox scope on its included resources and its active mandates' operators. */
export async function syncSandbox(trx: Trx, projectId: string): Promise<void> {
  const p = await findProject(trx, projectId)
  if (!p.sandboxScopeId) return
  const operators = await t(trx)
    .selectFrom('operationMandates')
    .select('operatorOrgId')
    .where('projectId', '=', projectId)
    .where('status', '=', 'active')
    .execute()
  const resourceIds = await includedResourceIds(trx, projectId)
  await updateSandboxScope(trx, p.sandboxScopeId, {
    ...(resourceIds.length ? { resourceIds } : {}),
    memberOrgIds: operators.map((o) => o.operatorOrgId),
  })
}

/** Approval into force (三重一大 decision recorded); opens the project's sandbox scope. */
export async function activateProject(
  db: Db,
  ctx: RequestContext,
  projectId: string,
  approvalRecord: string,
) {
  const p = await managedProject(db, ctx, projectId)
  if (p.status !== 'draft') throw operationError('operation.project_not_draft')
  const resourceIds = await includedResourceIds(db, projectId)
  if (resourceIds.length === 0) throw operationError('operation.scope_empty')
  await db.transaction().execute(async (trx) => {
    const scope = await createSandboxScope(trx, {
      kind: 'operation_project',
      refId: projectId,
      resourceIds,
      label: `${p.code} ${p.name}`,
      expiresAt: new Date(`${p.termEnd}T16:00:00Z`),
      memberOrgIds: [],
    })
    await t(trx)
      .updateTable('operationProjects')
      .set({
        status: 'active',
        approvalRecord: approvalRecord.trim(),
        sandboxScopeId: scope.id,
        updatedAt: new Date(),
      })
      .where('id', '=', projectId)
      .execute()
    await syncSandbox(trx, projectId)
    await recordAudit(trx, ctx, {
      action: 'operation.project_activate',
      targetType: 'operation_project',
      targetId: projectId,
      details: { sandboxScopeId: scope.id, resources: resourceIds.length },
    })
  })
}

/** The authorizer decides whether the project's sandbox queries wait for its own approval. */
export async function setSandboxApproval(db: Db, ctx: RequestContext, projectId: string, required: boolean) {
  const p = await managedProject(db, ctx, projectId)
  const actor = ctx.actor
  if (!p.sandboxScopeId || actor.kind !== 'user') throw operationError('operation.project_not_draft')
  const scopeId = p.sandboxScopeId
  await db.transaction().execute(async (trx) => {
    await updateSandboxScope(trx, scopeId, {
      approval: required ? { required: true, approverOrgId: p.authorizerOrgId } : { required: false },
    })
    await recordAudit(trx, ctx, {
      action: 'operation.sandbox_approval',
      targetType: 'operation_project',
      targetId: projectId,
      details: { required },
    })
  })
}
