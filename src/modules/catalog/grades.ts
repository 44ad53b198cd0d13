/**
 * Field grades (数据分级) are catalog data, but governance decides them (grading with impact object, degree and
 * reviewer lives in governance's tables): it reads the facts it grades from here and writes the effective
 * grade of each field back through `setFieldGrades`, inside its own transaction.
 */
import type { Db } from '../../platform/db/index.ts'
import { t } from './store.ts'
import type { FieldDataType, FieldGrade, OpenType, ResourceStatus, ShareType } from './vocabulary.ts'

export interface GradingFacts {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly orgId: string
  readonly regionCode: string
  readonly status: ResourceStatus
  readonly shareType: ShareType
  readonly openType: OpenType
  readonly mountStatus: string
  readonly fields: readonly {
    readonly code: string
    readonly name: string
    readonly dataType: FieldDataType
    readonly grade: FieldGrade | null
    readonly elementCode: string | null
  }[]
}

export async function gradingFacts(db: Db, resourceId: string): Promise<GradingFacts | undefined> {
  const row = await t(db)
    .selectFrom('resources')
    .select(['id', 'code', 'name', 'orgId', 'regionCode', 'status', 'shareType', 'openType', 'mountStatus'])
    .where('id', '=', resourceId)
    .executeTakeFirst()
  if (!row) return undefined
  const fields = await t(db)
    .selectFrom('resourceFields')
    .select(['code', 'name', 'dataType', 'grade', 'elementCode'])
    .where('resourceId', '=', resourceId)
    .orderBy('position')
    .execute()
  return { ...row, fields }
}

/** Sets the grade of the named fields (null clears it); fields not named keep theirs. */
export async function setFieldGrades(
  db: Db,
  resourceId: string,
  grades: Readonly<Record<string, FieldGrade | null>>,
): Promise<void> {
  for (const [code, grade] of Object.entries(grades)) {
    await t(db)
      .updateTable('resourceFields')
      .set({ grade })
      .where('resourceId', '=', resourceId)
      .where('code', '=', code)
      .execute()
  }
}
