/**
 * The masking preview (脱敏预览): for each field, the grade, the mode the grade policy gives it, the type masking
 * assumes and the strategy under an unreviewed and a reviewed grant, with the first rows as a consumer without a
 * reviewed grant receives them. Clear values are never returned. Reading the rows is a data access: audited.
 */
import { recordAuditNow } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import {
  fieldType,
  GRADES,
  type MaskStrategy,
  maskingRulesFor,
  strategyFor,
  UNGRADED_MASKING,
} from '../../../platform/masking/index.ts'
import { dataSourceOf, maskRows } from '../../catalog/index.ts'
import { type CellValue, previewRows } from '../../datastore/index.ts'
import { protectionError } from './errors.ts'
import { factsOrThrow } from './grading.ts'
import { canGrade } from './policy.ts'

export const PREVIEW_ROWS = 5

export interface MaskingPreview {
  readonly resourceId: string
  readonly sampledRows: number
  readonly fields: {
    code: string
    name: string
    grade: string | null
    mode: string
    sensitiveType: string | null
    confirmed: boolean
    unreviewed: MaskStrategy | null
    reviewed: MaskStrategy | null
  }[]
  readonly rows: Record<string, CellValue>[]
}

export async function maskingPreview(
  db: Db,
  secretKey: Buffer,
  ctx: RequestContext,
  resourceId: string,
): Promise<MaskingPreview> {
  const facts = await factsOrThrow(db, resourceId)
  if (!canGrade(ctx.actor, facts)) throw protectionError('grading.forbidden')
  const rules = await maskingRulesFor(db, resourceId)
  const fields = facts.fields.map((f) => {
    const grade = f.grade && (GRADES as readonly string[]).includes(f.grade) ? f.grade : null
    return {
      code: f.code,
      name: f.name,
      grade: f.grade,
      mode: grade ? rules.grades[grade] : UNGRADED_MASKING,
      sensitiveType: fieldType(f, rules),
      confirmed: Object.hasOwn(rules.fieldTypes, f.code),
      unreviewed: strategyFor(f, rules, false),
      reviewed: strategyFor(f, rules, true),
    }
  })
  const source = await dataSourceOf(db, secretKey, resourceId)
  const clear =
    source?.kind === 'datastore'
      ? ((await previewRows(db, resourceId, facts.fields, PREVIEW_ROWS)) ?? [])
      : []
  const masked = maskRows(facts.fields, clear, { rules, pepper: secretKey, reviewed: false })
  await recordAuditNow(db, ctx, {
    action: 'governance.masking_preview',
    targetType: 'resource',
    targetId: resourceId,
    orgId: facts.orgId,
    regionCode: facts.regionCode,
    details: { rows: clear.length, masked: masked.masked },
  })
  return { resourceId, sampledRows: clear.length, fields, rows: masked.rows as Record<string, CellValue>[] }
}
