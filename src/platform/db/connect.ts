import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { ConnectionLock, PGliteDialect } from './pglite-driver.ts'
import type { PlatformTables } from './schema.ts'

export type Engine = 'pglite' | 'postgres'

/** The one database handle every module receives. Modules narrow it to their own tables with `withTables`. */
export interface DbHandle {
  readonly db: Kysely<PlatformTables>
  readonly engine: Engine
  /** Runs a multi-statement SQL script without parameters (migrations, seeds). */
  exec(script: string): Promise<void>
  close(): Promise<void>
  /** PGlite only: a tarball of the data directory, so tests can clone a migrated database in ~0.5 s. */
  dump?(): Promise<Blob>
}

const OID_INT8 = 20
const OID_DATE = 1082

/** Same value shapes on both engines: int8 → number (counts, sequence numbers), date → 'YYYY-MM-DD'. */
function parseInt8(value: string): number {
  return Number(value)
}

export interface OpenOptions {
  /** postgres://… for real PostgreSQL; otherwise PGlite. */
  readonly databaseUrl?: string | undefined
  /** PGlite data directory; omitted = in memory. */
  readonly dataDir?: string | undefined
  /** PGlite: start from a dumped data directory (tests clone a migrated template this way). */
  readonly loadDataDir?: Blob | undefined
  readonly poolSize?: number
  /** PGlite shared_buffers, e.g. '32MB': PostgreSQL's default 128MB costs ~140 MB of RSS a small demo never uses. */
  readonly sharedBuffers?: string | undefined
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10)
  return openPGlite(options)
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID_INT8) return parseInt8
        if (oid === OID_DATE) return (v: string) => v
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  // A broken idle client must not crash the process; the next query reports the problem.
  pool.on('error', () => {})
  const db = new Kysely<PlatformTables>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  })
  await pool.query('select 1')
  return {
    db,
    engine: 'postgres',
    async exec(script) {
      await pool.query(script)
    },
    async close() {
      await db.destroy()
    },
  }
}

async function openPGlite(options: OpenOptions): Promise<DbHandle> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    parsers: { [OID_INT8]: parseInt8, [OID_DATE]: (v: string) => v },
    ...(options.sharedBuffers ? { postgresqlconf: [`shared_buffers=${options.sharedBuffers}`] } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  })
  const lock = new ConnectionLock()
  const db = new Kysely<PlatformTables>({
    dialect: new PGliteDialect(pglite, lock),
    plugins: [new CamelCasePlugin()],
  })
  let closed = false
  return {
    db,
    engine: 'pglite',
    async exec(script) {
      const release = await lock.acquire()
      try {
        await pglite.exec(script)
      } finally {
        release()
      }
    },
    async dump() {
      const release = await lock.acquire()
      try {
        return await pglite.dumpDataDir('none')
      } finally {
        release()
      }
    },
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
      const release = await lock.acquire()
      try {
        await pglite.close()
      } finally {
        release()
      }
    },
  }
}
