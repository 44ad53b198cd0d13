/**
 * Background work of quality: a nightly audit of every resource with enabled rules, audits triggered when new
 * data arrives (polling catalog facts: the catalog and datastore know nothing of governance), and hourly
 * escalation of overdue rectification tickets.
 */
import type { Config } from '../../../platform/config.ts'
import { systemContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import type { JobRunner } from '../../../platform/jobs/index.ts'
import { resourcesLoadedSince } from '../../catalog/index.ts'
import {
  ESCALATE_CRON,
  ESCALATE_QUEUE,
  ESCALATE_SCHEDULE,
  escalateOverdueTickets,
} from './rectification/escalation.ts'
import { runAudit } from './runs.ts'
import { q } from './store.ts'
import type { RunTrigger } from './tables.ts'

export const NIGHTLY_QUEUE = 'governance.quality.nightly'
export const NIGHTLY_SCHEDULE = 'governance.quality.nightly'
export const NIGHTLY_CRON = '30 1 * * *'
export const LOAD_QUEUE = 'governance.quality.loads'
export const LOAD_SCHEDULE = 'governance.quality.loads.poll'
export const LOAD_CRON = '*/5 * * * *'
const LOAD_CURSOR = 'loads'
const LOAD_BATCH = 100

async function auditAll(
  db: Db,
  config: Config,
  ids: readonly string[],
  trigger: RunTrigger,
): Promise<number> {
  const ctx = systemContext(trigger === 'load' ? LOAD_SCHEDULE : NIGHTLY_SCHEDULE)
  let done = 0
  for (const id of ids) {
    // One resource's broken source must not stop the others; its failed run is stored with the reason.
    const ok = await runAudit(db, config, ctx, id, trigger).then(
      () => true,
      () => false,
    )
    if (ok) done++
  }
  return done
}

/** Audits every resource that has enabled rules; returns how many audits succeeded. */
export async function nightlyAudits(db: Db, config: Config): Promise<number> {
  const rows = await q(db)
    .selectFrom('qualityRules')
    .select('resourceId')
    .distinct()
    .where('enabled', '=', true)
    .execute()
  return auditAll(
    db,
    config,
    rows.map((r) => r.resourceId),
    'schedule',
  )
}

/**
 * Audits resources whose data arrived since the cursor, then moves the cursor to the newest arrival seen. The
 * first poll only sets the cursor (the nightly run covers older data).
 */
export async function auditNewLoads(db: Db, config: Config, now = new Date()): Promise<number> {
  const cursor = await q(db)
    .selectFrom('qualityCursors')
    .select('seenAt')
    .where('name', '=', LOAD_CURSOR)
    .executeTakeFirst()
  if (!cursor) {
    await q(db)
      .insertInto('qualityCursors')
      .values({ name: LOAD_CURSOR, seenAt: now })
      .onConflict((oc) => oc.doNothing())
      .execute()
    return 0
  }
  const loaded = await resourcesLoadedSince(db, cursor.seenAt, LOAD_BATCH)
  if (loaded.length === 0) return 0
  const withRules = await q(db)
    .selectFrom('qualityRules')
    .select('resourceId')
    .distinct()
    .where('enabled', '=', true)
    .where(
      'resourceId',
      'in',
      loaded.map((r) => r.id),
    )
    .execute()
  const done = await auditAll(
    db,
    config,
    withRules.map((r) => r.resourceId),
    'load',
  )
  const newest = loaded[loaded.length - 1]?.lastDataUpdateAt ?? cursor.seenAt
  await q(db).updateTable('qualityCursors').set({ seenAt: newest }).where('name', '=', LOAD_CURSOR).execute()
  return done
}

export function registerQualityJobsOn(runner: JobRunner, config: Config): Promise<void> {
  runner.handle(NIGHTLY_QUEUE, async (_job, jobDb) => {
    await nightlyAudits(jobDb, config)
  })
  runner.handle(LOAD_QUEUE, async (_job, jobDb) => {
    await auditNewLoads(jobDb, config)
  })
  runner.handle(ESCALATE_QUEUE, async (_job, jobDb) => {
    await escalateOverdueTickets(jobDb)
  })
  const stored = Promise.all([
    runner.schedule(NIGHTLY_SCHEDULE, NIGHTLY_CRON, NIGHTLY_QUEUE),
    runner.schedule(LOAD_SCHEDULE, LOAD_CRON, LOAD_QUEUE),
    runner.schedule(ESCALATE_SCHEDULE, ESCALATE_CRON, ESCALATE_QUEUE),
  ]).then(() => undefined)
  stored.catch(() => {})
  return stored
}
