import type { Kysely, Transaction } from 'kysely'
import type { PlatformTables } from './schema.ts'

export type { DbHandle, Engine, OpenOptions } from './connect.ts'
export { openDatabase } from './connect.ts'
export type { MigrationResult, MigrationSource } from './migrate.ts'
export { migrate } from './migrate.ts'
export type * from './schema.ts'

/**
 * The handle every service receives. Stores narrow it to their own module's tables with
 * `db.withTables<ModuleTables>()`, which keeps the connection (and any open transaction) and hides other
 * modules' tables from the type checker.
 */
export type Db = Kysely<PlatformTables>
export type Trx = Transaction<PlatformTables>
