import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrationSources } from '../../src/app.ts'
import { type DbHandle, type Engine, migrate, openDatabase } from '../../src/platform/db/index.ts'

/** PGlite in every run; real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

export interface TestDatabase {
  readonly handle: DbHandle
  /** Closes the handle and, on PostgreSQL, drops the throwaway database. */
  dispose(): Promise<void>
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** A fresh, migrated database for one test file; nothing is shared between files. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const handle = await openDatabase({})
    await migrateOrThrow(handle)
    return { handle, dispose: () => handle.close() }
  }
  const base = process.env.TEST_DATABASE_URL
  if (!base) throw new Error('TEST_DATABASE_URL is not set')
  const name = `shuhui_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const handle = await openDatabase({ databaseUrl: withDatabase(base, name), poolSize: 5 })
  await migrateOrThrow(handle)
  return {
    handle,
    async dispose() {
      await handle.close()
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

async function migrateOrThrow(handle: DbHandle): Promise<void> {
  const result = await migrate(handle.db, migrationSources)
  if (result.error) throw result.error
}
