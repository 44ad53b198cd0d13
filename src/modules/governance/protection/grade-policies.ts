/**
 * The grade policy (分级策略): per grade, the share and open types allowed by default, the masking mode every
 * consumer path applies, and who approves share requests. Edited by a province-level bureau admin; masking
 * reads it through the rules source registered with the platform masking piece.
 */
import { recordAudit } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import {
  DEFAULT_GRADE_MASKING,
  GRADES,
  type Grade,
  type GradeMasking,
} from '../../../platform/masking/index.ts'
import { OPEN_TYPES, SHARE_TYPES } from '../../catalog/index.ts'
import { protectionError } from './errors.ts'
import { canEditGradePolicy } from './policy.ts'
import { p } from './tables.ts'

export const APPROVERS = ['provider', 'bureau'] as const
export type Approver = (typeof APPROVERS)[number]

export interface GradePolicy {
  readonly grade: Grade
  readonly shareTypes: string[]
  readonly openTypes: string[]
  readonly masking: GradeMasking
  readonly approvers: string[]
  readonly updatedBy: string | null
  readonly updatedAt: Date
}

export async function gradePolicies(db: Db): Promise<GradePolicy[]> {
  const rows = await p(db).selectFrom('gradePolicies').selectAll().execute()
  return GRADES.flatMap((g) => rows.filter((r) => r.grade === g))
}

export interface GradePolicyInput {
  readonly shareTypes: readonly string[]
  readonly openTypes: readonly string[]
  readonly masking: GradeMasking
  readonly approvers: readonly Approver[]
}

const SHARE = new Set<string>(SHARE_TYPES.map((s) => s.code))
const OPEN = new Set<string>(OPEN_TYPES.map((s) => s.code))

export async function updateGradePolicy(
  db: Db,
  ctx: RequestContext,
  grade: Grade,
  input: GradePolicyInput,
): Promise<GradePolicy> {
  if (!canEditGradePolicy(ctx.actor)) throw protectionError('grade_policy.forbidden')
  const bad = [
    ...input.shareTypes.filter((s) => !SHARE.has(s)).map((s) => ['body.shareTypes', s] as const),
    ...input.openTypes.filter((s) => !OPEN.has(s)).map((s) => ['body.openTypes', s] as const),
  ]
  if (bad.length || input.shareTypes.length === 0 || input.openTypes.length === 0)
    throw protectionError('grade_policy.invalid', {
      fields: bad.length
        ? bad.map(([field, v]) => ({ field, message: `unknown value ${v}`, messageZh: `未知取值 ${v}` }))
        : [
            {
              field: 'body',
              message: 'share and open types must not be empty',
              messageZh: '共享和开放类型不能为空',
            },
          ],
    })
  const values = {
    shareTypes: [...new Set(input.shareTypes)],
    openTypes: [...new Set(input.openTypes)],
    masking: input.masking,
    approvers: [...new Set(input.approvers)],
    updatedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    updatedAt: new Date(),
  }
  await db.transaction().execute(async (trx) => {
    const before = await p(trx)
      .selectFrom('gradePolicies')
      .selectAll()
      .where('grade', '=', grade)
      .executeTakeFirst()
    await p(trx).updateTable('gradePolicies').set(values).where('grade', '=', grade).execute()
    await recordAudit(trx, ctx, {
      action: 'governance.grade_policy_update',
      targetType: 'grade_policy',
      targetId: grade,
      details: {
        before: before ? { ...before, updatedAt: before.updatedAt.toISOString() } : null,
        after: { ...values, updatedAt: values.updatedAt.toISOString() },
      },
    })
  })
  forgetPolicyCache(db)
  const saved = (await gradePolicies(db)).find((x) => x.grade === grade)
  if (!saved) throw protectionError('grade_policy.invalid')
  return saved
}

/** Where a resource's catalog entry departs from its grade's defaults (shown to stewards and the bureau). */
export function policyIssues(policy: GradePolicy, r: { shareType: string; openType: string }): string[] {
  const issues: string[] = []
  if (!policy.shareTypes.includes(r.shareType)) issues.push(`share_type:${r.shareType}`)
  if (!policy.openTypes.includes(r.openType)) issues.push(`open_type:${r.openType}`)
  return issues
}

const POLICY_TTL_MS = 5000
const cache = new WeakMap<object, { at: number; value: Promise<Record<Grade, GradeMasking>> }>()

/** The masking mode per grade, cached a few seconds per database (the gateway reads it on resource loads). */
export function gradeMaskings(db: Db): Promise<Record<Grade, GradeMasking>> {
  const hit = cache.get(db)
  if (hit && Date.now() - hit.at < POLICY_TTL_MS) return hit.value
  const value = gradePolicies(db).then((rows) => {
    const out: Record<Grade, GradeMasking> = { ...DEFAULT_GRADE_MASKING }
    for (const r of rows) out[r.grade] = r.masking
    return out
  })
  value.catch(() => cache.delete(db))
  cache.set(db, { at: Date.now(), value })
  return value
}

export function forgetPolicyCache(db: Db): void {
  cache.delete(db)
}
