import type { Kysely, Transaction } from 'kysely'
import type { JobsTable, JsonObject } from '../db/schema.ts'
import { newId } from '../ids.ts'

export interface EnqueueOptions {
  /** Not before this instant; default: as soon as a worker polls. */
  readonly runAt?: Date
  /**
   * Makes enqueueing idempotent: while a job row with this key exists (done and failed ones included),
   * enqueue inserts nothing and returns null.
   */
  readonly dedupeKey?: string
  /** Runs including the first; default 5. */
  readonly maxAttempts?: number
}

/**
 * Any schema that has the jobs table: the platform's Db, or a module's `db.withTables<…>()` and its
 * transactions.
 */
export interface JobsTables {
  jobs: JobsTable
}

export const DEFAULT_MAX_ATTEMPTS = 5
const NAME_RE = /^[a-z][a-z0-9_.:-]{0,99}$/

export function assertJobName(kind: 'queue' | 'schedule', name: string): void {
  if (!NAME_RE.test(name)) {
    throw new Error(`${kind} name must match ${NAME_RE}, got ${JSON.stringify(name.slice(0, 120))}`)
  }
}

/**
 * Adds a job. Pass the caller's transaction to make the job part of it (transactional outbox): the job
 * exists exactly when the business change committed, and a rollback leaves nothing to run.
 * Returns the job id, or null when `dedupeKey` is already taken.
 */
export async function enqueue<DB extends JobsTables>(
  db: Kysely<DB> | Transaction<DB>,
  queue: string,
  payload: JsonObject,
  opts: EnqueueOptions = {},
): Promise<string | null> {
  assertJobName('queue', queue)
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new RangeError(`maxAttempts must be an integer in 1..100, got ${maxAttempts}`)
  }
  if (opts.dedupeKey !== undefined && (opts.dedupeKey.length === 0 || opts.dedupeKey.length > 500)) {
    throw new RangeError('dedupeKey must have 1..500 characters')
  }
  if (opts.runAt !== undefined && Number.isNaN(opts.runAt.getTime()))
    throw new RangeError('runAt is an invalid Date')
  // Kysely's schema parameter is invariant, so a wider module schema is viewed as just the jobs table.
  const jobsDb = db as unknown as Kysely<JobsTables>
  const row = await jobsDb
    .insertInto('jobs')
    .values({
      id: newId(),
      queue,
      payload: JSON.stringify(payload),
      maxAttempts,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      dedupeKey: opts.dedupeKey ?? null,
      finishedAt: null,
      ...(opts.runAt ? { runAt: opts.runAt } : {}),
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? null
}
