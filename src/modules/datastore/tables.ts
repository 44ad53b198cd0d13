import type { Generated, ColumnType as KyselyColumn, Selectable } from 'kysely'
import type { Json } from '../../platform/db/index.ts'
import type { FileFormat } from './parse.ts'

export type LoadStatus = 'running' | 'succeeded' | 'failed'

export interface DatastoreLoadsTable {
  id: string
  resourceId: string
  format: FileFormat
  status: Generated<LoadStatus>
  rowsRead: Generated<number>
  rowsLoaded: Generated<number>
  rowsRejected: Generated<number>
  error: string | null
  problems: KyselyColumn<Json, string | undefined, string>
  startedBy: string | null
  startedAt: Generated<Date>
  updatedAt: Generated<Date>
  finishedAt: Date | null
}

/** A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type. */
export type DatastoreTables = {
  datastoreLoads: DatastoreLoadsTable
}

export type LoadRow = Selectable<DatastoreLoadsTable>
