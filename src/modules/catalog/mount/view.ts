/** Reading a mount back: what the provider and its reviewers see, and what every other reader sees. */
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db, JsonObject } from '../../../platform/db/index.ts'
import { type FileFormat, lastLoad } from '../../datastore/index.ts'
import { catalogError } from '../errors.ts'
import { canEditFor, canReviewIn } from '../policy.ts'
import { readableResource } from '../resources.ts'
import type { ResourceRow } from '../tables.ts'
import { type MountRow, mountsOf } from './tables.ts'

export type MountKind = 'datastore' | 'postgres' | 'http'

export interface LoadView {
  id: string
  format: FileFormat
  status: 'running' | 'succeeded' | 'failed'
  rowsRead: number
  rowsLoaded: number
  rowsRejected: number
  error: string | null
  problems: { row: number; column: string | null; message: string; messageZh: string }[]
  startedAt: string
  updatedAt: string
  finishedAt: string | null
}

export interface MountView {
  resourceId: string
  status: 'unmounted' | 'mounted' | 'error'
  kind: MountKind | null
  config: JsonObject | null
  rowCount: number | null
  lastLoadedAt: string | null
  lastDataUpdateAt: string | null
  error: string | null
  updatedAt: string | null
  lastLoad: LoadView | null
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

/** The provider's stewards and org admins; others who can see the resource get 403, the rest 404. */
export async function editableResource(db: Db, actor: Actor, id: string): Promise<ResourceRow> {
  const row = await readableResource(db, actor, id)
  if (!canEditFor(actor, row.orgId)) throw catalogError('catalog.forbidden')
  return row
}

export async function findMount(db: Db, id: string): Promise<MountRow | undefined> {
  return mountsOf(db).selectFrom('resourceMounts').selectAll().where('resourceId', '=', id).executeTakeFirst()
}

export async function getMount(db: Db, ctx: RequestContext, id: string): Promise<MountView> {
  const row = await readableResource(db, ctx.actor, id)
  const mount = await findMount(db, id)
  const load = await lastLoad(db, id)
  // Where the data lives (host, table) is for the provider and its reviewers, not for every reader.
  const insider = canEditFor(ctx.actor, row.orgId) || canReviewIn(ctx.actor, row.regionCode)
  return {
    resourceId: id,
    status: row.mountStatus,
    kind: mount?.kind ?? null,
    config: mount && insider ? mount.config : null,
    rowCount: mount?.rowCount ?? null,
    lastLoadedAt: iso(mount?.lastLoadedAt),
    lastDataUpdateAt: iso(row.lastDataUpdateAt),
    error: mount?.error ?? null,
    updatedAt: iso(mount?.updatedAt),
    lastLoad:
      load && insider
        ? {
            id: load.id,
            format: load.format,
            status: load.status,
            rowsRead: Number(load.rowsRead),
            rowsLoaded: Number(load.rowsLoaded),
            rowsRejected: Number(load.rowsRejected),
            error: load.error,
            problems: Array.isArray(load.problems) ? (load.problems as LoadView['problems']) : [],
            startedAt: load.startedAt.toISOString(),
            updatedAt: load.updatedAt.toISOString(),
            finishedAt: iso(load.finishedAt),
          }
        : null,
  }
}
