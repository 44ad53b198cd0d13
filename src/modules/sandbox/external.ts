/**
 * Sandbox queries on an external PostgreSQL mount: the compiled statement runs on the department's own server,
 * in a READ ONLY transaction under the same statement timeout as on the platform, through catalog's short-lived
 * client; only the aggregate rows come back. The server sends every value as text, which is turned into the shapes
 * the platform's database gives (counts and integers as numbers, timestamps as dates…) so that suppression, noise
 * and results are the same as for hosted data. Failures become sandbox problems worded here: never the connection
 * string, the server's address or its own message.
 */
import type { Config } from '../../platform/config.ts'
import { hostAllowed } from '../../platform/config.ts'
import { DomainError } from '../../platform/errors.ts'
import { withExternalClient } from '../catalog/index.ts'
import type { ColumnType } from '../datastore/index.ts'
import type { CompiledQuery } from './compile.ts'
import { sandboxError } from './errors.ts'
import { isTimeout, type Reader, type Row, readAggregates, STATEMENT_TIMEOUT_MS } from './read.ts'
import type { SandboxSource } from './source.ts'

type External = Extract<SandboxSource, { kind: 'postgres' }>

/** How long the caller should wait before trying an unreachable source again (Retry-After). */
const RETRY_AFTER_S = 60

const unreachable = (zh: string, en: string) =>
  sandboxError('sandbox.source_unreachable', {
    detail: { zh: `${zh}，请稍后再试或联系数据提供部门`, en: `${en}; try again later or ask the provider` },
    retryAfter: RETRY_AFTER_S,
  })

/** The host of the connection string, checked against MOUNT_ALLOWED_HOSTS as every reader of mounts does. */
function checkHost(config: Config, url: string): void {
  let host = ''
  try {
    host = new URL(url).hostname
  } catch {
    host = ''
  }
  if (!host || !hostAllowed(config.mountAllowedHosts, host))
    throw sandboxError('sandbox.resource_unavailable', {
      detail: {
        zh: '该数据资源挂载的外部数据库不在允许连接的主机清单中',
        en: 'The external database of the mount is not on the allowed host list',
      },
    })
}

/**
 * catalog's client reports a failure as `catalog.mount_connection_failed` with a `reason` and a fixed Chinese
 * wording (no server text). A failed statement (`query`: the table, a column or a value no longer fits the
 * catalog entry) is the mount's problem; anything else is the server being out of reach.
 */
function sandboxFailure(error: unknown): unknown {
  if (!(error instanceof DomainError))
    return unreachable('无法连接外部数据库', 'Could not reach the external database')
  if (error.code !== 'catalog.mount_connection_failed') return error
  if (error.extra?.reason === 'query')
    return sandboxError('sandbox.resource_unavailable', {
      detail: {
        zh: '外部数据表无法按登记的信息项查询（表、列或数据类型可能已变化），请联系数据提供部门',
        en: 'The external table no longer matches the catalog entry (table, columns or types changed)',
      },
    })
  return unreachable(error.detail?.zh ?? '无法连接外部数据库', error.detail?.en ?? 'Could not connect')
}

/** PostgreSQL's text of a value → what the platform's database driver gives for the same type. */
function fromText(type: ColumnType | 'count' | 'numeric', text: unknown): unknown {
  if (typeof text !== 'string') return text ?? null
  switch (type) {
    case 'count':
    case 'integer':
      return Number(text)
    case 'boolean':
      return text === 't'
    case 'datetime':
      // ISO date style: '2024-05-01 08:30:00+08' → a Date, as the driver parses timestamptz.
      return new Date(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))
    case 'binary':
      return /^\\x[0-9a-f]*$/i.test(text) ? Buffer.from(text.slice(2), 'hex') : text
    default:
      // numeric (sums, averages, decimals), dates ('YYYY-MM-DD' on both) and strings stay text.
      return text
  }
}

function typedRow(q: CompiledQuery, row: Row): Row {
  const out: Row = { __n: fromText('count', row.__n) }
  q.groupTypes.forEach((type, i) => {
    out[`g${i}`] = fromText(type, row[`g${i}`])
  })
  q.aggregates.forEach((a, i) => {
    const type =
      a.fn === 'count' ? 'count' : a.fn === 'min' || a.fn === 'max' ? (a.dataType ?? 'numeric') : 'numeric'
    out[`a${i}`] = fromText(type, row[`a${i}`])
    if (`s${i}` in row) out[`s${i}`] = fromText('numeric', row[`s${i}`])
    if (`c${i}` in row) out[`c${i}`] = fromText('count', row[`c${i}`])
  })
  return out
}

/** The uniqueness check and the aggregates, read on the external server in one read-only transaction. */
export async function externalAggregates(
  config: Config,
  source: External,
  query: CompiledQuery,
  k: number,
): Promise<Row[]> {
  checkHost(config, source.url)
  try {
    return await withExternalClient(source.url, async (client) => {
      const read: Reader = async (text, params = []) => {
        try {
          return (await client.query<Row>(text, [...params])).rows
        } catch (error) {
          // The server's statement timeout, or the client's own query timeout just before it.
          if (isTimeout(error) || (error instanceof Error && /timeout/i.test(error.message)))
            throw sandboxError('sandbox.timeout')
          throw error
        }
      }
      await client.query('begin transaction read only')
      try {
        await client.query(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`)
        // Dates and timestamps come back as ISO text whatever the server's own DateStyle.
        await client.query(`set local datestyle to 'ISO, YMD'`)
        const rows = await readAggregates(read, query, source.relation, k)
        return rows.map((row) => typedRow(query, row))
      } finally {
        await client.query('rollback').catch(() => {})
      }
    })
  } catch (error) {
    throw sandboxFailure(error)
  }
}
