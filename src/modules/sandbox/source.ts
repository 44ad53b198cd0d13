/**
 * Where a sandbox query reads: the resource's hosted datastore table, or the table of its external PostgreSQL
 * mount (catalog's `dataSourceOf`). Either way the same compiled statement runs there and only its aggregates come
 * back; an HTTP mount has no table to aggregate and is refused.
 */
import type { Config } from '../../platform/config.ts'
import type { Db } from '../../platform/db/index.ts'
import { dataSourceOf, type SharedResource } from '../catalog/index.ts'
import { datastoreTableInfo, datastoreTables, quoteIdent } from '../datastore/index.ts'
import type { SandboxField } from './compile.ts'
import { sandboxError } from './errors.ts'

export type SandboxSource =
  | { readonly kind: 'datastore'; readonly relation: string }
  /** `url` is the opened connection string: it stays in memory, never in a log, an audit or a response. */
  | { readonly kind: 'postgres'; readonly relation: string; readonly url: string }

export interface ResolvedSource {
  readonly source: SandboxSource
  /** The resource's declared fields that exist in the source table, by code. */
  readonly fields: ReadonlyMap<string, SandboxField>
}

/** How the scope listing describes a resource: `hosted` and `external` can be queried. */
export type SourceKind = 'hosted' | 'external' | 'http' | 'unmounted'

const unavailable = (zh: string, en: string) =>
  sandboxError('sandbox.resource_unavailable', { detail: { zh, en } })

export async function resolveSource(
  db: Db,
  config: Config,
  resource: SharedResource,
): Promise<ResolvedSource> {
  const mount = await dataSourceOf(db, config.secretKey, resource.id)
  const fields = new Map<string, SandboxField>()
  if (mount?.kind === 'postgres') {
    for (const f of resource.fields) {
      // The mount recorded which column holds each field when it checked the table; others are not known to exist.
      const column = mount.columns[f.code]
      if (column)
        fields.set(f.code, { code: f.code, dataType: f.dataType, isKey: f.isKey, column, cast: true })
    }
    const relation = `${quoteIdent(mount.schema)}.${quoteIdent(mount.table)}`
    return { source: { kind: 'postgres', relation, url: mount.url }, fields }
  }
  if (mount?.kind === 'http')
    throw unavailable(
      '该数据资源挂载的是 HTTP 接口，沙箱只能在平台托管的数据或外部 PostgreSQL 数据表上计算',
      'The resource is mounted to an HTTP API; the sandbox computes on hosted data or external PostgreSQL tables only',
    )
  const info = await datastoreTableInfo(db, resource.id)
  // Table naming stays inside the datastore: it hands out the qualified name of the hosted table.
  const relation = (await datastoreTables(db, [resource.id])).get(resource.id)
  if (!info || !relation)
    throw unavailable(
      '该数据资源尚未挂载数据，沙箱无法计算',
      'The resource has no mounted data to compute on',
    )
  for (const f of resource.fields)
    if (info.columns.has(f.code)) fields.set(f.code, { code: f.code, dataType: f.dataType, isKey: f.isKey })
  return { source: { kind: 'datastore', relation }, fields }
}

/** For the scope listing: which resources the sandbox can compute on, without connecting to any of them. */
export async function sourceKindOf(db: Db, config: Config, resourceId: string): Promise<SourceKind> {
  const mount = await dataSourceOf(db, config.secretKey, resourceId)
  if (mount?.kind === 'postgres') return 'external'
  if (mount?.kind === 'http') return 'http'
  if (await datastoreTableInfo(db, resourceId)) return 'hosted'
  return 'unmounted'
}
