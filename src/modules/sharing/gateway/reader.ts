/**
 * Reads rows for gateway calls. Point lookups (one key filter, first page) of the same resource, key column and
 * row scope are coalesced: calls arriving while a lookup statement is in flight wait for the next statement and
 * share it (`= k.v` over `unnest($1)`), and identical keys share one slot. At most MAX_IN_FLIGHT statements per
 * batch run at once, so under load batches grow instead of the pool queue. ADR 0006 has the measurements.
 */

import type { Db } from '../../../platform/db/index.ts'
import {
  type FoundRow,
  type KeyColumn,
  lookupByKeys,
  type RowScopeFilter,
  scanRows,
} from '../../datastore/index.ts'

const MAX_IN_FLIGHT = 3
const MAX_KEYS_PER_STATEMENT = 500

interface Waiter {
  readonly limitPerKey: number
  readonly resolve: (rows: FoundRow[]) => void
  readonly reject: (error: unknown) => void
}

interface Batch {
  readonly resourceId: string
  readonly columns: readonly string[]
  readonly key: KeyColumn
  readonly scope: RowScopeFilter | null
  pending: Map<string, Waiter[]>
  inFlight: number
  scheduled: boolean
}

export interface PointLookup {
  readonly resourceId: string
  /** Table version: part of the batch identity, so a reload never mixes two tables in one statement. */
  readonly version: string
  readonly columns: readonly string[]
  readonly key: KeyColumn
  readonly value: string
  readonly scope: RowScopeFilter | null
  /** Rows wanted for the key (the page size plus one, to know whether more follow). */
  readonly limitPerKey: number
}

export class DatastoreReader {
  readonly #db: Db
  readonly #batches = new Map<string, Batch>()

  constructor(db: Db) {
    this.#db = db
  }

  /** Rows of one key, through the shared batch statement. */
  lookup(q: PointLookup): Promise<FoundRow[]> {
    const id = [
      q.resourceId,
      q.version,
      q.key.code,
      q.scope?.column ?? '',
      q.scope?.prefix ?? '',
      q.columns.join(','),
    ].join('\u0000')
    let batch = this.#batches.get(id)
    if (!batch) {
      batch = {
        resourceId: q.resourceId,
        columns: q.columns,
        key: q.key,
        scope: q.scope,
        pending: new Map(),
        inFlight: 0,
        scheduled: false,
      }
      this.#batches.set(id, batch)
    }
    const b = batch
    return new Promise<FoundRow[]>((resolve, reject) => {
      const waiters = b.pending.get(q.value)
      const waiter = { limitPerKey: q.limitPerKey, resolve, reject }
      if (waiters) waiters.push(waiter)
      else b.pending.set(q.value, [waiter])
      if (b.inFlight < MAX_IN_FLIGHT && !b.scheduled) {
        b.scheduled = true
        // Let every request parsed in this turn of the event loop join before the statement goes out.
        setImmediate(() => this.#run(id, b))
      }
    })
  }

  #run(id: string, b: Batch): void {
    b.scheduled = false
    while (b.pending.size > 0 && b.inFlight < MAX_IN_FLIGHT) {
      let taken: Map<string, Waiter[]>
      if (b.pending.size <= MAX_KEYS_PER_STATEMENT) {
        taken = b.pending
        b.pending = new Map()
      } else {
        taken = new Map()
        for (const [k, w] of b.pending) {
          taken.set(k, w)
          b.pending.delete(k)
          if (taken.size >= MAX_KEYS_PER_STATEMENT) break
        }
      }
      b.inFlight++
      void this.#execute(b, taken).finally(() => {
        b.inFlight--
        if (b.pending.size > 0) this.#run(id, b)
        else if (b.inFlight === 0) this.#batches.delete(id)
      })
    }
  }

  async #execute(b: Batch, taken: Map<string, Waiter[]>): Promise<void> {
    let limitPerKey = 1
    for (const waiters of taken.values())
      for (const w of waiters) limitPerKey = Math.max(limitPerKey, w.limitPerKey)
    try {
      const rows = await lookupByKeys(
        this.#db,
        { resourceId: b.resourceId, columns: b.columns, key: b.key, scope: b.scope, limitPerKey },
        [...taken.keys()],
      )
      const byKey = new Map<string, FoundRow[]>()
      for (const row of rows) {
        const k = row.key ?? ''
        const list = byKey.get(k)
        if (list) list.push(row)
        else byKey.set(k, [row])
      }
      for (const [k, waiters] of taken) {
        const found = byKey.get(k) ?? []
        for (const w of waiters)
          w.resolve(found.length > w.limitPerKey ? found.slice(0, w.limitPerKey) : found)
      }
    } catch (error) {
      for (const waiters of taken.values()) for (const w of waiters) w.reject(error)
    }
  }

  /** Everything else (several filters, later pages, listing without a filter) runs on its own. */
  scan(spec: Parameters<typeof scanRows>[1]): ReturnType<typeof scanRows> {
    return scanRows(this.#db, spec)
  }
}
