import { buildApp, createJobRunner, migrationSources, seedDatabase } from './app.ts'
import { ConfigError, loadConfig } from './platform/config.ts'
import { migrate, openDatabase } from './platform/db/index.ts'

async function main(): Promise<number> {
  const started = Date.now()
  let config: ReturnType<typeof loadConfig>
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
  const migration = await migrate(database.db, migrationSources)
  if (migration.error) {
    console.error(`数据库迁移失败 / migration failed: ${migration.error.message}`)
    await database.close()
    return 1
  }
  const seed = await seedDatabase(database.db, config)
  const app = await buildApp({ config, database })
  if (migration.applied.length) app.log.info({ applied: migration.applied }, 'migrations applied')
  if (seed.generatedAdminPassword) {
    // Printed once, to the console only (not the structured log), so it does not end up in log storage.
    process.stdout.write(
      `\n  首次启动：已创建管理员账号 / first start: admin account created\n  用户名 username: ${config.adminUsername}\n  密码 password:   ${seed.generatedAdminPassword}\n  请登录后立即修改密码。Change it after logging in.\n\n`,
    )
  }

  const runner = await createJobRunner(database.db, config, app.log)
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    await app.close()
    await runner.stop()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  if (config.jobsEnabled) runner.start()
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`
  app.log.info({ ms: Date.now() - started, database: database.engine }, 'ready')
  process.stdout.write(`数惠 Shuhui ready on http://localhost:${config.port}  (database: ${where})\n`)
  return -1
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
