/**
 * Resources mounted on an external PostgreSQL table (catalog mount kind `postgres`): a small pool per source,
 * short timeouts, rows in key order with offset cursors. Failures become `gateway.source_unavailable` and never
 * carry the connection string or the server's message.
 */
import pg from 'pg'
import { hostAllowed } from '../../../platform/config.ts'
import { sm3 } from '../../../platform/crypto/index.ts'
import { DomainError } from '../../../platform/errors.ts'
import { type CellValue, type FoundRow, type KeyColumn, quoteIdent, toCell } from '../../datastore/index.ts'
import { gatewayError } from './errors.ts'

export interface ExternalSource {
  readonly url: string
  readonly schema: string
  readonly table: string
  /** Field code → column name where they differ. */
  readonly columns: Readonly<Record<string, string>>
}

export interface ExternalRead {
  /** Field codes to return. */
  readonly fields: readonly string[]
  /** Declared key fields: the stable order of pages. */
  readonly order: readonly string[]
  readonly filters: readonly { readonly column: KeyColumn; readonly value: string }[]
  readonly scope: { readonly column: string; readonly prefix: string } | null
  readonly offset: number
  readonly limit: number
}

const MAX_POOL = 4
const CONNECT_TIMEOUT_MS = 3000
const QUERY_TIMEOUT_MS = 5000
const IDLE_MS = 30_000

export class ExternalReader {
  readonly #allowed: readonly string[]
  readonly #pools = new Map<string, pg.Pool>()

  constructor(allowedHosts: readonly string[]) {
    this.#allowed = allowedHosts
  }

  async read(source: ExternalSource, q: ExternalRead): Promise<FoundRow[]> {
    const col = (code: string) => quoteIdent(source.columns[code] ?? code)
    const params: unknown[] = []
    const param = (v: unknown) => {
      params.push(v)
      return `$${params.length}`
    }
    const where = q.filters.map((f) => `${col(f.column.code)} = ${param(f.value)}`)
    if (q.scope) where.push(`${col(q.scope.column)}::text like ${param(`${q.scope.prefix}%`)}`)
    const select = q.fields.map((f, i) => `${col(f)} as "c${i}"`).join(', ') || '1 as "c_none"'
    const order = q.order.length ? q.order.map(col).join(', ') : '1'
    const text =
      `select ${select} from ${quoteIdent(source.schema)}.${quoteIdent(source.table)}` +
      (where.length ? ` where ${where.join(' and ')}` : '') +
      ` order by ${order} limit ${param(q.limit + 1)} offset ${param(q.offset)}`
    let rows: Record<string, unknown>[]
    try {
      rows = (await this.#pool(source.url).query<Record<string, unknown>>(text, params)).rows
    } catch (error) {
      if (error instanceof DomainError) throw error
      // A value the external column type refuses is the caller's mistake, not an outage.
      if ((error as { code?: unknown }).code === '22P02') throw gatewayError('gateway.filter_invalid')
      throw gatewayError('gateway.source_unavailable')
    }
    return rows.map((row, i) => {
      const cells: Record<string, CellValue> = {}
      q.fields.forEach((f, k) => {
        cells[f] = toCell(row[`c${k}`])
      })
      return { position: String(q.offset + i + 1), cells }
    })
  }

  #pool(url: string): pg.Pool {
    const key = sm3(url)
    let pool = this.#pools.get(key)
    if (pool) return pool
    let host = ''
    try {
      host = new URL(url).hostname
    } catch {}
    if (!host || !hostAllowed(this.#allowed, host)) throw gatewayError('gateway.source_unavailable')
    pool = new pg.Pool({
      connectionString: url,
      max: MAX_POOL,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: IDLE_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      statement_timeout: QUERY_TIMEOUT_MS,
      application_name: 'shuhui-gateway',
    })
    // A broken idle connection must not crash the process; the next query reports it.
    pool.on('error', () => {})
    this.#pools.set(key, pool)
    return pool
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.all(pools.map((p) => p.end().catch(() => {})))
  }
}
