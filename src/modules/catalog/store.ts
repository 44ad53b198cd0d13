import { sql } from 'kysely'
import type { Db } from '../../platform/db/index.ts'
import type { CatalogTables, FieldRow, ResourceRow } from './tables.ts'
import type { FieldInput } from './validate.ts'
import { SEQUENCE_DIGITS } from './vocabulary.ts'

export const t = (db: Db) => db.withTables<CatalogTables>()

/** Issues the next 顺序码 for a class code; the counter only grows, so a code is never issued twice. */
export async function nextResourceCode(db: Db, classCode: string): Promise<string> {
  const row = await t(db)
    .insertInto('catalogCodeCounters')
    .values({ classCode, lastSeq: 1 })
    .onConflict((oc) =>
      oc.column('classCode').doUpdateSet({ lastSeq: sql`catalog_code_counters.last_seq + 1` }),
    )
    .returning('lastSeq')
    .executeTakeFirstOrThrow()
  return `${classCode}/${String(row.lastSeq).padStart(SEQUENCE_DIGITS, '0')}`
}

/** An imported code is kept; the counter moves past it so generated codes never collide with it later. */
export async function reserveResourceCode(db: Db, code: string): Promise<void> {
  const [classCode, seq] = code.split('/')
  if (!classCode || !seq) return
  await t(db)
    .insertInto('catalogCodeCounters')
    .values({ classCode, lastSeq: Number(seq) })
    .onConflict((oc) =>
      oc
        .column('classCode')
        .doUpdateSet({ lastSeq: sql`greatest(catalog_code_counters.last_seq, ${Number(seq)})` }),
    )
    .execute()
}

export async function findResource(db: Db, id: string): Promise<ResourceRow | undefined> {
  return t(db).selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lockResource(db: Db, id: string): Promise<ResourceRow | undefined> {
  return t(db).selectFrom('resources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function resourceFields(db: Db, resourceIds: readonly string[]): Promise<FieldRow[]> {
  if (resourceIds.length === 0) return []
  return t(db)
    .selectFrom('resourceFields')
    .selectAll()
    .where('resourceId', 'in', [...resourceIds])
    .orderBy('resourceId')
    .orderBy('position')
    .execute()
}

export async function replaceFields(
  db: Db,
  resourceId: string,
  fields: readonly FieldInput[],
  newId: () => string,
): Promise<void> {
  await t(db).deleteFrom('resourceFields').where('resourceId', '=', resourceId).execute()
  if (fields.length === 0) return
  for (let i = 0; i < fields.length; i += 500) {
    await t(db)
      .insertInto('resourceFields')
      .values(
        fields.slice(i, i + 500).map((f, j) => ({
          id: newId(),
          resourceId,
          position: i + j + 1,
          name: f.name.trim(),
          code: f.code.trim(),
          dataType: f.dataType,
          length: f.length ?? null,
          description: f.description?.trim() ?? '',
          isKey: f.isKey ?? false,
          elementCode: f.elementCode?.trim() || null,
          authoritative: f.authoritative ?? false,
          grade: null,
        })),
      )
      .execute()
  }
}

export async function fieldCounts(db: Db, resourceIds: readonly string[]): Promise<Map<string, number>> {
  if (resourceIds.length === 0) return new Map()
  const rows = await t(db)
    .selectFrom('resourceFields')
    .select(['resourceId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('resourceId', 'in', [...resourceIds])
    .groupBy('resourceId')
    .execute()
  return new Map(rows.map((r) => [r.resourceId, Number(r.n)]))
}
