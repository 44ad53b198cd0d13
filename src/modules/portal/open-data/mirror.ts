/**
 * Refreshing an open-data mirror (开放数据镜像): the rows of an open resource mounted to a department's external
 * PostgreSQL table are copied, in key-ordered chunks read by the sharing exchange's source reader, into a datastore
 * table under the mirror's spare key. The datastore's load builds that table aside and the swap (the load's
 * commit and the mirror row pointing at the new key) is one transaction, so readers see the old copy or the new
 * one. A failed or refused refresh leaves the served copy as it was and records why, in words that never carry a
 * connection string or a server message. Values are copied raw: the public masking applies when rows are read.
 */
import { recordAudit, recordAuditNow } from '../../../platform/audit/index.ts'
import type { Config } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { DomainError } from '../../../platform/errors.ts'
import {
  type DataSource,
  dataSourceOf,
  externalSnapshotDigest,
  type OpenResourceDetail,
  openResource,
} from '../../catalog/index.ts'
import {
  abandonLoad,
  beginLoad,
  type ColumnSpec,
  commitLoad,
  createDatastoreTable,
  type LoadOutcome,
  loadRows,
  type ScanColumn,
  type ScanKey,
  type ScanSpec,
  type SourceRecord,
} from '../../datastore/index.ts'
import { openSource, type SourceReader } from '../../sharing/index.ts'
import type { MirrorRow } from '../tables.ts'
import { claimRefresh, finishWithCopy, finishWithoutCopy, noteProgress } from './mirror-store.ts'

/** Rows per read from the source. */
const CHUNK = 5000
/** Sources up to this size also get a snapshot digest (a second, sorted pass over the source). */
const DIGEST_MAX_ROWS = 200_000

export type RefreshResult =
  | { readonly status: 'ready'; readonly rows: number; readonly skipped: number }
  | { readonly status: 'failed' | 'too_large'; readonly error: string }
  | { readonly status: 'busy' | 'ineligible' }

type Pg = Extract<DataSource, { kind: 'postgres' }>

/** The open resource and its external PostgreSQL source, or null when it is not (or no longer) mirrored. */
export async function mirrorSource(
  db: Db,
  config: Config,
  resourceId: string,
): Promise<{ resource: OpenResourceDetail; source: Pg } | null> {
  const resource = await openResource(db, resourceId)
  if (resource?.mountStatus !== 'mounted') return null
  const source = await dataSourceOf(db, config.secretKey, resource.id)
  return source?.kind === 'postgres' ? { resource, source } : null
}

const SQLSTATE_TEXT: readonly [RegExp, string][] = [
  [/^42P01$/, '外部数据表不存在'],
  [/^42703$/, '外部数据表缺少信息项对应的列'],
  // Keyset reads compare columns with values of the declared type: a text column declared integer fails here.
  [/^(42883|42804)$/, '外部数据表的列类型与信息项声明的类型不符'],
  [/^42501$/, '外部数据库拒绝读取（权限不足）'],
  [/^3F000$/, '外部数据库中不存在该模式（schema）'],
  [/^57014$/, '读取外部数据超时'],
  [/^08/, '与外部数据库的连接中断'],
  [/^22/, '外部数据无法按声明的类型读取'],
  [/^53/, '外部数据库资源不足'],
]

/** A refusal worded here, safe to show as it is. */
class MirrorFailure extends Error {
  constructor(readonly zh: string) {
    super(zh)
  }
}

/** Why a refresh failed, in Chinese, safe to show: never a connection string or the server's own message. */
export function failureText(err: unknown): string {
  if (err instanceof MirrorFailure) return err.zh
  if (err instanceof DomainError) return err.detail?.zh ?? err.def.zh
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    const known = SQLSTATE_TEXT.find(([re]) => re.test(code))
    return known ? `${known[1]}（${code}）` : `读取外部数据失败（${code}）`
  }
  return '复制失败（内部错误）'
}

/** PostgreSQL's text of a value, as the datastore's load checks expect it. */
function cellOf(dataType: string, text: string | null): string | Uint8Array | null {
  if (text === null) return null
  // timestamptz text ends in +08 or -05; the load wants a full offset (+08:00).
  if (dataType === 'datetime') return text.replace(/([+-]\d{2})$/, '$1:00')
  if (dataType === 'binary' && text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex')
  return text
}

function scanSpecOf(resource: OpenResourceDetail, source: Pg): ScanSpec {
  const col = (f: OpenResourceDetail['fields'][number]): ScanColumn => ({
    name: source.columns[f.code] ?? f.code,
    dataType: f.dataType,
  })
  const columns = resource.fields.map(col)
  const keys = resource.fields.filter((f) => f.isKey).map(col)
  // Without key fields the whole row orders the chunks, as the exchange does.
  return { columns, order: keys.length ? keys : columns, filter: {} }
}

/** The header, then every source row in key order, chunk after chunk. */
async function* sourceRecords(
  reader: SourceReader,
  spec: ScanSpec,
  fields: readonly { code: string; dataType: string }[],
): AsyncGenerator<SourceRecord> {
  yield { row: 0, cells: fields.map((f) => f.code) }
  let after: ScanKey | null = null
  let n = 0
  for (;;) {
    const next = await reader.nextEnd(spec, after, CHUNK)
    if (!next) return
    const rows = await reader.rows(spec, after, next.end)
    for (const r of rows) yield { row: ++n, cells: fields.map((f, i) => cellOf(f.dataType, r[i] ?? null)) }
    after = next.end
    if (!next.full) return
  }
}

async function digestOf(source: Pg, resource: OpenResourceDetail, rows: number): Promise<string | null> {
  if (rows > DIGEST_MAX_ROWS) return null
  try {
    return (await externalSnapshotDigest(source, resource.fields)).digest
  } catch {
    return null
  }
}

type Loaded = Extract<LoadOutcome, { ok: true }> & { loadId: string }

/** The new copy goes in and the mirror points at it, in one transaction. */
async function swapCopy(
  db: Db,
  ctx: RequestContext,
  s: {
    row: MirrorRow
    resource: OpenResourceDetail
    columns: readonly ColumnSpec[]
    loaded: Loaded | null
    copy: Parameters<typeof finishWithCopy>[2]
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (s.loaded) await commitLoad(trx, s.loaded, { loadId: s.loaded.loadId, resourceId: s.copy.dataKey })
    else await createDatastoreTable(trx, s.copy.dataKey, s.columns)
    await finishWithCopy(trx, s.row, s.copy)
    await recordAudit(trx, ctx, {
      action: 'portal.mirror_refresh',
      targetType: 'resource',
      targetId: s.resource.id,
      orgId: s.resource.orgId,
      regionCode: s.resource.regionCode,
      details: { rows: s.copy.rowCount, skipped: s.copy.rowsSkipped, sourceRows: s.copy.sourceRowCount },
    })
  })
}

/** Copies the source into the spare key's table and swaps it in; the caller has claimed the refresh. */
async function copyInto(
  db: Db,
  config: Config,
  ctx: RequestContext,
  claimed: { row: MirrorRow; resource: OpenResourceDetail; source: Pg },
): Promise<RefreshResult> {
  const { row, resource, source } = claimed
  const spec = scanSpecOf(resource, source)
  const readAt = new Date()
  const reader = await openSource(db, config, source, resource.id)
  try {
    const total = await reader.count(spec)
    await noteProgress(db, row.resourceId, { rowsCopied: 0, sourceRowCount: total })
    if (total > config.portalMirrorMaxRows) {
      const error = `数据量 ${total} 行，超过开放平台镜像上限 ${config.portalMirrorMaxRows} 行`
      await finishWithoutCopy(db, row, { status: 'too_large', error, sourceRowCount: total })
      return { status: 'too_large', error }
    }
    const columns: ColumnSpec[] = resource.fields.map((f) => ({ code: f.code, dataType: f.dataType }))
    const key = row.spareKey
    const loadId = await beginLoad(db, { resourceId: key, format: 'csv', startedBy: null })
    // A live load of the same key: a previous attempt's process may still be writing.
    if (!loadId) throw new MirrorFailure('上一次复制仍在进行')
    const outcome = await loadRows(db, {
      loadId,
      resourceId: key,
      columns,
      records: sourceRecords(reader, spec, resource.fields),
      mode: 'skip',
      onProgress: (c) => noteProgress(db, row.resourceId, { rowsCopied: c.rowsLoaded }),
    })
    if (!outcome.ok && outcome.rowsRejected > 0)
      throw new MirrorFailure(`${outcome.rowsRejected} 行数据均与信息项类型不符，未生成副本`)
    // An empty source makes an empty copy (the load itself refuses to produce one).
    if (!outcome.ok && outcome.reason !== 'empty') throw new MirrorFailure(outcome.messageZh)
    const copy = {
      dataKey: key,
      rowCount: outcome.ok ? outcome.rowsLoaded : 0,
      rowsSkipped: outcome.rowsRejected,
      sourceRowCount: total,
      sourceDigest: await digestOf(source, resource, total),
      readAt,
      note: outcome.rowsRejected ? `${outcome.rowsRejected} 行数据与信息项类型不符，未复制` : null,
    }
    const loaded = outcome.ok ? { ...outcome, loadId } : null
    try {
      await swapCopy(db, ctx, { row, resource, columns, loaded, copy })
    } catch (err) {
      if (loaded) await abandonLoad(db, loaded.staging, loadId, 'the mirror swap failed')
      throw err
    }
    return { status: 'ready', rows: copy.rowCount, skipped: copy.rowsSkipped }
  } finally {
    await reader.close()
  }
}

/** Refreshes one mirror now (the job's handler). Never throws for a source problem: the row records it. */
export async function refreshMirror(
  db: Db,
  config: Config,
  ctx: RequestContext,
  resourceId: string,
): Promise<RefreshResult> {
  const found = await mirrorSource(db, config, resourceId)
  if (!found) return { status: 'ineligible' }
  const row = await claimRefresh(db, resourceId)
  if (!row) return { status: 'busy' }
  try {
    return await copyInto(db, config, ctx, { row, ...found })
  } catch (err) {
    const error = failureText(err)
    await finishWithoutCopy(db, row, { status: 'failed', error })
    await recordAuditNow(db, ctx, {
      action: 'portal.mirror_refresh',
      targetType: 'resource',
      targetId: found.resource.id,
      orgId: found.resource.orgId,
      regionCode: found.resource.regionCode,
      outcome: 'failure',
      details: { error },
    })
    return { status: 'failed', error }
  }
}
