/**
 * Connections to databases outside the platform (a consumer's target, an external source): short connect
 * timeouts, every value as the server's text, and failures reduced to a reason that never carries the connection
 * string, its password or the server's own message.
 */
import pg from 'pg'
import type { Config } from '../../../platform/config.ts'
import { hostAllowed } from '../../../platform/config.ts'
import type { DomainError } from '../../../platform/errors.ts'
import { exchangeError } from './errors.ts'

const CONNECT_TIMEOUT_MS = 5000

export const REASONS = {
  refused: { en: 'the server refused the connection', zh: '服务器拒绝连接' },
  host: { en: 'the host name could not be resolved', zh: '无法解析主机名' },
  timeout: { en: 'the connection timed out', zh: '连接超时' },
  auth: { en: 'authentication failed', zh: '用户名或密码错误' },
  database: { en: 'the database does not exist', zh: '数据库不存在' },
  permission: { en: 'permission denied', zh: '权限不足' },
  schema: { en: 'the schema does not exist', zh: '模式（schema）不存在' },
  other: { en: 'the connection failed', zh: '连接失败' },
} as const
export type Reason = keyof typeof REASONS

export function reasonOf(err: unknown): Reason {
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = typeof e?.message === 'string' ? e.message.toLowerCase() : ''
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') return 'refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host'
  if (code === 'ETIMEDOUT' || message.includes('timeout')) return 'timeout'
  if (code === '28P01' || code === '28000') return 'auth'
  if (code === '3D000') return 'database'
  if (code === '42501') return 'permission'
  if (code === '3F000') return 'schema'
  return 'other'
}

export function unreachable(reason: Reason): DomainError {
  const r = REASONS[reason]
  return exchangeError('exchange.target_unreachable', {
    detail: { zh: `无法连接目标数据库：${r.zh}`, en: `Could not connect to the target: ${r.en}` },
    extra: { reason },
  })
}

export interface Location {
  readonly host: string
  readonly port: number
  readonly database: string
}

/** Checks a postgres:// connection string and the host allowlist; returns where it points (no credentials). */
export function checkTargetUrl(config: Config, url: string, field = 'body.targetUrl'): Location {
  let u: URL | null = null
  try {
    u = new URL(url)
  } catch {
    u = null
  }
  if (!u || (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') || u.hostname === '')
    throw exchangeError('exchange.target_invalid', {
      fields: [
        {
          field,
          message: 'must be a postgres:// connection string with a host',
          messageZh: '应为 postgres:// 开头、包含主机名的连接串',
        },
      ],
    })
  const host = u.hostname.replace(/^\[|\]$/g, '')
  if (!hostAllowed(config.mountAllowedHosts, host))
    throw exchangeError('exchange.target_host_not_allowed', {
      detail: { zh: `不允许连接主机 ${host}`, en: `Host ${host} is not allowed` },
      extra: { host },
    })
  let database = 'postgres'
  try {
    database = decodeURIComponent(u.pathname.replace(/^\//, '')) || u.username || 'postgres'
  } catch {
    database = u.pathname.replace(/^\//, '')
  }
  return { host, port: Number(u.port || 5432), database }
}

// Every value as the server's text: rows pass through unchanged to the target or into files.
const asText = (value: string) => value

export interface ClientOptions {
  readonly applicationName: string
  /** Per statement; 0 for none (a COPY of a large chunk may take a while). */
  readonly statementTimeoutMs: number
}

/** Connects or throws exchange.target_unreachable with a reason. The caller ends the client. */
export async function connectExternal(url: string, options: ClientOptions): Promise<pg.Client> {
  let client: pg.Client
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: options.applicationName,
      ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
      types: { getTypeParser: () => asText },
    })
  } catch {
    throw unreachable('other')
  }
  // A dropped connection must not crash the process; the pending query reports it.
  client.on('error', () => {})
  try {
    await client.connect()
    // Text of dates and times must not depend on the server's defaults: keys are compared back as text.
    await client.query("set datestyle to 'ISO, YMD'; set intervalstyle to 'postgres'")
  } catch (err) {
    await client.end().catch(() => {})
    throw unreachable(reasonOf(err))
  }
  return client
}
