/**
 * What other modules (sharing, governance) may learn about a resource without going through an actor's
 * catalog permissions: its identity, fields and where its data lives. The caller decides who may use it.
 */
import { openSecret } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { findMount } from './mount/view.ts'
import { t } from './store.ts'
import type { FieldDataType, FieldGrade, ResourceStatus, ShareType } from './vocabulary.ts'

export interface SharedField {
  readonly code: string
  readonly name: string
  readonly dataType: FieldDataType
  readonly isKey: boolean
  readonly grade: FieldGrade | null
  readonly elementCode: string | null
}

export interface SharedResource {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly orgId: string
  readonly regionCode: string
  readonly status: ResourceStatus
  readonly shareType: ShareType
  readonly shareCondition: string | null
  readonly mountStatus: 'unmounted' | 'mounted' | 'error'
  readonly fields: readonly SharedField[]
}

/** The resource by id or by resource code (101001/000001), with its fields in declared order. */
export async function resourceForSharing(db: Db, idOrCode: string): Promise<SharedResource | undefined> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrCode)
  const row = await t(db)
    .selectFrom('resources')
    .select([
      'id',
      'code',
      'name',
      'orgId',
      'regionCode',
      'status',
      'shareType',
      'shareCondition',
      'mountStatus',
    ])
    .where(byId ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst()
  if (!row) return undefined
  const fields = await t(db)
    .selectFrom('resourceFields')
    .select(['code', 'name', 'dataType', 'isKey', 'grade', 'elementCode'])
    .where('resourceId', '=', row.id)
    .orderBy('position')
    .execute()
  return { ...row, fields }
}

/** Where a mounted resource's rows can be read. Secrets are opened only here, for the caller's use. */
export type DataSource =
  | { readonly kind: 'datastore'; readonly resourceId: string }
  | {
      readonly kind: 'postgres'
      readonly url: string
      readonly schema: string
      readonly table: string
      /** Field code → column name in the external table, where they differ. */
      readonly columns: Readonly<Record<string, string>>
    }
  | { readonly kind: 'http'; readonly url: string }

export async function dataSourceOf(
  db: Db,
  secretKey: Buffer,
  resourceId: string,
): Promise<DataSource | null> {
  const mount = await findMount(db, resourceId)
  if (mount?.status !== 'mounted') return null
  if (mount.kind === 'datastore') return { kind: 'datastore', resourceId }
  const config = mount.config as {
    schema?: string
    table?: string
    columns?: Record<string, string>
    url?: string
  }
  if (mount.kind === 'http') return { kind: 'http', url: String(config.url ?? '') }
  if (!mount.secretSealed) return null
  return {
    kind: 'postgres',
    url: openSecret(secretKey, mount.secretSealed, `mount:${resourceId}`),
    schema: String(config.schema ?? 'public'),
    table: String(config.table ?? ''),
    columns: config.columns ?? {},
  }
}
