import { sql } from 'kysely'
import type { Db } from '../../../platform/db/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import { resourceFields } from '../store.ts'
import { indexWords, tsvectorText } from './segment.ts'
import type { SearchTables } from './tables.ts'

const s = (db: Db) => db.withTables<SearchTables>()

const BATCH = 500

interface Document {
  resourceId: string
  document: string
  terms: string[]
}

/** Terms for typo correction: the words people type, i.e. those of names, org names and field names. */
function termsOf(texts: readonly string[]): string[] {
  const out = new Set<string>()
  for (const text of texts) {
    for (const w of indexWords(text)) if (w.length >= 2 && w.length <= 12) out.add(w)
  }
  return [...out]
}

/** Builds the weighted documents of some resources from their current rows, fields and org names. */
async function buildDocuments(db: Db, resourceIds: readonly string[]): Promise<Document[]> {
  if (resourceIds.length === 0) return []
  const rows = await s(db)
    .selectFrom('resources')
    .select(['id', 'name', 'summary', 'code', 'classCode', 'className', 'relatedCodes', 'orgId'])
    .where('id', 'in', [...resourceIds])
    .execute()
  const fields = await resourceFields(db, resourceIds)
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.orgId),
  )
  const fieldsOf = new Map<string, { name: string; code: string }[]>()
  for (const f of fields) {
    let list = fieldsOf.get(f.resourceId)
    if (!list) {
      list = []
      fieldsOf.set(f.resourceId, list)
    }
    list.push({ name: f.name, code: f.code })
  }
  return rows.map((r) => {
    const fs = fieldsOf.get(r.id) ?? []
    const orgName = orgs.get(r.orgId)?.name ?? ''
    const fieldNames = fs.map((f) => f.name)
    const codes = [r.code, ...r.code.split('/'), r.classCode, ...r.relatedCodes, ...fs.map((f) => f.code)]
    return {
      resourceId: r.id,
      document: tsvectorText([
        { weight: 'A', texts: [r.name] },
        { weight: 'B', texts: [orgName, ...fieldNames] },
        { weight: 'C', texts: [r.summary, r.className, ...codes] },
      ]),
      terms: termsOf([r.name, orgName, ...fieldNames]),
    }
  })
}

async function storeTerms(db: Db, docs: readonly Document[]): Promise<void> {
  const occurrences = new Map<string, number>()
  for (const d of docs)
    for (const term of new Set(d.terms)) occurrences.set(term, (occurrences.get(term) ?? 0) + 1)
  // Sorted, so that two writers adding overlapping terms take the row locks in the same order.
  const terms = [...occurrences.keys()].sort()
  for (let i = 0; i < terms.length; i += 1000) {
    await s(db)
      .insertInto('resourceSearchTerms')
      .values(
        terms.slice(i, i + 1000).map((term) => ({
          term,
          reversed: [...term].reverse().join(''),
          occurrences: occurrences.get(term) ?? 0,
        })),
      )
      .onConflict((oc) =>
        oc.column('term').doUpdateSet({
          occurrences: sql<number>`resource_search_terms.occurrences + excluded.occurrences`,
        }),
      )
      .execute()
  }
}

async function storeDocuments(db: Db, docs: readonly Document[]): Promise<void> {
  if (docs.length === 0) return
  // The row exists: the insert trigger creates it with the resource.
  const values = sql.join(docs.map((d) => sql`(${d.resourceId}::uuid, ${d.document}::tsvector)`))
  await sql`
    update resource_search s set document = v.doc, stale = false, indexed_at = now()
    from (values ${values}) as v (id, doc) where s.resource_id = v.id
  `.execute(db)
}

/**
 * Rebuilds the search documents of the given resources now, inside the caller's transaction, so that the
 * change is searchable the moment it commits. Call it after a resource or its fields were written. Without the
 * call the change is still picked up: triggers mark the document stale and the next search rebuilds it.
 */
/** Job queue that rebuilds stale search documents (bulk imports, org renames); handled in checks/jobs.ts. */
export const SEARCH_INDEX_QUEUE = 'catalog.search_index'

export async function refreshSearchIndex(trx: Db, resourceIds: readonly string[]): Promise<void> {
  const ids = [...new Set(resourceIds)]
  for (let i = 0; i < ids.length; i += BATCH) {
    const docs = await buildDocuments(trx, ids.slice(i, i + BATCH))
    await storeDocuments(trx, docs)
    await storeTerms(trx, docs)
  }
}

/**
 * Rebuilds stale documents in batches until none is left or the time budget is spent; returns how many were
 * rebuilt. Rows being written right now are skipped (their writer holds the lock and marks them stale again),
 * so replicas can run this concurrently.
 */
export async function refreshStaleSearchIndex(db: Db, budgetMs = 5_000): Promise<number> {
  const began = performance.now()
  let done = 0
  for (;;) {
    const docs = await db.transaction().execute(async (trx) => {
      const stale = await s(trx)
        .selectFrom('resourceSearch')
        .select('resourceId')
        .where('stale', '=', true)
        .orderBy('resourceId')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute()
      const built = await buildDocuments(
        trx,
        stale.map((r) => r.resourceId),
      )
      await storeDocuments(trx, built)
      return built
    })
    // Terms are hints for typo correction: written after the row locks are released, so a writer waiting for
    // one of those rows never waits in a cycle with this insert.
    await storeTerms(db, docs)
    done += docs.length
    if (docs.length < BATCH || performance.now() - began > budgetMs) return done
  }
}

/**
 * Marks documents stale so that the next searches rebuild them: those of one org (its name is in the document;
 * identity cannot call catalog, so a catalog job has to notice renames) or, without an org, all of them.
 */
export async function markSearchIndexStale(db: Db, orgId?: string): Promise<void> {
  await s(db)
    .updateTable('resourceSearch')
    .set((eb) => ({ stale: true, generation: eb('generation', '+', 1) }))
    .$if(orgId !== undefined, (q) => q.where('orgId', '=', orgId ?? ''))
    .execute()
}
