/** HTTP routes of quality rules, suggestions, audit runs and the scoreboard. */
import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import type { GovernanceDeps } from '../deps.ts'
import { resourceFor } from './resources.ts'
import { createRule, deleteRule, listRules, ruleView, updateRule } from './rules.ts'
import { getRun, listRuns } from './run-views.ts'
import { runAudit } from './runs.ts'
import { Rule, RuleCreate, RulePatch, Run, RunDetail, ScoreboardSchema, Suggestion, Uuid } from './schemas.ts'
import { scoreboard } from './scoreboard.ts'
import { q } from './store.ts'
import { suggestRules } from './suggest.ts'

const TAGS = ['governance']
const IdParams = Type.Object({ id: Uuid })

export async function qualityRuleRoutes(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/quality/resources/:id/rules',
    {
      schema: {
        tags: TAGS,
        summary: '资源的质量规则',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Rule) }) },
      },
    },
    async (request) => ({ items: await listRules(db, requestContext(request), request.params.id) }),
  )

  app.get(
    '/api/v1/quality/resources/:id/suggestions',
    {
      schema: {
        tags: TAGS,
        summary: '根据字段名、类型与抽样值推荐质量规则（由数据专员确认）',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Suggestion) }) },
      },
    },
    async (request) => ({ items: await suggestRules(db, requestContext(request), request.params.id) }),
  )

  app.post(
    '/api/v1/quality/resources/:id/rules',
    {
      schema: {
        tags: TAGS,
        summary: '新增质量规则',
        params: IdParams,
        body: RuleCreate,
        response: { 201: Rule },
      },
    },
    async (request, reply) => {
      const id = await createRule(db, requestContext(request), request.params.id, request.body)
      const row = await q(db)
        .selectFrom('qualityRules')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      return reply.code(201).send(ruleView(row))
    },
  )

  app.patch(
    '/api/v1/quality/rules/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改质量规则（含启用/停用、阈值）',
        params: IdParams,
        body: RulePatch,
        response: { 200: Rule },
      },
    },
    async (request) => {
      await updateRule(db, requestContext(request), request.params.id, request.body)
      const row = await q(db)
        .selectFrom('qualityRules')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirstOrThrow()
      return ruleView(row)
    },
  )

  app.delete(
    '/api/v1/quality/rules/:id',
    { schema: { tags: TAGS, summary: '删除质量规则', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteRule(db, requestContext(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/quality/resources/:id/runs',
    {
      schema: {
        tags: TAGS,
        summary: '立即稽查：一次扫描评估资源的全部启用规则，超阈值生成整改工单',
        params: IdParams,
        response: { 201: RunDetail },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      await resourceFor(db, ctx.actor, request.params.id, true)
      const runId = await runAudit(db, config, ctx, request.params.id, 'manual')
      return reply.code(201).send(await getRun(db, ctx, runId))
    },
  )

  app.get(
    '/api/v1/quality/resources/:id/runs',
    {
      schema: {
        tags: TAGS,
        summary: '资源的稽查记录（最新在前，含各维度得分，用于趋势）',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Run) },
      },
    },
    async (request) => listRuns(db, requestContext(request), request.params.id, pageWindow(request.query)),
  )

  app.get(
    '/api/v1/quality/runs/:id',
    {
      schema: {
        tags: TAGS,
        summary: '稽查结果：每条规则的检查数、失败数与脱敏样例',
        params: IdParams,
        response: { 200: RunDetail },
      },
    },
    async (request) => getRun(db, requestContext(request), request.params.id),
  )

  app.get(
    '/api/v1/quality/scoreboard',
    {
      schema: {
        tags: TAGS,
        summary: '质量评分榜：按资源、单位或地区汇总最新得分，附 30 天趋势',
        querystring: Type.Object({
          by: Type.Optional(Type.Enum(['resource', 'org', 'region'])),
          regionCode: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{5}$' })),
        }),
        response: { 200: ScoreboardSchema },
      },
    },
    async (request) => scoreboard(db, request.actor, request.query.by ?? 'org', request.query.regionCode),
  )
}
