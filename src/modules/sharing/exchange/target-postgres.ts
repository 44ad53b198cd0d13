/**
 * A consumer's PostgreSQL table as the target. Exactly-once lives here: every chunk is written in ONE target
 * transaction together with the checkpoint row (job, run, chunks, rows, last key) in
 * `<schema>._shuhui_exchange_checkpoints`. A crash before the commit loses the chunk and its checkpoint together;
 * a crash after it keeps both, and a restart resumes after the checkpoint's key. The checkpoint update comes first
 * and must find the expected chunk count, so two processes on the same run cannot both write a chunk.
 * The last key is SM4-sealed: the sort key may include key fields the consumer was not granted.
 */
import type pg from 'pg'
import { openSecret, sealSecret } from '../../../platform/crypto/index.ts'
import type { ScanKey } from '../../datastore/index.ts'
import { quoteIdent } from '../../datastore/index.ts'
import type { ChunkBody } from './chunks.ts'
import { copyIn, copyPayload } from './copy-in.ts'
import { exchangeError } from './errors.ts'
import { connectExternal } from './pg-client.ts'
import type { PlanColumn, RunPlan } from './plan.ts'

export const CHECKPOINT_TABLE = '_shuhui_exchange_checkpoints'

export interface Checkpoint {
  readonly chunks: number
  readonly rows: number
  readonly lastKey: ScanKey | null
}

const SQL_TYPES: Record<PlanColumn['dataType'], string> = {
  string: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
  binary: 'bytea',
}

/** Masked values are text whatever the field's type (a masked phone number is not a number). */
export const targetType = (c: PlanColumn) => (c.mask ? 'text' : SQL_TYPES[c.dataType])

export function tableMismatch(missing: readonly string[]) {
  return exchangeError('exchange.target_table_mismatch', {
    detail: {
      zh: `目标表已存在，但缺少列：${missing.join('、')}`,
      en: `The target table exists without the columns: ${missing.join(', ')}`,
    },
    extra: { missing },
  })
}

/** Columns of the existing table that the plan needs but that are absent; null when the table does not exist. */
export async function missingColumns(
  client: pg.Client,
  schema: string,
  table: string,
  codes: readonly string[],
): Promise<string[] | null> {
  const res = await client.query<{ column_name: string }>(
    'select column_name from information_schema.columns where table_schema = $1 and table_name = $2',
    [schema, table],
  )
  if (res.rows.length === 0) return null
  const have = new Set(res.rows.map((r) => r.column_name))
  return codes.filter((c) => !have.has(c))
}

export class PostgresTarget {
  readonly #client: pg.Client
  readonly #plan: RunPlan
  readonly #jobId: string
  readonly #runId: string
  readonly #secretKey: Buffer
  readonly #table: string
  readonly #checkpoints: string
  readonly #copySql: string

  private constructor(client: pg.Client, plan: RunPlan, jobId: string, runId: string, secretKey: Buffer) {
    if (plan.target.kind !== 'postgres') throw new Error('not a postgres target')
    this.#client = client
    this.#plan = plan
    this.#jobId = jobId
    this.#runId = runId
    this.#secretKey = secretKey
    const schema = quoteIdent(plan.target.schema)
    this.#table = `${schema}.${quoteIdent(plan.target.table)}`
    this.#checkpoints = `${schema}.${quoteIdent(CHECKPOINT_TABLE)}`
    const names = plan.columns.map((c) => quoteIdent(c.code)).join(', ')
    this.#copySql = `copy ${this.#table} (${names}) from stdin`
  }

  static async open(
    url: string,
    plan: RunPlan,
    ids: { jobId: string; runId: string },
    secretKey: Buffer,
  ): Promise<PostgresTarget> {
    const client = await connectExternal(url, { applicationName: 'shuhui-exchange', statementTimeoutMs: 0 })
    return new PostgresTarget(client, plan, ids.jobId, ids.runId, secretKey)
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => {})
  }

  #seal(key: ScanKey | null): string | null {
    return key ? sealSecret(this.#secretKey, JSON.stringify(key), `exchange-key:${this.#runId}`) : null
  }

  #open(sealed: string | null): ScanKey | null {
    return sealed
      ? (JSON.parse(openSecret(this.#secretKey, sealed, `exchange-key:${this.#runId}`)) as ScanKey)
      : null
  }

  async #transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.#client.query('begin')
    try {
      const out = await fn()
      await this.#client.query('commit')
      return out
    } catch (error) {
      await this.#client.query('rollback').catch(() => {})
      throw error
    }
  }

  async #ensureTables(): Promise<void> {
    const plan = this.#plan
    if (plan.target.kind !== 'postgres') return
    await this.#client.query(
      `create table if not exists ${this.#checkpoints} (
         job_id uuid primary key, run_id uuid not null, chunks integer not null, rows_done bigint not null,
         last_key text, updated_at timestamptz not null default now())`,
    )
    const missing = await missingColumns(
      this.#client,
      plan.target.schema,
      plan.target.table,
      plan.columns.map((c) => c.code),
    )
    if (missing?.length) throw tableMismatch(missing)
    if (missing === null) {
      const defs = plan.columns.map((c) => `${quoteIdent(c.code)} ${targetType(c)}`).join(', ')
      await this.#client.query(`create table if not exists ${this.#table} (${defs})`)
      // Only an incremental run looks rows up by key; a full run's COPY stays free of index upkeep.
      if (plan.mode === 'incremental' && plan.upsertKeys.length) {
        const name = quoteIdent(`${plan.target.table.slice(0, 40)}_shuhui_key`)
        const keys = plan.upsertKeys.map(quoteIdent).join(', ')
        await this.#client.query(`create index if not exists ${name} on ${this.#table} (${keys})`)
      }
    }
  }

  /**
   * Where this run stands in the target. A run the checkpoint does not know starts afresh: a full run empties
   * the table in the same transaction that records the fresh checkpoint.
   */
  async start(): Promise<Checkpoint> {
    return this.#transaction(async () => {
      await this.#ensureTables()
      const { rows } = await this.#client.query<{
        run_id: string
        chunks: string
        rows_done: string
        last_key: string | null
      }>(
        `select run_id, chunks, rows_done, last_key from ${this.#checkpoints} where job_id = $1 for update`,
        [this.#jobId],
      )
      const row = rows[0]
      if (row && row.run_id === this.#runId)
        return { chunks: Number(row.chunks), rows: Number(row.rows_done), lastKey: this.#open(row.last_key) }
      if (this.#plan.mode === 'full') await this.#client.query(`truncate ${this.#table}`)
      await this.#client.query(
        `insert into ${this.#checkpoints} (job_id, run_id, chunks, rows_done, last_key) values ($1, $2, 0, 0, null)
         on conflict (job_id) do update set run_id = excluded.run_id, chunks = 0, rows_done = 0, last_key = null,
           updated_at = now()`,
        [this.#jobId, this.#runId],
      )
      return { chunks: 0, rows: 0, lastKey: null }
    })
  }

  /** One chunk and its checkpoint, atomically. `chunks` is the count before this chunk. */
  async write(chunks: number, body: ChunkBody, lastKey: ScanKey, rowsDone: number): Promise<void> {
    const payload = body.kind === 'copy' ? body.text : copyPayload(body.rows)
    // BEGIN and the checkpoint update travel in one round trip (ids, counts and the sealed key are safe literals).
    const lit = (v: string | number) => `'${String(v).replace(/'/g, "''")}'`
    try {
      const [, moved] = (await this.#client.query(
        `begin; update ${this.#checkpoints} set chunks = ${chunks + 1}, rows_done = ${rowsDone},
           last_key = ${lit(this.#seal(lastKey) ?? '')}, updated_at = now()
         where job_id = ${lit(this.#jobId)} and run_id = ${lit(this.#runId)} and chunks = ${chunks}`,
      )) as unknown as [unknown, { rowCount: number | null }]
      if (moved?.rowCount !== 1) throw exchangeError('exchange.conflict')
      if (payload.length > 0) {
        if (this.#plan.mode === 'incremental' && this.#plan.upsertKeys.length) await this.#upsert(payload)
        else await copyIn(this.#client, this.#copySql, payload)
      }
      await this.#client.query('commit')
    } catch (error) {
      await this.#client.query('rollback').catch(() => {})
      throw error
    }
  }

  /**
   * An incremental run replaces rows by key, so a changed source row supersedes its earlier delivery: the chunk
   * goes to a temporary table first, then replaces the target rows with the same key.
   */
  async #upsert(payload: Buffer): Promise<void> {
    const plan = this.#plan
    const names = plan.columns.map((c) => quoteIdent(c.code)).join(', ')
    await this.#client.query(`create temp table _shuhui_chunk (like ${this.#table}) on commit drop`)
    await copyIn(this.#client, `copy _shuhui_chunk (${names}) from stdin`, payload)
    const match = plan.upsertKeys.map((k) => `t.${quoteIdent(k)} = d.${quoteIdent(k)}`).join(' and ')
    await this.#client.query(`delete from ${this.#table} t using _shuhui_chunk d where ${match}`)
    await this.#client.query(`insert into ${this.#table} (${names}) select ${names} from _shuhui_chunk`)
  }
}
