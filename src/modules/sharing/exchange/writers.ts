/**
 * Where a run's chunks go: a consumer's PostgreSQL table (chunk and checkpoint in one target transaction, see
 * target-postgres.ts) or gzip files recorded with the run's checkpoint in our database (target-files.ts).
 */
import type { Config } from '../../../platform/config.ts'
import { openSecret } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { ScanKey } from '../../datastore/index.ts'
import { t } from '../store.ts'
import type { ChunkBody } from './chunks.ts'
import { exchangeError } from './errors.ts'
import { leaseUntil } from './lease.ts'
import type { RunPlan } from './plan.ts'
import type { JobRow, RunRow } from './tables.ts'
import { runDir, sweepRunDir, writeChunkFile } from './target-files.ts'
import { type Checkpoint, PostgresTarget } from './target-postgres.ts'

export interface Writer {
  /** Whether the writer takes COPY text as it comes from the source (a PostgreSQL target). */
  readonly takesCopy: boolean
  readonly start: () => Promise<Checkpoint>
  readonly write: (chunks: number, body: ChunkBody, key: ScanKey, rowsDone: number) => Promise<void>
  readonly close: () => Promise<void>
}

export async function fileWriter(db: Db, config: Config, run: RunRow, plan: RunPlan, workerId: string) {
  const dir = runDir(config.dataDir, run.jobId, run.id)
  const format = plan.target.kind === 'file' ? plan.target.format : 'csv'
  return {
    takesCopy: false,
    async start(): Promise<Checkpoint> {
      const mirror = await t(db)
        .selectFrom('exchangeRuns')
        .select(['chunksDone', 'rowsDone', 'lastKey'])
        .where('id', '=', run.id)
        .executeTakeFirstOrThrow()
      await sweepRunDir(dir, mirror.chunksDone)
      return {
        chunks: mirror.chunksDone,
        rows: mirror.rowsDone,
        lastKey: (mirror.lastKey as ScanKey | null) ?? null,
      }
    },
    async write(chunks: number, body: ChunkBody, key: ScanKey, rowsDone: number) {
      if (body.kind !== 'rows') throw new Error('a file target takes rows')
      const file = await writeChunkFile(dir, chunks + 1, format, plan.columns, body.rows)
      await db.transaction().execute(async (trx) => {
        const moved = await t(trx)
          .updateTable('exchangeRuns')
          .set({ chunksDone: chunks + 1, rowsDone, lastKey: JSON.stringify(key), lockedUntil: leaseUntil() })
          .where('id', '=', run.id)
          .where('chunksDone', '=', chunks)
          .where('lockedBy', '=', workerId)
          .executeTakeFirst()
        if (Number(moved.numUpdatedRows) !== 1) throw exchangeError('exchange.conflict')
        await t(trx)
          .insertInto('exchangeRunFiles')
          .values({ runId: run.id, ...file })
          .onConflict((oc) => oc.columns(['runId', 'seq']).doUpdateSet({ ...file }))
          .execute()
      })
    },
    async close() {},
  } satisfies Writer
}

export async function postgresWriter(
  config: Config,
  job: JobRow,
  run: RunRow,
  plan: RunPlan,
): Promise<Writer> {
  if (!job.targetUrlSealed) throw exchangeError('exchange.target_invalid')
  const url = openSecret(config.secretKey, job.targetUrlSealed, `exchange:${job.id}`)
  const target = await PostgresTarget.open(url, plan, { jobId: job.id, runId: run.id }, config.secretKey)
  return {
    takesCopy: true,
    start: () => target.start(),
    write: (chunks, body, key, rowsDone) => target.write(chunks, body, key, rowsDone),
    close: () => target.close(),
  }
}
