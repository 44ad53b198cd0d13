import { recordAudit } from '../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../platform/context.ts'
import type { Db, Trx } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { dropDatastoreTable } from '../datastore/index.ts'
import { orgFacts, orgSummaries } from '../identity/index.ts'
import { catalogError } from './errors.ts'
import { canEditFor, canRead } from './policy.ts'
import { refreshSearchIndex } from './search/indexer.ts'
import {
  fieldCounts,
  findResource,
  lockResource,
  nextResourceCode,
  replaceFields,
  reserveResourceCode,
  resourceFields,
  t,
} from './store.ts'
import type { FieldRow, ResourceRow } from './tables.ts'
import { type ResourceInput, resourceIssues } from './validate.ts'
import type { FieldDataType, FieldGrade } from './vocabulary.ts'

export interface Field {
  id: string
  position: number
  name: string
  code: string
  dataType: FieldDataType
  length: number | null
  description: string
  isKey: boolean
  grade: FieldGrade | null
  elementCode: string | null
  authoritative: boolean
}

export type Resource = Omit<
  ResourceRow,
  'createdBy' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'publishedAt' | 'lastDataUpdateAt'
> & {
  orgName: string
  orgCreditCode: string | null
  sourceOrgName: string | null
  fieldCount: number
  createdAt: string
  updatedAt: string
  submittedAt: string | null
  publishedAt: string | null
  lastDataUpdateAt: string | null
}

export type ResourceDetail = Resource & { fields: Field[] }

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toField(row: FieldRow): Field {
  const { resourceId: _r, ...rest } = row
  return rest
}

/** Adds org names and counts to rows; one query per kind, whatever the page size. */
export async function toResources(db: Db, rows: readonly ResourceRow[]): Promise<Resource[]> {
  // Independent reads: on PostgreSQL they run on two pooled connections at once.
  const [orgs, counts] = await Promise.all([
    orgSummaries(
      db,
      rows.flatMap((r) => (r.sourceOrgId ? [r.orgId, r.sourceOrgId] : [r.orgId])),
    ),
    fieldCounts(
      db,
      rows.map((r) => r.id),
    ),
  ])
  return rows.map(({ createdBy: _c, ...r }) => ({
    ...r,
    orgName: orgs.get(r.orgId)?.name ?? '',
    orgCreditCode: orgs.get(r.orgId)?.creditCode ?? null,
    sourceOrgName: r.sourceOrgId ? (orgs.get(r.sourceOrgId)?.name ?? null) : null,
    fieldCount: counts.get(r.id) ?? 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    publishedAt: iso(r.publishedAt),
    lastDataUpdateAt: iso(r.lastDataUpdateAt),
  }))
}

export async function resourceDetail(db: Db, row: ResourceRow): Promise<ResourceDetail> {
  const [resource] = await toResources(db, [row])
  if (!resource) throw catalogError('catalog.resource_not_found')
  const fields = await resourceFields(db, [row.id])
  return { ...resource, fields: fields.map(toField) }
}

/** Reads a resource the actor may see; others get the same 404 as a missing one. */
export async function readableResource(db: Db, actor: Actor, id: string): Promise<ResourceRow> {
  const row = await findResource(db, id)
  if (!row || !canRead(actor, row)) throw catalogError('catalog.resource_not_found')
  return row
}

export async function getResource(db: Db, ctx: RequestContext, id: string): Promise<ResourceDetail> {
  return resourceDetail(db, await readableResource(db, ctx.actor, id))
}

function invalid(issues: ReturnType<typeof resourceIssues>) {
  return catalogError('catalog.resource_invalid', {
    fields: issues,
    detail: {
      zh: issues.map((i) => `${i.field}：${i.messageZh ?? i.message}`).join('；'),
      en: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    },
  })
}

async function assertUniqueName(db: Db, orgId: string, name: string, exceptId?: string): Promise<void> {
  const dup = await t(db)
    .selectFrom('resources')
    .select('id')
    .where('orgId', '=', orgId)
    .where('name', '=', name)
    .where('status', '!=', 'retired')
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId ?? ''))
    .executeTakeFirst()
  if (dup)
    throw catalogError('catalog.name_taken', {
      fields: [{ field: 'body.name', message: 'taken', messageZh: '本单位已有同名资源' }],
    })
}

async function assertSourceOrg(db: Db, sourceOrgId: string | null | undefined): Promise<void> {
  if (sourceOrgId && !(await orgFacts(db, sourceOrgId))) {
    throw invalid([{ field: 'body.sourceOrgId', message: 'unknown org', messageZh: '数源部门不存在' }])
  }
}

function metadataValues(input: ResourceInput) {
  return {
    name: input.name.trim(),
    summary: input.summary?.trim() ?? '',
    category: input.category,
    classCode: input.classCode,
    className: input.className?.trim() ?? '',
    format: input.format,
    shareType: input.shareType,
    shareCondition: input.shareType === 'unconditional' ? null : (input.shareCondition?.trim() ?? null),
    shareMethod: input.shareMethod?.trim() || null,
    openType: input.openType,
    openCondition:
      input.openType === 'closed'
        ? input.openCondition?.trim() || null
        : (input.openCondition?.trim() ?? null),
    operable: input.operable ?? false,
    updateFrequency: input.updateFrequency,
    publishDate: input.publishDate || null,
    relatedCodes: input.relatedCodes ?? [],
    sourceOrgId: input.sourceOrgId ?? null,
  }
}

/**
 * Creates a draft inside the caller's transaction (the Excel import batches many). The provider defaults to the
 * actor's org; only that org's stewards may catalogue for it.
 */
export async function insertDraft(trx: Trx, ctx: RequestContext, input: ResourceInput): Promise<string> {
  const actor = ctx.actor
  const orgId = input.orgId ?? (actor.kind === 'user' ? actor.orgId : '')
  if (!canEditFor(actor, orgId)) throw catalogError('catalog.forbidden')
  const org = await orgFacts(trx, orgId)
  if (!org) throw invalid([{ field: 'body.orgId', message: 'unknown org', messageZh: '提供单位不存在' }])
  const issues = resourceIssues(input)
  if (issues.length) throw invalid(issues)
  await assertSourceOrg(trx, input.sourceOrgId)
  await assertUniqueName(trx, orgId, input.name.trim())
  let code: string
  if (input.code) {
    const taken = await t(trx)
      .selectFrom('resources')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst()
    if (taken)
      throw catalogError('catalog.code_taken', {
        fields: [{ field: 'body.code', message: 'taken', messageZh: '资源代码已被使用' }],
      })
    await reserveResourceCode(trx, input.code)
    code = input.code
  } else {
    code = await nextResourceCode(trx, input.classCode)
  }
  const id = newId()
  await t(trx)
    .insertInto('resources')
    .values({
      id,
      orgId,
      regionCode: org.regionCode,
      code,
      ...metadataValues(input),
      createdBy: actor.kind === 'user' ? actor.userId : null,
    })
    .execute()
  await replaceFields(trx, id, input.fields ?? [], newId)
  await refreshSearchIndex(trx, [id])
  await recordAudit(trx, ctx, {
    action: 'catalog.resource_create',
    targetType: 'resource',
    targetId: id,
    orgId,
    regionCode: org.regionCode,
    details: { code, name: input.name.trim() },
  })
  return id
}

export async function createResource(
  db: Db,
  ctx: RequestContext,
  input: ResourceInput,
): Promise<ResourceDetail> {
  const id = await db.transaction().execute((trx) => insertDraft(trx, ctx, input))
  return getResource(db, ctx, id)
}

export type ResourcePatch = Partial<Omit<ResourceInput, 'orgId' | 'code'>>

/** Changes a draft or returned resource inside the caller's transaction; the merged result is re-validated whole. */
export async function patchDraft(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  patch: ResourcePatch,
): Promise<void> {
  const row = await lockResource(trx, id)
  if (!row || !canRead(ctx.actor, row)) throw catalogError('catalog.resource_not_found')
  if (!canEditFor(ctx.actor, row.orgId)) throw catalogError('catalog.forbidden')
  if (row.status !== 'draft' && row.status !== 'returned') throw catalogError('catalog.resource_not_editable')
  const current = await resourceFields(trx, [id])
  const merged: ResourceInput = {
    ...row,
    fields: current.map(toField),
    ...patch,
    // The stored code is not input: it follows the class code below.
    code: undefined,
  }
  const issues = resourceIssues(merged)
  if (issues.length) throw invalid(issues)
  if (patch.sourceOrgId !== undefined) await assertSourceOrg(trx, patch.sourceOrgId)
  if (patch.name !== undefined) await assertUniqueName(trx, row.orgId, patch.name.trim(), id)
  // A new class means a new code: the old one is simply never issued again.
  const code =
    patch.classCode !== undefined && patch.classCode !== row.classCode
      ? await nextResourceCode(trx, patch.classCode)
      : row.code
  await t(trx)
    .updateTable('resources')
    .set({ ...metadataValues(merged), code, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
  if (patch.fields !== undefined) await replaceFields(trx, id, patch.fields, newId)
  await refreshSearchIndex(trx, [id])
  await recordAudit(trx, ctx, {
    action: 'catalog.resource_update',
    targetType: 'resource',
    targetId: id,
    orgId: row.orgId,
    regionCode: row.regionCode,
    details: { changed: Object.keys(patch) },
  })
}

export async function updateResource(
  db: Db,
  ctx: RequestContext,
  id: string,
  patch: ResourcePatch,
): Promise<ResourceDetail> {
  await db.transaction().execute((trx) => patchDraft(trx, ctx, id, patch))
  return getResource(db, ctx, id)
}

/** Only a resource that was never published disappears; published history stays. */
export async function deleteDraft(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockResource(trx, id)
    if (!row || !canRead(ctx.actor, row)) throw catalogError('catalog.resource_not_found')
    if (!canEditFor(ctx.actor, row.orgId)) throw catalogError('catalog.forbidden')
    if (row.version > 0 || (row.status !== 'draft' && row.status !== 'returned'))
      throw catalogError('catalog.transition_invalid')
    await t(trx).deleteFrom('resources').where('id', '=', id).execute()
    // A draft may already have been loaded with data; its table goes with it.
    await dropDatastoreTable(trx, id)
    await recordAudit(trx, ctx, {
      action: 'catalog.resource_delete',
      targetType: 'resource',
      targetId: id,
      orgId: row.orgId,
      regionCode: row.regionCode,
      details: { code: row.code },
    })
  })
}
