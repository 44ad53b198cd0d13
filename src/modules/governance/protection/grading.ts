import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { Grade } from '../../../platform/masking/index.ts'
import { type GradingFacts, gradingFacts, setFieldGrades } from '../../catalog/index.ts'
import { protectionError } from './errors.ts'
import {
  highest,
  type ImpactDegree,
  type ImpactObject,
  matrixGrade,
  type PiCategory,
  rank,
} from './matrix.ts'
import { p } from './tables.ts'

export interface DecisionInput {
  readonly impactObject: ImpactObject
  readonly impactDegree: ImpactDegree
  readonly grade?: Grade | undefined
  readonly basis?: string | undefined
  readonly piCategories?: readonly PiCategory[] | undefined
}

export interface FieldDecisionInput extends DecisionInput {
  readonly code: string
}

export interface GradingInput extends DecisionInput {
  readonly categoryPath: string
  readonly derivedFrom?: readonly string[] | undefined
  readonly reviewed?: boolean | undefined
  readonly fields?: readonly FieldDecisionInput[] | undefined
}

export async function factsOrThrow(db: Db, resourceId: string): Promise<GradingFacts> {
  const facts = await gradingFacts(db, resourceId)
  if (!facts) throw protectionError('grading.resource_not_found')
  return facts
}

/** The decision's grade: the given one when it is at least the matrix's, else the matrix's. */
export function decidedGrade(d: DecisionInput, field?: string): Grade {
  const floor = matrixGrade(d.impactObject, d.impactDegree)
  if (!d.grade) return floor
  if (rank(d.grade) < rank(floor))
    throw protectionError('grading.below_matrix', {
      detail: {
        zh: `${field ? `信息项 ${field}：` : ''}影响对象和程度对应的最低级别为 ${floor}`,
        en: `${field ? `field ${field}: ` : ''}the impact requires at least ${floor}`,
      },
      extra: { field: field ?? null, minimum: floor },
    })
  return d.grade
}

/** The effective grade of resources (their own decision and their fields' decisions, highest). */
export async function effectiveGrades(db: Db, resourceIds: readonly string[]): Promise<Map<string, Grade>> {
  if (resourceIds.length === 0) return new Map()
  const rows = await p(db)
    .selectFrom('gradings')
    .select(['resourceId', 'grade'])
    .where('resourceId', 'in', [...resourceIds])
    .execute()
  const out = new Map<string, Grade>()
  for (const r of rows) {
    const best = highest([out.get(r.resourceId), r.grade])
    if (best) out.set(r.resourceId, best)
  }
  return out
}

/** Pushes each field's effective grade (its decision, else the resource's) to the catalog. */
export async function pushFieldGrades(db: Db, facts: GradingFacts): Promise<Record<string, Grade | null>> {
  const rows = await p(db).selectFrom('gradings').selectAll().where('resourceId', '=', facts.id).execute()
  const own = rows.find((r) => r.fieldCode === '')?.grade ?? null
  const byField = new Map(rows.filter((r) => r.fieldCode !== '').map((r) => [r.fieldCode, r.grade]))
  const grades: Record<string, Grade | null> = {}
  for (const f of facts.fields) {
    const g = byField.get(f.code) ?? own
    if (g) grades[f.code] = g
  }
  await setFieldGrades(db, facts.id, grades)
  return grades
}

function rowOf(ctx: RequestContext, facts: GradingFacts, code: string, d: DecisionInput, grade: Grade) {
  const user = ctx.actor.kind === 'user' ? ctx.actor : null
  return {
    resourceId: facts.id,
    fieldCode: code,
    resourceCode: facts.code,
    resourceName: facts.name,
    orgId: facts.orgId,
    regionCode: facts.regionCode,
    grade,
    impactObject: d.impactObject,
    impactDegree: d.impactDegree,
    basis: d.basis?.trim() ?? '',
    sensitivePi: (d.piCategories?.length ?? 0) > 0,
    piCategories: [...new Set(d.piCategories ?? [])],
    gradedBy: user?.userId ?? null,
    updatedAt: new Date(),
  }
}

/** Writes field decisions (replacing those fields' previous ones), inside the caller's transaction. */
export async function writeFieldDecisions(
  trx: Db,
  ctx: RequestContext,
  facts: GradingFacts,
  fields: readonly FieldDecisionInput[],
): Promise<void> {
  const codes = new Set(facts.fields.map((f) => f.code))
  for (const f of fields) {
    if (!codes.has(f.code))
      throw protectionError('grading.field_unknown', {
        fields: [
          { field: 'body.fields', message: `unknown field ${f.code}`, messageZh: `未知信息项 ${f.code}` },
        ],
      })
  }
  for (const f of fields) {
    const row = rowOf(ctx, facts, f.code, f, decidedGrade(f, f.code))
    await p(trx)
      .insertInto('gradings')
      .values(row)
      .onConflict((oc) => oc.columns(['resourceId', 'fieldCode']).doUpdateSet(row))
      .execute()
  }
}

/** The grade a derived resource must carry: at least the highest grade of its inputs, unless reviewed. */
export async function derivedGrade(
  db: Db,
  input: GradingInput,
  grade: Grade,
  reviewed: boolean,
): Promise<Grade> {
  const inputs = [...new Set(input.derivedFrom ?? [])]
  if (inputs.length === 0) return grade
  const top = highest((await effectiveGrades(db, inputs)).values())
  if (!top || rank(grade) >= rank(top) || reviewed) return grade
  if (input.grade) throw protectionError('grading.below_inputs', { extra: { minimum: top } })
  return top
}
