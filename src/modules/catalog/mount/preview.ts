/** The masked preview of a mounted resource's first rows; every preview is a data access and is audited. */
import { recordAuditNow } from '../../../platform/audit/index.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { openSecret } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import { type CellValue, previewRows } from '../../datastore/index.ts'
import { readableResource } from '../resources.ts'
import { resourceFields } from '../store.ts'
import { mountError } from './errors.ts'
import { externalPreview, fromServerText, withExternalClient } from './external.ts'
import { maskResourceRows } from './masking.ts'
import { findMount, type MountKind } from './view.ts'

export const PREVIEW_ROWS = 50

export interface PreviewView {
  kind: MountKind
  columns: { code: string; name: string; dataType: string }[]
  rows: Record<string, CellValue>[]
  masked: string[]
}

/** The first rows, masked; every preview is a data access and is audited. */
export async function previewData(
  db: Db,
  secretKey: Buffer,
  ctx: RequestContext,
  id: string,
): Promise<PreviewView> {
  const resource = await readableResource(db, ctx.actor, id)
  const mount = await findMount(db, id)
  const unavailable = (zh: string, en: string) =>
    mountError('catalog.preview_unavailable', { detail: { zh, en } })
  if (!mount) throw unavailable('该资源尚未挂接数据', 'The resource is not mounted')
  if (mount.kind === 'http') throw unavailable('接口挂接的资源不提供预览', 'HTTP API mounts have no preview')
  const fields = await resourceFields(db, [id])
  const codes = fields.map((f) => f.code)
  let rows: Record<string, CellValue>[]
  if (mount.kind === 'datastore') {
    const found = await previewRows(db, id, fields, PREVIEW_ROWS)
    if (!found) throw unavailable('数据表不存在，请重新上传', 'The data table is missing; upload again')
    rows = found
  } else {
    if (!mount.secretSealed)
      throw unavailable('连接信息缺失，请重新挂接', 'The connection is missing; mount again')
    const url = openSecret(secretKey, mount.secretSealed, `mount:${id}`)
    const config = mount.config as { schema?: string; table?: string; columns?: Record<string, string> }
    const text = await withExternalClient(url, (client) =>
      externalPreview(
        client,
        String(config.schema ?? 'public'),
        String(config.table ?? ''),
        config.columns ?? {},
        codes,
        PREVIEW_ROWS,
      ),
    )
    rows = text.map((row) =>
      Object.fromEntries(fields.map((f) => [f.code, fromServerText(f.dataType, row[f.code] ?? null)])),
    )
  }
  const masked = await maskResourceRows(db, secretKey, id, fields, rows)
  await recordAuditNow(db, ctx, {
    action: 'catalog.resource_preview',
    targetType: 'resource',
    targetId: id,
    orgId: resource.orgId,
    regionCode: resource.regionCode,
    details: { kind: mount.kind, rows: rows.length, masked: masked.masked },
  })
  return {
    kind: mount.kind,
    columns: fields.map((f) => ({ code: f.code, name: f.name, dataType: f.dataType })),
    rows: masked.rows as Record<string, CellValue>[],
    masked: masked.masked,
  }
}
