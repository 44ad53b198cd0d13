/**
 * The open catalog as the public sees it (开放目录): published resources whose open type is unconditional or
 * conditional, with only the facts a public page may show. Resources that are not open, or not published, do not
 * exist here. The portal module builds its public pages on these reads.
 */
import type { Db } from '../../platform/db/index.ts'
import { orgSummaries } from '../identity/index.ts'
import { t } from './store.ts'
import type {
  Category,
  FieldDataType,
  FieldGrade,
  MountStatus,
  OpenType,
  ResourceFormat,
  UpdateFrequency,
} from './vocabulary.ts'

export interface OpenField {
  readonly code: string
  readonly name: string
  readonly dataType: FieldDataType
  readonly description: string
  readonly isKey: boolean
  readonly grade: FieldGrade | null
  readonly elementCode: string | null
}

export interface OpenResource {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly summary: string
  readonly category: Category
  readonly format: ResourceFormat
  readonly openType: Exclude<OpenType, 'closed'>
  readonly openCondition: string | null
  readonly updateFrequency: UpdateFrequency
  readonly orgId: string
  readonly orgName: string
  readonly regionCode: string
  readonly mountStatus: MountStatus
  readonly publishedAt: string | null
  readonly lastDataUpdateAt: string | null
}

export type OpenResourceDetail = OpenResource & { readonly fields: readonly OpenField[] }

const COLUMNS = [
  'id',
  'code',
  'name',
  'summary',
  'category',
  'format',
  'openType',
  'openCondition',
  'updateFrequency',
  'orgId',
  'regionCode',
  'mountStatus',
  'publishedAt',
  'lastDataUpdateAt',
] as const

function openRows(db: Db) {
  return t(db)
    .selectFrom('resources')
    .select(COLUMNS)
    .where('status', '=', 'published')
    .where('openType', '!=', 'closed')
}

type OpenRow = Awaited<ReturnType<ReturnType<typeof openRows>['execute']>>[number]

async function toOpen(db: Db, rows: readonly OpenRow[]): Promise<OpenResource[]> {
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.orgId),
  )
  return rows.flatMap((r) =>
    r.openType === 'closed'
      ? []
      : [
          {
            ...r,
            openType: r.openType,
            orgName: orgs.get(r.orgId)?.name ?? '',
            publishedAt: r.publishedAt?.toISOString() ?? null,
            lastDataUpdateAt: r.lastDataUpdateAt?.toISOString() ?? null,
          },
        ],
  )
}

/** One open resource by its code (101001/000001) or id, with its fields in declared order. */
export async function openResource(db: Db, codeOrId: string): Promise<OpenResourceDetail | undefined> {
  const byId = /^[0-9a-f-]{36}$/i.test(codeOrId)
  const row = await openRows(db)
    .where(byId ? 'id' : 'code', '=', codeOrId)
    .executeTakeFirst()
  if (!row) return undefined
  const [resource] = await toOpen(db, [row])
  if (!resource) return undefined
  const fields = await t(db)
    .selectFrom('resourceFields')
    .select(['code', 'name', 'dataType', 'description', 'isKey', 'grade', 'elementCode'])
    .where('resourceId', '=', row.id)
    .orderBy('position')
    .execute()
  return { ...resource, fields }
}

/** Open resources by id, in the order given; ids of resources no longer open are skipped. */
export async function openResourcesByIds(db: Db, ids: readonly string[]): Promise<OpenResource[]> {
  if (ids.length === 0) return []
  const rows = await openRows(db).where('id', 'in', ids).execute()
  const order = new Map(ids.map((id, i) => [id, i]))
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  return toOpen(db, rows)
}

/** The most recently published open resources. */
export async function newestOpenResources(db: Db, limit: number): Promise<OpenResource[]> {
  const rows = await openRows(db)
    .orderBy('publishedAt', 'desc')
    .orderBy('id')
    .limit(Math.max(1, Math.min(limit, 50)))
    .execute()
  return toOpen(db, rows)
}
