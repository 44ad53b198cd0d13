/**
 * Test helper process (not a test): runs an exchange job like `shuhui exchange run` and kills itself with SIGKILL
 * right after chunk <crashAt> became durable in the target and before the platform's progress mirror was updated,
 * the narrowest window between the two databases.
 *
 *   node --import tsx crash-child.ts <job id> <username> <crashAt>
 */
import { cliActor, cliContext } from '../../../cli/actor.ts'
import { loadConfig } from '../../../platform/config.ts'
import { openDatabase } from '../../../platform/db/index.ts'
import { runJobHere } from './inline.ts'

const [jobId = '', username = '', crashAt = '0'] = process.argv.slice(2)
const config = loadConfig()
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
const ctx = cliContext(await cliActor(database.db, username), 'exchange-crash-test')
const { outcome } = await runJobHere(database.db, config, ctx, jobId, {
  onChunkWritten: (chunks) => {
    if (chunks === Number(crashAt)) process.kill(process.pid, 'SIGKILL')
  },
  onProgress: (p) => console.log(`chunk ${p.chunksDone} rows ${p.rowsDone}`),
})
console.log(JSON.stringify(outcome))
await database.close()
