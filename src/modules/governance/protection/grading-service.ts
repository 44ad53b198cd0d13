/** Saving, reading and listing gradings, with 就高从严 propagation to derived resources. */
import { sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import type { PageResult, PageWindow } from '../../../platform/http/index.ts'
import type { Grade } from '../../../platform/masking/index.ts'
import { isWithinRegion, regionPrefix } from '../../../platform/validators/index.ts'
import { canRead, type GradingFacts } from '../../catalog/index.ts'
import { protectionError } from './errors.ts'
import { type GradePolicy, gradePolicies, policyIssues } from './grade-policies.ts'
import {
  decidedGrade,
  derivedGrade,
  effectiveGrades,
  factsOrThrow,
  type GradingInput,
  pushFieldGrades,
  writeFieldDecisions,
} from './grading.ts'
import { highest, rank } from './matrix.ts'
import { bureauScopes, canGrade, canReviewGrading } from './policy.ts'
import { type GradingRow, p } from './tables.ts'

export interface GradingView {
  readonly resource: Omit<GradingFacts, 'fields'>
  readonly decision: GradingRow | null
  readonly effectiveGrade: Grade | null
  readonly fields: {
    code: string
    name: string
    dataType: string
    grade: string | null
    decision: GradingRow | null
    sensitiveType: string | null
    confirmed: boolean
  }[]
  readonly inputs: { id: string; grade: Grade | null }[]
  readonly policy: GradePolicy | null
  readonly issues: string[]
  readonly canEdit: boolean
  readonly canReview: boolean
}

export async function getGrading(db: Db, actor: Actor, resourceId: string): Promise<GradingView> {
  const facts = await factsOrThrow(db, resourceId)
  if (!canRead(actor, facts) && !canGrade(actor, facts)) throw protectionError('grading.resource_not_found')
  const rows = await p(db).selectFrom('gradings').selectAll().where('resourceId', '=', resourceId).execute()
  const types = await p(db)
    .selectFrom('fieldSensitivity')
    .select(['fieldCode', 'sensitiveType'])
    .where('resourceId', '=', resourceId)
    .execute()
  const typeOf = new Map(types.map((t) => [t.fieldCode, t.sensitiveType]))
  const decision = rows.find((r) => r.fieldCode === '') ?? null
  const effective = highest(rows.map((r) => r.grade))
  const inputIds = decision?.derivedFrom ?? []
  const inputGrades = await effectiveGrades(db, inputIds)
  const policies = await gradePolicies(db)
  const policy = effective ? (policies.find((x) => x.grade === effective) ?? null) : null
  const { fields, ...resource } = facts
  return {
    resource,
    decision,
    effectiveGrade: effective,
    fields: fields.map((f) => ({
      code: f.code,
      name: f.name,
      dataType: f.dataType,
      grade: f.grade,
      decision: rows.find((r) => r.fieldCode === f.code) ?? null,
      sensitiveType: typeOf.get(f.code) ?? null,
      confirmed: typeOf.has(f.code),
    })),
    inputs: inputIds.map((id) => ({ id, grade: inputGrades.get(id) ?? null })),
    policy,
    issues: policy ? policyIssues(policy, facts) : [],
    canEdit: canGrade(actor, facts),
    canReview: canReviewGrading(actor, facts),
  }
}

/** The resource-level grading row as saved: reviewer and date only when the bureau reviewed it. */
function resourceRow(
  ctx: RequestContext,
  facts: GradingFacts,
  input: GradingInput,
  grade: Grade,
  reviewed: boolean,
) {
  const user = ctx.actor.kind === 'user' ? ctx.actor : null
  return {
    resourceId: facts.id,
    fieldCode: '',
    resourceCode: facts.code,
    resourceName: facts.name,
    orgId: facts.orgId,
    regionCode: facts.regionCode,
    categoryPath: input.categoryPath.trim(),
    grade,
    impactObject: input.impactObject,
    impactDegree: input.impactDegree,
    basis: input.basis?.trim() ?? '',
    sensitivePi: (input.piCategories?.length ?? 0) > 0,
    piCategories: [...new Set(input.piCategories ?? [])],
    derivedFrom: [...new Set(input.derivedFrom ?? [])],
    reviewed,
    gradedBy: user?.userId ?? null,
    reviewerId: reviewed ? (user?.userId ?? null) : null,
    reviewerName: reviewed ? (user?.displayName ?? null) : null,
    reviewedAt: reviewed ? new Date() : null,
    updatedAt: new Date(),
  }
}

export async function saveGrading(
  db: Db,
  ctx: RequestContext,
  resourceId: string,
  input: GradingInput,
): Promise<GradingView> {
  const facts = await factsOrThrow(db, resourceId)
  if (!canGrade(ctx.actor, facts)) throw protectionError('grading.forbidden')
  const reviewed = input.reviewed === true
  if (reviewed && !canReviewGrading(ctx.actor, facts))
    throw protectionError('grading.forbidden', {
      detail: {
        zh: '仅数据局审核员或管理员可标记为已审核',
        en: 'Only the bureau may mark a grading reviewed',
      },
    })
  if ((input.derivedFrom ?? []).includes(resourceId))
    throw protectionError('grading.invalid', {
      fields: [{ field: 'body.derivedFrom', message: 'cannot include itself', messageZh: '不能包含自身' }],
    })
  const grade = await derivedGrade(db, input, decidedGrade(input), reviewed)
  await db.transaction().execute(async (trx) => {
    const row = resourceRow(ctx, facts, input, grade, reviewed)
    await p(trx)
      .insertInto('gradings')
      .values(row)
      .onConflict((oc) => oc.columns(['resourceId', 'fieldCode']).doUpdateSet(row))
      .execute()
    if (input.fields) {
      const keep = input.fields.map((f) => f.code)
      await p(trx)
        .deleteFrom('gradings')
        .where('resourceId', '=', resourceId)
        .where('fieldCode', '!=', '')
        .$if(keep.length > 0, (q) => q.where('fieldCode', 'not in', keep))
        .execute()
      await writeFieldDecisions(trx, ctx, facts, input.fields)
    }
    const pushed = await pushFieldGrades(trx, facts)
    await recordAudit(trx, ctx, {
      action: 'governance.grading_set',
      targetType: 'resource',
      targetId: resourceId,
      orgId: facts.orgId,
      regionCode: facts.regionCode,
      details: { grade, reviewed, fields: pushed, derivedFrom: row.derivedFrom },
    })
    await raiseDerived(trx, ctx, resourceId, new Set([resourceId]))
  })
  return getGrading(db, ctx.actor, resourceId)
}

/**
 * 就高从严: derived resources (not reviewed) of a resource whose grade rose are raised to it, and theirs in turn.
 */
export async function raiseDerived(trx: Trx, ctx: RequestContext, resourceId: string, seen: Set<string>) {
  const [grade] = (await effectiveGrades(trx, [resourceId])).values()
  if (!grade) return
  const dependents = await p(trx)
    .selectFrom('gradings')
    .selectAll()
    .where('fieldCode', '=', '')
    .where('reviewed', '=', false)
    .where(sql<boolean>`derived_from @> array[${resourceId}]::uuid[]`)
    .execute()
  for (const d of dependents) {
    if (seen.has(d.resourceId) || rank(d.grade) >= rank(grade)) continue
    seen.add(d.resourceId)
    await p(trx)
      .updateTable('gradings')
      .set({ grade, updatedAt: new Date() })
      .where('resourceId', '=', d.resourceId)
      .where('fieldCode', '=', '')
      .execute()
    const facts = await factsOrThrow(trx, d.resourceId)
    await pushFieldGrades(trx, facts)
    await recordAudit(trx, ctx, {
      action: 'governance.grading_raised',
      targetType: 'resource',
      targetId: d.resourceId,
      orgId: d.orgId,
      regionCode: d.regionCode,
      details: { from: d.grade, to: grade, because: resourceId },
    })
    await raiseDerived(trx, ctx, d.resourceId, seen)
  }
}

/** An ILIKE pattern matching `text` anywhere, with the pattern characters of the input taken literally. */
const like = (text: string | undefined) => `%${(text ?? '').replace(/[\\%_]/g, '\\$&')}%`

export interface GradingListQuery {
  readonly grade?: Grade | undefined
  readonly q?: string | undefined
  readonly sensitivePi?: boolean | undefined
}

/** Resource-level gradings the actor may see: its own org's, or a bureau role's region subtree. */
export async function listGradings(
  db: Db,
  actor: Actor,
  query: GradingListQuery,
  window: PageWindow,
): Promise<PageResult<GradingRow>> {
  if (actor.kind !== 'user') return { items: [], total: 0, page: window.page, pageSize: window.pageSize }
  const scopes = bureauScopes(actor, ['bureau_admin', 'reviewer', 'auditor'])
  const rows = await p(db)
    .selectFrom('gradings')
    .selectAll()
    .select(sql<string>`count(*) over ()`.as('fullCount'))
    .where('fieldCode', '=', '')
    .where((eb) =>
      eb.or([
        eb('orgId', '=', actor.orgId),
        ...scopes.map((s) => eb('regionCode', 'like', `${regionPrefix(s)}%`)),
      ]),
    )
    .$if(query.grade !== undefined, (q) => q.where('grade', '=', query.grade as Grade))
    .$if(query.sensitivePi !== undefined, (q) => q.where('sensitivePi', '=', query.sensitivePi === true))
    .$if(Boolean(query.q), (q) =>
      q.where((eb) =>
        eb.or([
          eb('resourceName', 'ilike', like(query.q)),
          eb('resourceCode', 'ilike', like(query.q)),
          eb('categoryPath', 'ilike', like(query.q)),
        ]),
      ),
    )
    .orderBy('updatedAt', 'desc')
    .orderBy('resourceId')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
  const total = rows[0] ? Number(rows[0].fullCount) : 0
  const visible = rows.filter(
    (r) => r.orgId === actor.orgId || scopes.some((s) => isWithinRegion(r.regionCode, s)),
  )
  return {
    items: visible.map(({ fullCount: _c, ...r }) => r),
    total,
    page: window.page,
    pageSize: window.pageSize,
  }
}
