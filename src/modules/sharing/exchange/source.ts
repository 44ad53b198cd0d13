/**
 * Reading a resource's rows in chunks: from the platform's hosted table (datastore) or from the provider's
 * external PostgreSQL table. Both use the same keyset SQL (datastore/scan.ts); rows are PostgreSQL text.
 */
import pg from 'pg'
import type { Config } from '../../../platform/config.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type DataSource, dataSourceOf } from '../../catalog/index.ts'
import {
  type CopyText,
  copyOut,
  datastoreCopyRange,
  datastoreScanCount,
  datastoreScanMax,
  datastoreScanNextEnd,
  datastoreScannable,
  datastoreScanRange,
  ensureDatastoreScanIndex,
  quoteIdent,
  type ScanColumn,
  type ScanKey,
  type ScanRow,
  type ScanSpec,
  scanBoundaryQuery,
  scanCopyStatement,
  scanCountQuery,
  scanEndQuery,
  scanMaxQuery,
  scanRangeQuery,
} from '../../datastore/index.ts'
import type { ChunkSource } from './chunks.ts'
import { exchangeError } from './errors.ts'
import { connectExternal } from './pg-client.ts'

export interface SourceReader extends ChunkSource {
  readonly kind: 'datastore' | 'postgres'
  /** Field code → column name in the source table. */
  readonly columns: Readonly<Record<string, string>>
  /** Prepares the reads (an index on the sort key of a hosted table). */
  prepare(spec: ScanSpec): Promise<void>
  count(spec: ScanSpec): Promise<number>
  max(spec: ScanSpec, column: ScanColumn): Promise<string | null>
  close(): Promise<void>
}

/**
 * Chunk buffers in a ring of three: a chunk's buffer is reused three reads later, when the run has long finished
 * writing it (a chunk is read only after the one two places before it was written).
 */
function recycled(
  read: (spec: ScanSpec, after: ScanKey | null, upTo: ScanKey, into: Buffer | undefined) => Promise<CopyText>,
): NonNullable<ChunkSource['copy']> {
  const ring: (Buffer | undefined)[] = [undefined, undefined, undefined]
  let turn = 0
  return async (spec, after, upTo) => {
    const slot = turn++ % ring.length
    const { text, storage } = await read(spec, after, upTo, ring[slot])
    ring[slot] = storage
    return text
  }
}

function unavailable(zh: string, en: string) {
  return exchangeError('exchange.source_unavailable', { detail: { zh, en } })
}

/** Where a resource's rows come from, or exchange.source_unavailable. */
export async function sourceOf(db: Db, config: Config, resourceId: string): Promise<DataSource> {
  const source = await dataSourceOf(db, config.secretKey, resourceId)
  if (!source) throw unavailable('数据资源尚未挂接数据', 'The resource has no mounted data')
  if (source.kind === 'http')
    throw unavailable(
      '挂接为 HTTP 接口的数据资源不能批量交换',
      'A resource mounted as an HTTP API cannot be exchanged in batches',
    )
  return source
}

/**
 * Hosted tables are read through the platform's own connection pool; when the platform runs on PostgreSQL
 * (DATABASE_URL) a plain connection of its own also reads chunks as COPY text, several times cheaper in Node.
 */
async function datastoreReader(db: Db, config: Config, resourceId: string): Promise<SourceReader> {
  const url = config.databaseUrl
  let client: pg.Client | null = null
  const raw = async () => {
    if (client) return client
    const c = new pg.Client({ connectionString: url, application_name: 'shuhui-exchange-read' })
    c.on('error', () => {})
    await c.connect()
    client = c
    return c
  }
  return {
    kind: 'datastore',
    columns: {},
    async prepare(spec) {
      if (!(await datastoreScannable(db, resourceId, spec)))
        throw unavailable(
          '托管数据表缺少要交换的信息项，请重新载入数据',
          'The hosted table lacks some delivered columns; reload the data',
        )
      await ensureDatastoreScanIndex(db, resourceId, spec.order)
    },
    count: (spec) => datastoreScanCount(db, resourceId, spec),
    max: (spec, column) => datastoreScanMax(db, resourceId, spec, column),
    nextEnd: (spec, after, limit) => datastoreScanNextEnd(db, resourceId, spec, after, limit),
    rows: (spec, after, upTo) => datastoreScanRange(db, resourceId, spec, after, upTo),
    copy: url
      ? recycled(async (spec, after, upTo, into) =>
          datastoreCopyRange(await raw(), resourceId, spec, after, upTo, into),
        )
      : null,
    async close() {
      await client?.end().catch(() => {})
    },
  }
}

async function externalReader(source: Extract<DataSource, { kind: 'postgres' }>): Promise<SourceReader> {
  let client: pg.Client
  try {
    client = await connectExternal(source.url, { applicationName: 'shuhui-exchange', statementTimeoutMs: 0 })
    await client.query('set default_transaction_read_only = on')
  } catch {
    throw unavailable('无法连接提供方的外部数据库', 'Could not connect to the provider’s external database')
  }
  const table = `${quoteIdent(source.schema)}.${quoteIdent(source.table)}`
  // One connection answers one statement at a time: reads issued ahead wait their turn here.
  let turn: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = turn.then(fn, fn)
    turn = next.catch(() => {})
    return next
  }
  const rows = (q: { text: string; params: unknown[] }) =>
    serial(
      async () => (await client.query<ScanRow>({ text: q.text, values: q.params, rowMode: 'array' })).rows,
    )
  return {
    kind: 'postgres',
    columns: source.columns,
    async prepare() {},
    async count(spec) {
      const [row] = await rows(scanCountQuery(table, spec))
      return Number(row?.[0] ?? 0)
    },
    async max(spec, column) {
      const [row] = await rows(scanMaxQuery(table, spec, column))
      return row?.[0] ?? null
    },
    async nextEnd(spec, after, limit) {
      const [boundary] = await rows(scanBoundaryQuery(table, spec, after, limit))
      if (boundary) return { end: boundary, full: true }
      const [end] = await rows(scanEndQuery(table, spec, after))
      return end ? { end, full: false } : null
    },
    rows: (spec, after, upTo) => rows(scanRangeQuery(table, spec, after, upTo)),
    copy: recycled((spec, after, upTo, into) =>
      serial(() => copyOut(client, scanCopyStatement(table, spec, after, upTo), into)),
    ),
    async close() {
      await client.end().catch(() => {})
    },
  }
}

export async function openSource(
  db: Db,
  config: Config,
  source: DataSource,
  resourceId: string,
): Promise<SourceReader> {
  if (source.kind === 'datastore') return datastoreReader(db, config, resourceId)
  if (source.kind === 'postgres') return externalReader(source)
  throw unavailable('该数据资源不能批量交换', 'This resource cannot be exchanged in batches')
}
