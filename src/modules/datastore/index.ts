/**
 * Public door of the datastore: platform-hosted data tables of mounted resources (schema `datastore`, one table
 * per resource) and the log of file loads. Callers pass the resource id and its declared columns; nothing else
 * reaches these tables.
 */
import { fileURLToPath } from 'node:url'
import type { Db, MigrationSource } from '../../platform/db/index.ts'
import { createTable, latestLoad, liveTable } from './store.ts'
import type { ColumnSpec } from './values.ts'

export { type BuiltQuery, datastoreSelect, datastoreTables } from './aggregate.ts'
export {
  abandonLoad,
  beginLoad,
  commitLoad,
  type LoadCounts,
  type LoadMode,
  type LoadOptions,
  type LoadOutcome,
  type LoadProblem,
  loadRows,
  MAX_PROBLEMS,
} from './load.ts'
export {
  type DatastoreTableInfo,
  datastoreTableInfo,
  ensureKeyIndexes,
  type FoundRow,
  isPosition,
  type KeyColumn,
  lookupByKeys,
  type RowScopeFilter,
  type RowSpec,
  scanRows,
} from './lookup.ts'
export { datastoreChunks, datastorePage, MAX_PAGE_OFFSET } from './offset-page.ts'
export {
  type FileFormat,
  FileFormatError,
  readCsv,
  readJsonl,
  readRecords,
  readXlsx,
  type SourceRecord,
  type TextEncoding,
} from './parse.ts'
export {
  type CellValue,
  datastoreColumns,
  datastoreRowCount,
  dropDatastoreTable,
  previewRows,
  toCell,
} from './preview.ts'
export * from './scan.ts'
export {
  datastoreSnapshotDigest,
  type SnapshotDigest,
  type SnapshotQuery,
  snapshotColumnText,
  snapshotDigestOver,
} from './snapshot.ts'
export type { DatastoreTables, LoadRow, LoadStatus } from './tables.ts'
export { type Checked, type ColumnSpec, type ColumnType, checkValue, quoteIdent } from './values.ts'

/** Creates (or empties) a resource's data table with the given columns; inside the caller's transaction. */
export async function createDatastoreTable(
  db: Db,
  resourceId: string,
  columns: readonly ColumnSpec[],
): Promise<void> {
  await createTable(db, liveTable(resourceId), columns)
}

export async function lastLoad(db: Db, resourceId: string) {
  return latestLoad(db, resourceId)
}

export const datastoreMigrations: MigrationSource = {
  module: 'datastore',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
}
