/**
 * What the operation module (授权运营) needs to know about resources it puts in a project's scope: whether the
 * resource is in the operation catalog (授权运营目录, `operable`) and already graded (every field carries a grade),
 * who holds it, and its name and code for disclosure.
 */
import type { Db } from '../../platform/db/index.ts'
import { t } from './store.ts'
import type { ResourceStatus } from './vocabulary.ts'

export interface OperationFacts {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly orgId: string
  readonly regionCode: string
  readonly status: ResourceStatus
  readonly operable: boolean
  /** Every field has a grade (数据分级 done), and there is at least one field. */
  readonly graded: boolean
  readonly fieldCount: number
}

export async function operationFactsOf(db: Db, ids: readonly string[]): Promise<Map<string, OperationFacts>> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id))
  if (unique.length === 0) return new Map()
  const rows = await t(db)
    .selectFrom('resources as r')
    .leftJoin('resourceFields as f', 'f.resourceId', 'r.id')
    .select(({ fn }) => [
      'r.id',
      'r.code',
      'r.name',
      'r.orgId',
      'r.regionCode',
      'r.status',
      'r.operable',
      fn.count<string>('f.id').as('fieldCount'),
      fn.count<string>('f.grade').as('gradedCount'),
    ])
    .where('r.id', 'in', unique)
    .groupBy(['r.id', 'r.code', 'r.name', 'r.orgId', 'r.regionCode', 'r.status', 'r.operable'])
    .execute()
  return new Map(
    rows.map((r) => {
      const fieldCount = Number(r.fieldCount)
      return [
        r.id,
        {
          id: r.id,
          code: r.code,
          name: r.name,
          orgId: r.orgId,
          regionCode: r.regionCode,
          status: r.status,
          operable: r.operable,
          graded: fieldCount > 0 && Number(r.gradedCount) === fieldCount,
          fieldCount,
        },
      ]
    }),
  )
}
