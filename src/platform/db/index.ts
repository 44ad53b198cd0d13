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

/**
 * Runs `step` in a transaction of its own, again and again, until a step handles fewer than `batchSize` rows;
 * returns how many were handled in all. Steps claim their rows with FOR UPDATE SKIP LOCKED and change them so they
 * no longer match, so each batch commits on its own and replicas running the same job share the work.
 */
export async function drainInBatches(
  db: Db,
  batchSize: number,
  step: (trx: Trx) => Promise<number>,
): Promise<number> {
  let total = 0
  for (;;) {
    const done = await db.transaction().execute(step)
    total += done
    if (done < batchSize) return total
  }
}
