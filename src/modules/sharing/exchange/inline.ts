/** Running a job in this process (the command line): start or resume its run, then execute it here. */
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { exchangeError } from './errors.ts'
import { type ExecuteOptions, type ExecuteOutcome, executeRun } from './execute.ts'
import { assertInForce, grantById } from './grant.ts'
import { newWorkerId } from './lease.ts'
import { canRunJob } from './policy.ts'
import { startRun } from './runs.ts'
import { visibleJob } from './service.ts'

export async function runJobHere(
  db: Db,
  config: Config,
  ctx: RequestContext,
  jobId: string,
  opts: Omit<ExecuteOptions, 'ctx' | 'workerId'> = {},
): Promise<{ runId: string; outcome: ExecuteOutcome }> {
  const job = await visibleJob(db, ctx, jobId)
  if (!canRunJob(ctx.actor, job)) throw exchangeError('exchange.forbidden')
  const grant = await grantById(db, job.grantId)
  if (!grant) throw exchangeError('exchange.grant_inactive')
  assertInForce(grant)
  const workerId = newWorkerId()
  const run = await db.transaction().execute((trx) => startRun(trx, ctx, job, 'cli', workerId))
  const outcome = await executeRun(db, config, run.id, { ...opts, ctx, workerId })
  return { runId: run.id, outcome }
}
