/**
 * Read-only statements over hosted resource tables for data-quality audits: the caller builds one SELECT from
 * the qualified table names this function hands it, so table naming stays inside the datastore.
 */
import type { Db } from '../../platform/db/index.ts'
import { liveTable, qualified, rawQuery, tableColumns } from './store.ts'

export interface BuiltQuery {
  readonly text: string
  readonly params: readonly unknown[]
}

/** The qualified table of each resource that has a hosted table (others are missing from the map). */
export async function datastoreTables(db: Db, resourceIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const id of new Set(resourceIds)) {
    const columns = await tableColumns(db, liveTable(id))
    if (columns.size > 0) out.set(id, qualified(liveTable(id)))
  }
  return out
}

/** Runs a read-only statement built over the tables of `datastoreTables`. */
export async function datastoreSelect<R>(db: Db, query: BuiltQuery): Promise<R[]> {
  return rawQuery<R>(db, query.text, query.params)
}
