/**
 * Mounting (挂接): loading a file into a hosted table, mounting an external table or API, and unmounting. Only
 * the provider org's stewards and org admins may; reading the mount back and the preview live in view.ts and
 * preview.ts.
 */
import type { Readable } from 'node:stream'
import { recordAudit, recordAuditNow } from '../../../platform/audit/index.ts'
import { hostAllowed } from '../../../platform/config.ts'
import type { RequestContext } from '../../../platform/context.ts'
import { sealSecret } from '../../../platform/crypto/index.ts'
import type { Db, JsonObject } from '../../../platform/db/index.ts'
import { DomainError, platformError } from '../../../platform/errors.ts'
import {
  abandonLoad,
  beginLoad,
  type ColumnSpec,
  commitLoad,
  dropDatastoreTable,
  type FileFormat,
  type LoadMode,
  type LoadOutcome,
  loadRows,
  readRecords,
  type TextEncoding,
} from '../../datastore/index.ts'
import { catalogError } from '../errors.ts'
import { lockResource, resourceFields } from '../store.ts'
import type { FieldRow } from '../tables.ts'
import { mountError } from './errors.ts'
import { checkPostgresUrl, inspectTable, publicLocation, withExternalClient } from './external.ts'
import { mountsOf } from './tables.ts'
import { editableResource, findMount, getMount, type MountKind, type MountView } from './view.ts'

function columnsOf(fields: readonly FieldRow[]): ColumnSpec[] {
  return fields.map((f) => ({
    code: f.code,
    name: f.name,
    dataType: f.dataType,
    length: f.length,
    required: f.isKey,
  }))
}

async function declaredFields(db: Db, id: string): Promise<FieldRow[]> {
  const fields = await resourceFields(db, [id])
  if (fields.length === 0) throw mountError('catalog.mount_fields_missing')
  return fields
}

/** Writes the mount row and marks the resource mounted; inside the caller's transaction. */
async function saveMount(
  trx: Db,
  ctx: RequestContext,
  id: string,
  values: {
    kind: MountKind
    config: JsonObject
    secretSealed: string | null
    rowCount: number | null
    lastLoadedAt: Date | null
  },
): Promise<void> {
  const now = new Date()
  const row = {
    ...values,
    config: JSON.stringify(values.config),
    status: 'mounted' as const,
    error: null,
    mountedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    updatedAt: now,
  }
  await mountsOf(trx)
    .insertInto('resourceMounts')
    .values({ resourceId: id, ...row })
    .onConflict((oc) => oc.column('resourceId').doUpdateSet(row))
    .execute()
  await mountsOf(trx)
    .updateTable('resources')
    .set({ mountStatus: 'mounted', lastDataUpdateAt: now })
    .where('id', '=', id)
    .execute()
}

function fileRefused(outcome: Extract<LoadOutcome, { ok: false }>) {
  const detail = { zh: outcome.messageZh, en: outcome.message }
  const counts = {
    rowsRead: outcome.rowsRead,
    rowsRejected: outcome.rowsRejected,
    problems: outcome.problems,
  }
  if (outcome.reason === 'columns_mismatch')
    return mountError('catalog.mount_columns_mismatch', {
      detail: {
        zh: `表头与信息项不一致。缺少：${outcome.missing.join('、') || '无'}；多余：${outcome.extra.join('、') || '无'}`,
        en: `Header does not match. Missing: ${outcome.missing.join(', ') || 'none'}; extra: ${outcome.extra.join(', ') || 'none'}`,
      },
      extra: { missing: outcome.missing, extraColumns: outcome.extra },
    })
  return mountError('catalog.mount_file_invalid', { detail, extra: counts })
}

export interface UploadInput {
  readonly format: FileFormat
  readonly encoding: TextEncoding
  readonly mode: LoadMode
  readonly fileName: string
  readonly stream: Readable
  /** True when the upload went past the size limit and the stream was cut. */
  readonly truncated: () => boolean
}

/** Checks who may load before a single byte of the file is read. */
export async function assertMayMount(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await editableResource(db, ctx.actor, id)
}

/**
 * Streams a file into a new data table and swaps it in. Refused files leave the previous data and mount as
 * they were; the load log keeps the counts and the first problems either way.
 */
export async function uploadData(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: UploadInput,
): Promise<MountView> {
  const resource = await editableResource(db, ctx.actor, id)
  const fields = await declaredFields(db, id)
  const columns = columnsOf(fields)
  const loadId = await beginLoad(db, {
    resourceId: id,
    format: input.format,
    startedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
  })
  if (!loadId) throw mountError('catalog.mount_load_running')
  const audit = {
    targetType: 'resource',
    targetId: id,
    orgId: resource.orgId,
    regionCode: resource.regionCode,
  }
  const outcome = await loadRows(db, {
    loadId,
    resourceId: id,
    columns,
    records: readRecords(input.stream, input.format, input.encoding),
    mode: input.mode,
    strictWidth: input.format === 'csv',
  })
  if (input.truncated()) {
    if (outcome.ok) await abandonLoad(db, outcome.staging, loadId, 'the file is too large')
    throw platformError('request.body_too_large')
  }
  if (!outcome.ok) {
    await recordAuditNow(db, ctx, {
      action: 'catalog.resource_load',
      ...audit,
      outcome: 'failure',
      details: {
        format: input.format,
        reason: outcome.reason,
        rowsRead: outcome.rowsRead,
        rowsRejected: outcome.rowsRejected,
      },
    })
    throw fileRefused(outcome)
  }
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await lockResource(trx, id))) throw catalogError('catalog.resource_not_found')
      await commitLoad(trx, outcome, { loadId, resourceId: id })
      await saveMount(trx, ctx, id, {
        kind: 'datastore',
        config: { format: input.format, fileName: input.fileName.slice(0, 200), mode: input.mode },
        secretSealed: null,
        rowCount: outcome.rowsLoaded,
        lastLoadedAt: new Date(),
      })
      await recordAudit(trx, ctx, {
        action: 'catalog.resource_load',
        ...audit,
        details: {
          format: input.format,
          mode: input.mode,
          rowsRead: outcome.rowsRead,
          rowsLoaded: outcome.rowsLoaded,
          rowsRejected: outcome.rowsRejected,
        },
      })
    })
  } catch (err) {
    await abandonLoad(db, outcome.staging, loadId, 'the load could not be committed')
    throw err
  }
  return getMount(db, ctx, id)
}

export type ExternalMountInput =
  | { kind: 'postgres'; url: string; table: string; schema?: string | undefined }
  | { kind: 'http'; url: string }

function checkHttpUrl(url: string): URL {
  let u: URL | null = null
  try {
    u = new URL(url)
  } catch {
    u = null
  }
  const bad = (message: string, messageZh: string) =>
    mountError('catalog.mount_invalid', { fields: [{ field: 'body.url', message, messageZh }] })
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '')
    throw bad('must be an http:// or https:// URL', '应为 http:// 或 https:// 开头的地址')
  // The URL is shown back to readers; credentials belong in a credential store, not here.
  if (u.username || u.password)
    throw bad('must not contain a user name or password', '地址中不能包含用户名或密码')
  return u
}

type MountPlan = { values: Parameters<typeof saveMount>[3]; auditDetails: JsonObject }

/** Deny a host outside MOUNT_ALLOWED_HOSTS before any connection is tried. */
function checkHostAllowed(host: string, allowedHosts: readonly string[]): void {
  if (!hostAllowed(allowedHosts, host))
    throw mountError('catalog.mount_host_not_allowed', {
      fields: [
        {
          field: 'body.url',
          message: `host ${host} is not allowed`,
          messageZh: `主机 ${host} 不在允许清单中`,
        },
      ],
    })
}

/** Checks an external source without writing anything: the PostgreSQL table now, the HTTP URL by its shape. */
async function planExternal(
  db: Db,
  secretKey: Buffer,
  id: string,
  input: ExternalMountInput,
  allowedHosts: readonly string[],
): Promise<MountPlan> {
  if (input.kind === 'http') {
    const u = checkHttpUrl(input.url)
    checkHostAllowed(u.hostname, allowedHosts)
    return {
      values: {
        kind: 'http',
        config: { url: u.toString() },
        secretSealed: null,
        rowCount: null,
        lastLoadedAt: null,
      },
      auditDetails: { kind: 'http', host: u.host },
    }
  }
  const fields = await declaredFields(db, id)
  checkPostgresUrl(input.url)
  checkHostAllowed(new URL(input.url).hostname, allowedHosts)
  const schema = input.schema ?? 'public'
  const codes = fields.map((f) => f.code)
  const found = await withExternalClient(input.url, (client) =>
    inspectTable(client, schema, input.table, codes),
  )
  if (found.missing.length)
    throw mountError('catalog.mount_columns_mismatch', {
      detail: {
        zh: `外部表缺少信息项对应的列：${found.missing.join('、')}`,
        en: `The external table lacks columns for: ${found.missing.join(', ')}`,
      },
      extra: { missing: found.missing, extraColumns: found.extra },
    })
  const where = publicLocation(input.url)
  return {
    values: {
      kind: 'postgres',
      config: { ...where, schema, table: input.table, columns: found.columns, extraColumns: found.extra },
      secretSealed: sealSecret(secretKey, input.url, `mount:${id}`),
      rowCount: null,
      lastLoadedAt: null,
    },
    auditDetails: { kind: 'postgres', ...where, schema, table: input.table, extraColumns: found.extra },
  }
}

/** Mounts an external PostgreSQL table (checked now) or an HTTP API (stored; not called). */
export async function mountExternal(
  db: Db,
  secretKey: Buffer,
  ctx: RequestContext,
  id: string,
  input: ExternalMountInput,
  allowedHosts: readonly string[] = [],
): Promise<MountView> {
  const resource = await editableResource(db, ctx.actor, id)
  const audit = {
    targetType: 'resource',
    targetId: id,
    orgId: resource.orgId,
    regionCode: resource.regionCode,
  }
  let plan: MountPlan
  try {
    plan = await planExternal(db, secretKey, id, input, allowedHosts)
  } catch (err) {
    // Failed attempts are kept too: reaching for other hosts through the platform should leave a trace.
    if (err instanceof DomainError && err.status === 422)
      await recordAuditNow(db, ctx, {
        action: 'catalog.resource_mount',
        ...audit,
        outcome: 'failure',
        details: { kind: input.kind, reason: err.code, host: hostOf(input.url) },
      })
    throw err
  }
  await db.transaction().execute(async (trx) => {
    if (!(await lockResource(trx, id))) throw catalogError('catalog.resource_not_found')
    // Switching away from hosted data: the old copy goes with the switch.
    await dropDatastoreTable(trx, id)
    await saveMount(trx, ctx, id, plan.values)
    await recordAudit(trx, ctx, { action: 'catalog.resource_mount', ...audit, details: plan.auditDetails })
  })
  return getMount(db, ctx, id)
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null
  } catch {
    return null
  }
}

export async function unmount(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const resource = await editableResource(db, ctx.actor, id)
  await db.transaction().execute(async (trx) => {
    if (!(await lockResource(trx, id))) throw catalogError('catalog.resource_not_found')
    const mount = await findMount(trx, id)
    if (!mount) throw mountError('catalog.mount_not_found')
    await mountsOf(trx).deleteFrom('resourceMounts').where('resourceId', '=', id).execute()
    await dropDatastoreTable(trx, id)
    await mountsOf(trx)
      .updateTable('resources')
      .set({ mountStatus: 'unmounted' })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, ctx, {
      action: 'catalog.resource_unmount',
      targetType: 'resource',
      targetId: id,
      orgId: resource.orgId,
      regionCode: resource.regionCode,
      details: { kind: mount.kind },
    })
  })
}
