/**
 * Nonces of signed requests, remembered until their timestamp could no longer pass the skew check. An in-memory
 * set answers a replay on the same replica without a round trip; the `gateway_nonces` table (primary key
 * client + nonce) catches a replay sent to another replica. Claims arriving together share one INSERT.
 */
import { sql } from 'kysely'
import type { Db } from '../../../platform/db/index.ts'
import { t } from '../store.ts'

interface Claim {
  readonly clientId: string
  readonly nonce: string
  readonly expiresAt: Date
  readonly resolve: (fresh: boolean) => void
  readonly reject: (error: unknown) => void
}

const MAX_BATCH = 1000

export class NonceStore {
  readonly #db: Db
  readonly #seen = new Map<string, number>()
  #pending: Claim[] = []
  #scheduled = false
  #lastPurge = 0

  constructor(db: Db) {
    this.#db = db
  }

  /** True when the nonce was unused (and is now taken), false when it was seen before on any replica. */
  claim(clientId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const key = `${clientId}\u0000${nonce}`
    const now = Date.now()
    const seen = this.#seen.get(key)
    if (seen !== undefined && seen > now) return Promise.resolve(false)
    this.#seen.set(key, expiresAt.getTime())
    this.#sweepMemory(now)
    return new Promise((resolve, reject) => {
      this.#pending.push({ clientId, nonce, expiresAt, resolve, reject })
      if (!this.#scheduled) {
        this.#scheduled = true
        setImmediate(() => void this.#write())
      }
    })
  }

  async #write(): Promise<void> {
    this.#scheduled = false
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, MAX_BATCH)
      try {
        const { rows } = await sql<{ clientId: string; nonce: string }>`
          insert into gateway_nonces (client_id, nonce, expires_at)
          select * from unnest(${batch.map((c) => c.clientId)}::text[], ${batch.map((c) => c.nonce)}::text[],
                               ${batch.map((c) => c.expiresAt.toISOString())}::timestamptz[])
          on conflict do nothing
          returning client_id, nonce`.execute(this.#db)
        const fresh = new Set(rows.map((r) => `${r.clientId}\u0000${r.nonce}`))
        for (const c of batch) c.resolve(fresh.has(`${c.clientId}\u0000${c.nonce}`))
      } catch (error) {
        for (const c of batch) {
          this.#seen.delete(`${c.clientId}\u0000${c.nonce}`)
          c.reject(error)
        }
      }
    }
  }

  /** Drops expired nonces from memory now and then (at most once a second of traffic). */
  #sweepMemory(now: number): void {
    if (this.#seen.size < 10_000 || now - this.#lastPurge < 1000) return
    this.#lastPurge = now
    for (const [key, expires] of this.#seen) if (expires <= now) this.#seen.delete(key)
  }

  /** Deletes expired nonces from the table; called from the log flusher every minute or so. */
  async purgeExpired(): Promise<void> {
    await t(this.#db).deleteFrom('gatewayNonces').where('expiresAt', '<', new Date()).execute()
  }
}
