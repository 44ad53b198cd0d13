/**
 * Where an audit's statement runs: the platform's datastore table (with referenced resources in the same
 * database, and the SQL functions of migration 0002) or an external PostgreSQL mount (a short-lived client; the
 * national code checks inline; referenced resources cannot join across databases).
 */
import pg from 'pg'
import type { Config } from '../../../platform/config.ts'
import { hostAllowed } from '../../../platform/config.ts'
import type { Db } from '../../../platform/db/index.ts'
import { dataSourceOf } from '../../catalog/index.ts'
import {
  type BuiltQuery,
  datastoreSelect,
  datastoreTableInfo,
  datastoreTables,
  quoteIdent,
} from '../../datastore/index.ts'
import type { TableRef } from './compile.ts'
import { qualityError } from './errors.ts'

export interface AuditSource {
  readonly mode: 'functions' | 'inline'
  readonly main: TableRef
  readonly refs: ReadonlyMap<string, TableRef>
  select<R>(query: BuiltQuery): Promise<R[]>
  close(): Promise<void>
}

const CONNECT_TIMEOUT_MS = 5000
/** A full scan of a large external table takes minutes; anything longer is a stuck server. */
const STATEMENT_TIMEOUT_MS = 15 * 60_000
const asText = (value: string) => value
const plain = (code: string) => quoteIdent(code)

async function datastoreSource(db: Db, resourceId: string, refIds: readonly string[]): Promise<AuditSource> {
  const tables = await datastoreTables(db, [resourceId, ...refIds])
  const ref = async (id: string): Promise<TableRef | null> => {
    const table = tables.get(id)
    const info = table ? await datastoreTableInfo(db, id) : null
    return table && info ? { table, column: plain, has: (code) => info.columns.has(code) } : null
  }
  const main = await ref(resourceId)
  if (!main) throw qualityError('quality.not_mounted')
  const refs = new Map<string, TableRef>()
  for (const id of refIds) {
    const r = await ref(id)
    if (r) refs.set(id, r)
  }
  return {
    mode: 'functions',
    main,
    refs,
    select: (query) => datastoreSelect(db, query),
    close: async () => {},
  }
}

async function externalSource(
  config: Config,
  source: { url: string; schema: string; table: string; columns: Readonly<Record<string, string>> },
): Promise<AuditSource> {
  let host = ''
  try {
    host = new URL(source.url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    throw qualityError('quality.source_failed')
  }
  if (!hostAllowed(config.mountAllowedHosts, host)) throw qualityError('quality.source_failed')
  const client = new pg.Client({
    connectionString: source.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'shuhui-quality-audit',
    statement_timeout: STATEMENT_TIMEOUT_MS,
    types: { getTypeParser: () => asText },
  })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query("set datestyle to 'ISO, YMD'; set default_transaction_read_only = on")
  } catch {
    await client.end().catch(() => {})
    throw qualityError('quality.source_failed')
  }
  return {
    mode: 'inline',
    main: {
      table: `${quoteIdent(source.schema)}.${quoteIdent(source.table)}`,
      column: (code) => quoteIdent(source.columns[code] ?? code),
    },
    refs: new Map(),
    async select<R>(query: BuiltQuery): Promise<R[]> {
      try {
        const res = await client.query(query.text, [...query.params])
        return res.rows as R[]
      } catch {
        // The server's message may quote data or the connection: only the fact reaches the caller.
        throw qualityError('quality.source_failed')
      }
    },
    close: () => client.end().catch(() => {}),
  }
}

export async function openAuditSource(
  db: Db,
  config: Config,
  resourceId: string,
  refIds: readonly string[],
): Promise<AuditSource> {
  const source = await dataSourceOf(db, config.secretKey, resourceId)
  if (!source) throw qualityError('quality.not_mounted')
  if (source.kind === 'datastore') return datastoreSource(db, resourceId, refIds)
  if (source.kind === 'postgres') return externalSource(config, source)
  throw qualityError('quality.source_unsupported')
}
