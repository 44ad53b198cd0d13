import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import type { PlatformTables } from './schema.ts'

/** A module's migrations: plain, forward-only SQL files named `NNNN_description.sql` in one folder. */
export interface MigrationSource {
  readonly module: string
  readonly dir: string
}

export interface MigrationResult {
  readonly applied: readonly string[]
  readonly error?: Error
}

interface MigrationFile {
  readonly module: string
  readonly id: string
  readonly sql: string
  readonly checksum: string
}

function readMigrations(source: MigrationSource): MigrationFile[] {
  // A module may have no tables yet (git keeps no empty folders).
  if (!existsSync(source.dir)) return []
  return readdirSync(source.dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(source.dir, file), 'utf8')
      return {
        module: source.module,
        id: file.replace(/\.sql$/, ''),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      }
    })
}

// Any constant works; it only has to be the same in every replica.
const MIGRATION_LOCK = 727_0001

/**
 * Applies pending migrations of all modules, in the order the sources are given, in one transaction under
 * an advisory lock so that replicas starting together migrate once. Returns a result instead of throwing
 * so that the caller decides how to exit.
 */
export async function migrate(
  db: Kysely<PlatformTables>,
  sources: readonly MigrationSource[],
): Promise<MigrationResult> {
  const applied: string[] = []
  try {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx)
      await sql`create table if not exists schema_migrations (
        module text not null,
        id text not null,
        checksum text not null,
        applied_at timestamptz not null default now(),
        primary key (module, id)
      )`.execute(trx)
      const done = await trx.selectFrom('schemaMigrations').select(['module', 'id', 'checksum']).execute()
      const known = new Map(done.map((r) => [`${r.module}/${r.id}`, r.checksum]))
      for (const source of sources) {
        for (const m of readMigrations(source)) {
          const key = `${m.module}/${m.id}`
          const checksum = known.get(key)
          if (checksum !== undefined) {
            if (checksum !== m.checksum) {
              throw new Error(`migration ${key} was edited after it was applied; add a new migration instead`)
            }
            continue
          }
          await sql.raw(m.sql).execute(trx)
          await trx
            .insertInto('schemaMigrations')
            .values({ module: m.module, id: m.id, checksum: m.checksum })
            .execute()
          applied.push(key)
        }
      }
    })
    return { applied }
  } catch (error) {
    return { applied: [], error: error instanceof Error ? error : new Error(String(error)) }
  }
}
