/**
 * The gateway call log, written off the hot path: calls are buffered in memory and flushed every
 * GATEWAY_LOG_FLUSH_MS (and on close) in one transaction that
 *   1. appends one audit event per provider org (`gateway.calls`) whose details carry the SM3 hash of the
 *      batch's rows — the calls are chained into the audit trail without one chain link per call;
 *   2. inserts the calls (positional JSON rows, see insertCalls) pointing at that audit event;
 *   3. adds the day's usage per app, resource and status, and each grant's quota use, reading the shared quota
 *      totals back for the limiter.
 * A failed flush keeps the calls for the next attempt. ADR 0006 explains the trade-offs.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/index.ts'
import { systemContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import { t } from '../store.ts'
import { type Buffered, batchHash, type CallEntry, Window } from './call-window.ts'
import type { Limits } from './limits.ts'

export interface LogSink {
  error(obj: object, msg: string): void
}

const ROWS_PER_STATEMENT = 5000
/** Beyond this many unwritten calls (a long database outage) the oldest are dropped and the loss logged. */
const MAX_BUFFERED = 500_000
const QUOTA_REFRESH_MS = 1000
/** Expired nonces and old quota counters are deleted about once a minute. */
const PURGE_MS = 60_000

export class CallLog {
  readonly #db: Db
  readonly #limits: Limits
  readonly #log: LogSink
  readonly #purge: () => Promise<void>
  #window = new Window()
  #flushing: Promise<void> | null = null
  #timer: NodeJS.Timeout | null = null
  #lastQuotaRefresh = 0
  #lastPurge = Date.now()
  #dropped = 0

  constructor(db: Db, limits: Limits, log: LogSink, purge: () => Promise<void>) {
    this.#db = db
    this.#limits = limits
    this.#log = log
    this.#purge = purge
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => void this.flush(), intervalMs)
    this.#timer.unref()
  }

  push(c: CallEntry): void {
    const w = this.#window
    w.add(c)
    if (w.calls.length > MAX_BUFFERED) {
      const excess = w.calls.length - MAX_BUFFERED
      w.calls.splice(0, excess)
      this.#dropped += excess
      this.#log.error({ dropped: this.#dropped }, 'gateway call log buffer full: oldest calls dropped')
    }
  }

  get pending(): number {
    return this.#window.calls.length
  }

  /** Writes what is buffered; concurrent callers share the running flush. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushAll().finally(() => {
      this.#flushing = null
    })
    return this.#flushing
  }

  /** Stops the timer and writes everything (graceful shutdown); gives up after a few failed attempts. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    for (let attempt = 0; attempt < 5 && (this.#window.calls.length > 0 || this.#flushing); attempt++) {
      await this.flush()
    }
  }

  async #flushAll(): Promise<void> {
    const w = this.#window
    if (w.calls.length > 0) {
      this.#window = new Window()
      try {
        const totals = await this.#db.transaction().execute((trx) => this.#write(trx, w))
        for (const q of totals) this.#limits.settle(q.grantId, q.day, q.flushed, q.total)
      } catch (error) {
        this.#window.absorb(w)
        this.#log.error({ err: error, calls: w.calls.length }, 'gateway call log flush failed; will retry')
        return
      }
    }
    await this.#housekeeping()
  }

  async #housekeeping(): Promise<void> {
    const now = Date.now()
    try {
      if (now - this.#lastQuotaRefresh >= QUOTA_REFRESH_MS) {
        this.#lastQuotaRefresh = now
        const counters = this.#limits.quotaCounters()
        if (counters.length > 0) {
          const rows = await t(this.#db)
            .selectFrom('gatewayQuotaUsage')
            .select(['grantId', sql<string>`day::text`.as('day'), 'calls'])
            .where(
              'grantId',
              'in',
              counters.map((c) => c.grantId),
            )
            .where(
              sql<string>`day::text`,
              'in',
              counters.map((c) => c.day),
            )
            .execute()
          for (const r of rows) this.#limits.refresh(r.grantId, r.day, Number(r.calls))
        }
      }
      if (now - this.#lastPurge >= PURGE_MS) {
        this.#lastPurge = now
        await this.#purge()
      }
    } catch (error) {
      this.#log.error({ err: error }, 'gateway housekeeping failed')
    }
  }

  async #write(
    trx: Trx,
    w: Window,
  ): Promise<{ grantId: string; day: string; flushed: number; total: number }[]> {
    // One audit event per provider org, so each provider's auditors see their own resources' calls.
    const groups = new Map<string, Buffered[]>()
    for (const c of w.calls) {
      const list = groups.get(c.group)
      if (list) list.push(c)
      else groups.set(c.group, [c])
    }
    const ctx = systemContext('gateway')
    for (const [providerOrgId, calls] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      calls.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      const first = calls[0] as Buffered
      const last = calls[calls.length - 1] as Buffered
      let denied = 0
      let rows = 0
      for (const c of calls) {
        if (c.status >= 400) denied++
        rows += c.rows
      }
      const auditId = await recordAudit(trx, ctx, {
        action: 'gateway.calls',
        targetType: 'gateway_call_batch',
        orgId: providerOrgId || null,
        regionCode: first.regionCode,
        details: {
          calls: calls.length,
          denied,
          rows,
          firstCallId: first.id,
          lastCallId: last.id,
          batchHash: batchHash(calls.map((c) => c.line)),
        },
      })
      for (let i = 0; i < calls.length; i += ROWS_PER_STATEMENT) {
        const chunk = calls.slice(i, i + ROWS_PER_STATEMENT)
        const index = new Map<string, number>()
        const dims: string[] = []
        const rows = chunk.map((c) => {
          let k = index.get(c.dim)
          if (k === undefined) {
            k = dims.length
            index.set(c.dim, k)
            dims.push(`{"k":${k},${w.dims.get(c.dim) ?? ''}}`)
          }
          return `[${k},${c.json}]`
        })
        await insertCalls(trx, `[${rows.join(',')}]`, `[${dims.join(',')}]`, auditId)
      }
    }
    await this.#addUsage(trx, w)
    return this.#addQuota(trx, w)
  }

  async #addUsage(trx: Trx, w: Window): Promise<void> {
    if (w.daily.size === 0) return
    // Sorted keys: concurrent flushes of two replicas lock the same rows in the same order.
    const values = [...w.daily.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d)
    await sql`
      insert into gateway_usage_daily (day, app_id, resource_id, status, resource_code, consumer_org_id,
        consumer_region_code, provider_org_id, provider_region_code, calls, rows_returned, latency_ms_total)
      select day, app_id, resource_id, status, resource_code, consumer_org_id, consumer_region_code,
        provider_org_id, provider_region_code, calls, rows, ms
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(day date, app_id uuid, resource_id uuid,
        status smallint, resource_code text, consumer_org_id uuid, consumer_region_code text, provider_org_id uuid,
        provider_region_code text, calls bigint, rows bigint, ms double precision)
      on conflict (day, app_id, resource_id, status) do update set
        calls = gateway_usage_daily.calls + excluded.calls,
        rows_returned = gateway_usage_daily.rows_returned + excluded.rows_returned,
        latency_ms_total = gateway_usage_daily.latency_ms_total + excluded.latency_ms_total`.execute(trx)
  }

  async #addQuota(
    trx: Trx,
    w: Window,
  ): Promise<{ grantId: string; day: string; flushed: number; total: number }[]> {
    if (w.quota.size === 0) return []
    const values = [...w.quota.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, q]) => q)
    const { rows } = await sql<{ grantId: string; day: string; calls: number | string }>`
      insert into gateway_quota_usage (grant_id, day, calls)
      select "grantId", day, calls from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as x("grantId" uuid, day date, calls bigint)
      on conflict (grant_id, day) do update set calls = gateway_quota_usage.calls + excluded.calls
      returning grant_id, day::text as day, calls`.execute(trx)
    return rows.map((r) => ({
      grantId: r.grantId,
      day: r.day,
      flushed: w.quota.get(`${r.grantId}|${r.day}`)?.calls ?? 0,
      total: Number(r.calls),
    }))
  }
}

/**
 * One statement per chunk: `calls` is a JSON array of positional rows
 * `[dim, id, calledAt, day, fields, filterFields, keyHashes, rows, status, errorCode, latencyMs, requestId]`,
 * `dims` the JSON objects they point to (app, orgs, resource, grant, purpose) — half the bytes of one object per
 * call, which mattered at thousands of calls per second.
 */
async function insertCalls(trx: Trx, calls: string, dims: string, auditEventId: string): Promise<void> {
  await sql`
    insert into gateway_calls (id, called_at, day, auth_method, app_id, client_id, consumer_org_id,
      consumer_region_code, resource_id, resource_code, provider_org_id, provider_region_code, grant_id, purpose,
      fields, filter_fields, key_hashes, rows_returned, status, error_code, latency_ms, request_id, audit_event_id)
    select (c->>1)::uuid, (c->>2)::timestamptz, (c->>3)::date, d.auth_method, d.app_id, d.client_id,
      d.consumer_org_id, d.consumer_region_code, d.resource_id, d.resource_code, d.provider_org_id,
      d.provider_region_code, d.grant_id, d.purpose,
      array(select jsonb_array_elements_text(c->4)), array(select jsonb_array_elements_text(c->5)),
      array(select jsonb_array_elements_text(c->6)),
      (c->>7)::integer, (c->>8)::smallint, c->>9, (c->>10)::real, c->>11, ${auditEventId}::uuid
    from jsonb_array_elements(${calls}::jsonb) as c
    join jsonb_to_recordset(${dims}::jsonb) as d(k integer, auth_method text, app_id uuid, client_id text,
      consumer_org_id uuid, consumer_region_code text, resource_id uuid, resource_code text, provider_org_id uuid,
      provider_region_code text, grant_id uuid, purpose text) on d.k = (c->>0)::integer`.execute(trx)
}
