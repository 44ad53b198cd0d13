import { type TSchema, Type } from 'typebox'
import type { Db } from '../../../platform/db/index.ts'
import type { AppInstance } from '../../../platform/http/index.ts'
import { CATEGORIES, OPEN_TYPES, SHARE_TYPES } from '../vocabulary.ts'
import { ledger } from './service.ts'

const countsOf = (terms: readonly { code: string; zh: string }[]) =>
  Type.Object(Object.fromEntries(terms.map((term) => [term.code, Type.Integer({ description: term.zh })])))

const Counts = {
  resources: Type.Integer({ description: '资源数（不含已下线）' }),
  fields: Type.Integer({ description: '信息项数' }),
  published: Type.Integer({ description: '已发布资源数' }),
  publishedPct: Type.Number({ description: '发布率 %（已发布 / 资源数）' }),
  mounted: Type.Integer({ description: '已发布且已挂接资源数' }),
  mountedPct: Type.Number({ description: '挂接率 %（已发布且已挂接 / 已发布）' }),
  byShareType: countsOf(SHARE_TYPES),
  byOpenType: countsOf(OPEN_TYPES),
  byCategory: countsOf(CATEGORIES),
} satisfies Record<string, TSchema>

export const LedgerSchema = Type.Object({
  orgs: Type.Array(
    Type.Object({ orgId: Type.String(), orgName: Type.String(), regionCode: Type.String(), ...Counts }),
  ),
  regions: Type.Array(Type.Object({ regionCode: Type.String(), orgCount: Type.Integer(), ...Counts })),
  total: Type.Object({ orgCount: Type.Integer(), ...Counts }),
})

/** The 一本账 (ledger) of the catalog per org and region. */
export async function ledgerRoutes(app: AppInstance, deps: { db: Db; secretKey: Buffer }): Promise<void> {
  const { db } = deps
  app.get(
    '/api/v1/catalog/ledger',
    {
      schema: {
        tags: ['catalog'],
        summary: '目录一本账：按单位、地区统计资源数、信息项数、发布率、挂接率及分类分布',
        querystring: Type.Object(
          {
            regionCode: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{5}$' })),
            orgId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: LedgerSchema },
      },
    },
    async (request) => ledger(db, request.actor, request.query),
  )
}
