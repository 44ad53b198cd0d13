/**
 * The import's write path: the same rows insertDraft/patchDraft write, in multi-row statements, so that ten
 * thousand resources go in one transaction in seconds. Codes come from the same never-shrinking counters.
 */
import { sql } from 'kysely'
import type { Trx } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { t } from '../store.ts'
import type { ResourceInput } from '../validate.ts'
import { SEQUENCE_DIGITS } from '../vocabulary.ts'

const RESOURCE_CHUNK = 400
const FIELD_CHUNK = 5000

/** The stored form of the metadata, normalised exactly as resources.ts does for a form. */
export function metadataRow(input: ResourceInput) {
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
    openCondition: input.openCondition?.trim() || null,
    operable: input.operable ?? false,
    updateFrequency: input.updateFrequency,
    publishDate: input.publishDate || null,
    relatedCodes: input.relatedCodes ?? [],
    sourceOrgId: input.sourceOrgId ?? null,
  }
}

/**
 * Moves the counters past imported codes first, then issues `count` new codes per class in one statement each:
 * the batch form of reserveResourceCode and nextResourceCode.
 */
export async function reserveCodes(
  trx: Trx,
  kept: readonly string[],
  wanted: ReadonlyMap<string, number>,
): Promise<Map<string, string[]>> {
  const highest = new Map<string, number>()
  for (const code of kept) {
    const [classCode, seq] = code.split('/')
    if (!classCode || !seq) continue
    highest.set(classCode, Math.max(highest.get(classCode) ?? 0, Number(seq)))
  }
  for (const [classCode, seq] of highest) {
    await t(trx)
      .insertInto('catalogCodeCounters')
      .values({ classCode, lastSeq: seq })
      .onConflict((oc) =>
        oc
          .column('classCode')
          .doUpdateSet({ lastSeq: sql`greatest(catalog_code_counters.last_seq, ${seq})` }),
      )
      .execute()
  }
  const issued = new Map<string, string[]>()
  for (const [classCode, count] of wanted) {
    if (count <= 0) continue
    const row = await t(trx)
      .insertInto('catalogCodeCounters')
      .values({ classCode, lastSeq: count })
      .onConflict((oc) =>
        oc.column('classCode').doUpdateSet({ lastSeq: sql`catalog_code_counters.last_seq + ${count}` }),
      )
      .returning('lastSeq')
      .executeTakeFirstOrThrow()
    const last = Number(row.lastSeq)
    issued.set(
      classCode,
      Array.from(
        { length: count },
        (_, i) => `${classCode}/${String(last - count + 1 + i).padStart(SEQUENCE_DIGITS, '0')}`,
      ),
    )
  }
  return issued
}

export interface NewResourceRow {
  id: string
  orgId: string
  regionCode: string
  code: string
  input: ResourceInput
  createdBy: string | null
}

export async function insertResources(trx: Trx, rows: readonly NewResourceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += RESOURCE_CHUNK) {
    await t(trx)
      .insertInto('resources')
      .values(
        rows.slice(i, i + RESOURCE_CHUNK).map((r) => ({
          id: r.id,
          orgId: r.orgId,
          regionCode: r.regionCode,
          code: r.code,
          ...metadataRow(r.input),
          createdBy: r.createdBy,
        })),
      )
      .execute()
  }
}

export async function updateResourceRow(
  trx: Trx,
  id: string,
  code: string,
  input: ResourceInput,
): Promise<void> {
  await t(trx)
    .updateTable('resources')
    .set({ ...metadataRow(input), code, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
}

/** Replaces the fields of many resources: one delete per chunk of resources, multi-row inserts. */
export async function replaceFieldsMany(
  trx: Trx,
  items: readonly { resourceId: string; input: ResourceInput }[],
  replacing: readonly string[],
): Promise<void> {
  for (let i = 0; i < replacing.length; i += 1000) {
    await t(trx)
      .deleteFrom('resourceFields')
      .where('resourceId', 'in', replacing.slice(i, i + 1000))
      .execute()
  }
  const rows = items.flatMap(({ resourceId, input }) =>
    (input.fields ?? []).map((f, j) => ({
      id: newId(),
      resourceId,
      position: j + 1,
      name: f.name.trim(),
      code: f.code.trim(),
      dataType: f.dataType,
      length: f.length ?? null,
      description: f.description?.trim() ?? '',
      isKey: f.isKey ?? false,
      elementCode: f.elementCode?.trim() || null,
      authoritative: f.authoritative ?? false,
    })),
  )
  // Column arrays through unnest: a dozen parameters per statement instead of a dozen per row.
  for (let i = 0; i < rows.length; i += FIELD_CHUNK) {
    const chunk = rows.slice(i, i + FIELD_CHUNK)
    const col = <K extends keyof (typeof chunk)[number]>(k: K) => chunk.map((f) => f[k])
    await sql`insert into resource_fields
        (id, resource_id, position, name, code, data_type, length, description, is_key, element_code, authoritative)
      select * from unnest(${col('id')}::uuid[], ${col('resourceId')}::uuid[], ${col('position')}::int[],
        ${col('name')}::text[], ${col('code')}::text[], ${col('dataType')}::text[], ${col('length')}::int[],
        ${col('description')}::text[], ${col('isKey')}::bool[], ${col('elementCode')}::text[],
        ${col('authoritative')}::bool[])`.execute(trx)
  }
}
