/** What every CLI command does before its work: read the configuration, open and migrate the database. */
import { migrationSources } from '../app.ts'
import { registerMaskingRules } from '../modules/governance/index.ts'
import { type Config, ConfigError, loadConfig } from '../platform/config.ts'
import { type Db, migrate, openDatabase } from '../platform/db/index.ts'

/** Runs `work` on the migrated database and returns its exit code; 78 for a bad configuration, 1 when migration fails. */
export async function withCliDatabase(work: (db: Db, config: Config) => Promise<number>): Promise<number> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`配置错误 / configuration error: ${error.message}`)
      return 78
    }
    throw error
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sharedBuffers: config.pgliteSharedBuffers,
  })
  try {
    const migration = await migrate(database.db, migrationSources)
    if (migration.error) {
      console.error(`数据库迁移失败 / migration failed: ${migration.error.message}`)
      return 1
    }
    // Exchange runs started here mask by the governance policy in force, as the server's do.
    registerMaskingRules(database.db)
    return await work(database.db, config)
  } finally {
    await database.close()
  }
}
