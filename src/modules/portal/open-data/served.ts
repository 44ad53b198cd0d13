/**
 * Where the public reads an open resource's rows: the datastore table of a hosted resource, or the portal's
 * mirror of a resource mounted to an external PostgreSQL database (never that database itself). HTTP mounts have
 * no rows to copy and stay unavailable (409 portal.data_unavailable). A mirror without a copy yet answers 409
 * portal.mirror_not_ready; the first public read of such a resource queues its first copy.
 */
import type { Config } from '../../../platform/config.ts'
import type { Db } from '../../../platform/db/index.ts'
import { dataSourceOf, type OpenResourceDetail } from '../../catalog/index.ts'
import { portalError } from '../errors.ts'
import type { MirrorRow, MirrorStatus } from '../tables.ts'
import { findMirror, queueRefresh } from './mirror-store.ts'

/** What the public is told about a mirror (no keys, no errors: those are for the console). */
export interface MirrorState {
  readonly status: MirrorStatus
  readonly rows: number | null
  readonly refreshedAt: string | null
}

export type Served =
  | {
      readonly ok: true
      /** The datastore key to read: the resource id (hosted) or the mirror's copy. */
      readonly key: string
      readonly updatedAt: string | null
      readonly mirror: MirrorState | null
    }
  | {
      readonly ok: false
      readonly code: 'portal.data_unavailable' | 'portal.mirror_not_ready'
      readonly mirror: MirrorState | null
    }

const stateOf = (row: MirrorRow): MirrorState => ({
  status: row.status,
  rows: row.rowCount,
  refreshedAt: row.refreshedAt?.toISOString() ?? null,
})

const UNAVAILABLE: Served = { ok: false, code: 'portal.data_unavailable', mirror: null }

export async function servedData(db: Db, config: Config, resource: OpenResourceDetail): Promise<Served> {
  if (resource.mountStatus !== 'mounted') return UNAVAILABLE
  const source = await dataSourceOf(db, config.secretKey, resource.id)
  if (source?.kind === 'datastore')
    return { ok: true, key: resource.id, updatedAt: resource.lastDataUpdateAt, mirror: null }
  if (source?.kind !== 'postgres') return UNAVAILABLE
  let row = await findMirror(db, resource.id)
  if (!row) {
    // The first read of a newly opened resource starts its first copy (at most once: the row now exists).
    row = await db.transaction().execute(async (trx) => (await queueRefresh(trx, resource, null)).row)
  }
  const mirror = stateOf(row)
  if (!row.dataKey) return { ok: false, code: 'portal.mirror_not_ready', mirror }
  return { ok: true, key: row.dataKey, updatedAt: mirror.refreshedAt, mirror }
}

const NOT_READY_TEXT: Record<MirrorStatus, { zh: string; en: string }> = {
  pending: { zh: '数据副本已排队生成，请稍后再试', en: 'The copy is queued; try again later' },
  running: { zh: '数据副本正在生成，请稍后再试', en: 'The copy is being made; try again later' },
  ready: { zh: '数据副本正在生成，请稍后再试', en: 'The copy is being made; try again later' },
  failed: {
    zh: '数据副本暂未生成成功，提供单位处理后即可获取',
    en: 'The copy could not be made yet; the provider has been told',
  },
  too_large: {
    zh: '该数据资源数据量超过开放平台上限，暂不提供下载',
    en: 'This resource is larger than the portal serves',
  },
}

/** The datastore key to read, or the 409 that explains why there is nothing to read. */
export async function requireServed(db: Db, config: Config, resource: OpenResourceDetail): Promise<string> {
  const served = await servedData(db, config, resource)
  if (served.ok) return served.key
  if (served.code === 'portal.mirror_not_ready' && served.mirror)
    throw portalError('portal.mirror_not_ready', {
      detail: NOT_READY_TEXT[served.mirror.status],
      extra: { mirrorStatus: served.mirror.status },
    })
  throw portalError(served.code)
}
