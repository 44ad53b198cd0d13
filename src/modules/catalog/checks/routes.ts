import { Type } from 'typebox'
import type { Db } from '../../../platform/db/index.ts'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import { runScopeFor } from './scope.ts'
import { listCheckResults, listScores, runChecks } from './service.ts'
import { CATALOG_CHECKS, CHECK_CODES, CHECK_SEVERITIES } from './vocabulary.ts'

const CheckCodeSchema = Type.Enum(CHECK_CODES, {
  description: CATALOG_CHECKS.map((c) => `${c.code} = ${c.zh}`).join('；'),
})
const SeveritySchema = Type.Enum(
  CHECK_SEVERITIES.map((s) => s.code),
  { description: CHECK_SEVERITIES.map((s) => `${s.code} = ${s.zh}`).join('；') },
)
const RegionCode = Type.String({ pattern: '^[1-9][0-9]{5}$' })

export const CheckRunSchema = Type.Object({
  id: Type.String(),
  trigger: Type.Enum(['manual', 'nightly']),
  regionPrefix: Type.String({ description: '质检范围：地区代码前缀（空 = 全部）' }),
  orgId: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  resourceCount: Type.Integer(),
  issueCount: Type.Integer(),
  byCheck: Type.Record(Type.String(), Type.Integer()),
})

export const CheckResultSchema = Type.Object({
  id: Type.String(),
  runId: Type.String(),
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  resourceStatus: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  regionCode: Type.String(),
  check: CheckCodeSchema,
  checkLabel: Type.String(),
  severity: SeveritySchema,
  messageZh: Type.String(),
  checkedAt: Type.String(),
})

export const OrgScoreSchema = Type.Object({
  orgId: Type.String(),
  orgName: Type.String(),
  regionCode: Type.String(),
  resourceCount: Type.Integer(),
  errorCount: Type.Integer(),
  warningCount: Type.Integer(),
  infoCount: Type.Integer(),
  score: Type.Number({ description: '各资源得分 max(0, 100 − 25×错误 − 10×警告 − 2×提示) 的平均值' }),
  runId: Type.String(),
  computedAt: Type.String(),
})

/** Catalog checks (目录质检): run on demand, read the latest findings and the score per org. */
export async function checksRoutes(app: AppInstance, deps: { db: Db; secretKey: Buffer }): Promise<void> {
  const { db } = deps

  app.post(
    '/api/v1/catalog/checks/run',
    {
      schema: {
        tags: ['catalog'],
        summary: '立即执行目录质检（审核员按地区，数据专员按本单位）',
        body: Type.Object(
          {
            orgId: Type.Optional(Type.String({ format: 'uuid' })),
            regionCode: Type.Optional(RegionCode),
          },
          { additionalProperties: false },
        ),
        response: { 201: CheckRunSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const scope = await runScopeFor(db, ctx.actor, request.body ?? {})
      return reply.code(201).send(await runChecks(db, ctx, scope, 'manual'))
    },
  )

  app.get(
    '/api/v1/catalog/checks',
    {
      schema: {
        tags: ['catalog'],
        summary: '目录质检结果（最近一次质检，按可见范围）',
        querystring: Type.Object(
          {
            ...PageQuery.properties,
            orgId: Type.Optional(Type.String({ format: 'uuid' })),
            regionCode: Type.Optional(RegionCode),
            check: Type.Optional(CheckCodeSchema),
            severity: Type.Optional(SeveritySchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(CheckResultSchema) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listCheckResults(db, requestContext(request), query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/catalog/checks/scores',
    {
      schema: {
        tags: ['catalog'],
        summary: '目录质检得分（按单位，得分低者在前）',
        querystring: Type.Object(
          {
            ...PageQuery.properties,
            orgId: Type.Optional(Type.String({ format: 'uuid' })),
            regionCode: Type.Optional(RegionCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(OrgScoreSchema) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listScores(db, requestContext(request), query, pageWindow({ page, pageSize }))
    },
  )
}
