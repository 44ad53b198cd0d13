/**
 * External PostgreSQL sources: a short-lived client per check or preview, short timeouts, and errors reduced
 * to a reason that never carries the connection string, its password or the server's own message.
 */
import pg from 'pg'
import { DomainError } from '../../../platform/errors.ts'
import { quoteIdent } from '../../datastore/index.ts'
import { mountError } from './errors.ts'

const CONNECT_TIMEOUT_MS = 3000
const QUERY_TIMEOUT_MS = 5000

export const IDENT = '^[A-Za-z_][A-Za-z0-9_$]{0,62}$'

const REASONS: Record<string, { en: string; zh: string }> = {
  refused: { en: 'the server refused the connection', zh: '服务器拒绝连接' },
  host: { en: 'the host name could not be resolved', zh: '无法解析主机名' },
  timeout: { en: 'the connection timed out', zh: '连接超时' },
  auth: { en: 'authentication failed', zh: '用户名或密码错误' },
  database: { en: 'the database does not exist', zh: '数据库不存在' },
  url: { en: 'the connection string is not valid', zh: '连接串格式不正确' },
  query: { en: 'the server could not answer the query', zh: '外部数据库执行查询失败' },
  other: { en: 'the connection failed', zh: '连接失败' },
}

function reasonOf(err: unknown): keyof typeof REASONS {
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = typeof e?.message === 'string' ? e.message.toLowerCase() : ''
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') return 'refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host'
  if (code === 'ETIMEDOUT' || message.includes('timeout')) return 'timeout'
  if (code === '28P01' || code === '28000') return 'auth'
  if (code === '3D000') return 'database'
  if (/^[0-9A-Z]{5}$/.test(code)) return 'query'
  return 'other'
}

function connectionFailed(reason: keyof typeof REASONS): DomainError {
  const r = REASONS[reason] ?? REASONS.other
  return mountError('catalog.mount_connection_failed', {
    detail: { zh: `无法连接外部数据库：${r?.zh}`, en: `Could not connect: ${r?.en}` },
    extra: { reason },
  })
}

/** Host, port and database name: enough to show where the data is, never the user or the password. */
export function publicLocation(url: string): { host: string; port: number; database: string } {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  }
}

export function checkPostgresUrl(url: string): void {
  let ok = false
  try {
    const u = new URL(url)
    ok = (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== ''
  } catch {
    ok = false
  }
  if (!ok)
    throw mountError('catalog.mount_invalid', {
      fields: [
        {
          field: 'body.url',
          message: 'must be a postgres:// connection string',
          messageZh: '应为 postgres:// 开头的连接串',
        },
      ],
    })
}

// Every value as the server's text: previews show data as stored, and no local time zone creeps in.
const asText = (value: string) => value

export async function withExternalClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let client: pg.Client
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      statement_timeout: QUERY_TIMEOUT_MS,
      application_name: 'shuhui-mount',
      types: { getTypeParser: () => asText },
    })
  } catch {
    throw connectionFailed('url')
  }
  // A dropped connection must not crash the process; the pending query reports it.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => {})
    throw connectionFailed(reasonOf(err))
  }
  try {
    await client.query('set default_transaction_read_only = on')
    return await fn(client)
  } catch (err) {
    if (err instanceof DomainError) throw err
    throw connectionFailed(reasonOf(err))
  } finally {
    await client.end().catch(() => {})
  }
}

export interface ExternalTable {
  /** Declared field code → the table's column name (matched without regard to case). */
  readonly columns: Record<string, string>
  readonly missing: string[]
  readonly extra: string[]
}

/** Checks that the table exists, can be read, and has a column for every declared field. */
export async function inspectTable(
  client: pg.Client,
  schema: string,
  table: string,
  codes: readonly string[],
): Promise<ExternalTable> {
  const res = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = $1 and table_name = $2 order by ordinal_position`,
    [schema, table],
  )
  const notFound = () =>
    mountError('catalog.mount_table_not_found', {
      detail: {
        zh: `外部数据库中没有表 ${schema}.${table} 或无权读取`,
        en: `No readable table ${schema}.${table}`,
      },
    })
  if (res.rows.length === 0) throw notFound()
  try {
    await client.query(`select 1 from ${quoteIdent(schema)}.${quoteIdent(table)} limit 0`)
  } catch {
    throw notFound()
  }
  const actual = res.rows.map((r) => r.column_name)
  const byLower = new Map(actual.map((c) => [c.toLowerCase(), c]))
  const columns: Record<string, string> = {}
  const missing: string[] = []
  for (const code of codes) {
    const found = actual.includes(code) ? code : byLower.get(code.toLowerCase())
    if (found) columns[code] = found
    else missing.push(code)
  }
  const used = new Set(Object.values(columns))
  return { columns, missing, extra: actual.filter((c) => !used.has(c)) }
}

export async function externalPreview(
  client: pg.Client,
  schema: string,
  table: string,
  columns: Record<string, string>,
  codes: readonly string[],
  limit: number,
): Promise<Record<string, string | null>[]> {
  const selected = codes.map((code, i) => ({ code, column: columns[code], alias: `c${i}` }))
  const present = selected.filter((s) => s.column)
  const list = present.length
    ? present.map((s) => `${quoteIdent(s.column ?? '')} as ${s.alias}`).join(', ')
    : '1 as c_none'
  const res = await client.query<Record<string, string | null>>(
    `select ${list} from ${quoteIdent(schema)}.${quoteIdent(table)} limit ${Math.max(0, Math.min(limit, 1000))}`,
  )
  return res.rows.map((row) => {
    const out: Record<string, string | null> = {}
    for (const s of selected) out[s.code] = s.column ? (row[s.alias] ?? null) : null
    return out
  })
}

/** PostgreSQL's text output → the same JSON shapes a hosted table previews with. */
export function fromServerText(dataType: string, text: string | null): string | number | boolean | null {
  if (text === null) return null
  switch (dataType) {
    case 'integer': {
      const n = Number(text)
      return /^-?\d+$/.test(text) && Number.isSafeInteger(n) ? n : text
    }
    case 'boolean':
      return text === 't' ? true : text === 'f' ? false : text
    case 'datetime': {
      const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')
      const d = new Date(iso)
      return Number.isNaN(d.getTime()) ? text : d.toISOString()
    }
    case 'binary':
      return /^\\x[0-9a-f]*$/i.test(text) ? Buffer.from(text.slice(2), 'hex').toString('base64') : text
    default:
      return text
  }
}
