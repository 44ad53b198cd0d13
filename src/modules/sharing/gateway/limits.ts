/**
 * Per-grant rate (calls per second) and daily quota, kept in memory on each replica.
 *
 * - Rate: a token bucket per grant on this replica. With N replicas behind a balancer an app can reach up to N ×
 *   the rate; the quota below is the hard daily bound. (A shared bucket would cost a database write per call.)
 * - Quota: `base` is the day's total of all replicas as last read from `gateway_quota_usage`; `local` counts the
 *   calls this replica admitted that are not yet in that total. The log flush adds them to the table and reads the
 *   new total back, so replicas see each other's use within one flush interval (GATEWAY_LOG_FLUSH_MS); the
 *   overshoot across replicas is bounded by the calls admitted during that interval.
 */
import { gatewayError } from './errors.ts'

const DAY_MS = 86_400_000
const BEIJING_OFFSET_MS = 8 * 3_600_000

let cachedDay = ''
let cachedFrom = 0
let cachedUntil = 0

/** The Beijing calendar day of an instant, 'YYYY-MM-DD' (the current day is remembered: every call asks). */
export function beijingDay(ms: number): string {
  if (ms >= cachedFrom && ms < cachedUntil) return cachedDay
  const local = ms + BEIJING_OFFSET_MS
  const day = new Date(local).toISOString().slice(0, 10)
  cachedDay = day
  cachedFrom = Math.floor(local / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS
  cachedUntil = cachedFrom + DAY_MS
  return day
}

/** Seconds until the next Beijing midnight (when the daily quota resets). */
export function secondsToBeijingMidnight(ms: number): number {
  const local = ms + BEIJING_OFFSET_MS
  const next = (Math.floor(local / DAY_MS) + 1) * DAY_MS
  return Math.max(1, Math.ceil((next - local) / 1000))
}

interface Bucket {
  tokens: number
  updated: number
}

export interface QuotaCounter {
  readonly grantId: string
  readonly day: string
  /** All replicas' flushed calls, as last read from the database. */
  base: number
  /** Calls admitted here and not yet flushed into the table. */
  local: number
  quota: number | null
}

export class Limits {
  readonly #buckets = new Map<string, Bucket>()
  readonly #quotas = new Map<string, QuotaCounter>()

  /** Throws 429 when the grant's rate or quota is used up; otherwise counts the call. */
  admit(grant: { id: string; ratePerSecond: number | null; quotaPerDay: number | null }, now: number): void {
    if (grant.ratePerSecond !== null) this.#takeToken(grant.id, grant.ratePerSecond, now)
    const day = beijingDay(now)
    const key = `${grant.id}:${day}`
    let counter = this.#quotas.get(key)
    if (!counter) {
      counter = { grantId: grant.id, day, base: 0, local: 0, quota: grant.quotaPerDay }
      this.#quotas.set(key, counter)
      this.#dropOldDays(day)
    }
    counter.quota = grant.quotaPerDay
    if (grant.quotaPerDay !== null && counter.base + counter.local >= grant.quotaPerDay) {
      throw gatewayError('gateway.quota_exceeded', {
        retryAfter: secondsToBeijingMidnight(now),
        extra: { quotaPerDay: grant.quotaPerDay },
      })
    }
    counter.local++
  }

  #takeToken(grantId: string, rate: number, now: number): void {
    let bucket = this.#buckets.get(grantId)
    if (!bucket) {
      bucket = { tokens: rate, updated: now }
      this.#buckets.set(grantId, bucket)
    }
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updated) / 1000) * rate)
    bucket.updated = now
    if (bucket.tokens < 1) {
      throw gatewayError('gateway.rate_limited', {
        retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)),
        extra: { ratePerSecond: rate },
      })
    }
    bucket.tokens -= 1
  }

  #dropOldDays(today: string): void {
    for (const [key, c] of this.#quotas) if (c.day < today) this.#quotas.delete(key)
  }

  /** After a flush wrote `flushed` calls of a grant-day and read back the shared total. */
  settle(grantId: string, day: string, flushed: number, total: number): void {
    const counter = this.#quotas.get(`${grantId}:${day}`)
    if (!counter) return
    counter.local = Math.max(0, counter.local - flushed)
    counter.base = total
  }

  /** Counters of grants with a quota, to refresh from the table (other replicas' use). */
  quotaCounters(): QuotaCounter[] {
    return [...this.#quotas.values()].filter((c) => c.quota !== null)
  }

  refresh(grantId: string, day: string, total: number): void {
    const counter = this.#quotas.get(`${grantId}:${day}`)
    if (counter && total > counter.base) counter.base = total
  }
}
