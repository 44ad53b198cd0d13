import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Db, JsonObject } from '../../../platform/db/index.ts'
import type { CatalogTables } from '../tables.ts'

export interface ResourceMountsTable {
  resourceId: string
  kind: 'datastore' | 'postgres' | 'http'
  /** Shown to the provider and its reviewers: never a secret. */
  config: ColumnType<JsonObject, string, string>
  /** sealSecret(secretKey, url, 'mount:<resource id>'); never leaves the server. */
  secretSealed: string | null
  status: Generated<'mounted' | 'error'>
  rowCount: number | null
  lastLoadedAt: Date | null
  error: string | null
  mountedBy: string | null
  updatedAt: Generated<Date>
}

/** A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type. */
export type MountTables = CatalogTables & { resourceMounts: ResourceMountsTable }

export type MountRow = Selectable<ResourceMountsTable>

export const mountsOf = (db: Db) => db.withTables<MountTables>()
