/** HTTP routes of protection: thin shells over the services; schemas in schemas.ts. */
import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import { hasRole } from '../../identity/index.ts'
import type { GovernanceDeps } from '../deps.ts'
import { evaluateAlerts } from './alerts/evaluate.ts'
import { listNotifications, markRead } from './alerts/notifications.ts'
import { actOnAlert, getAlert, listAlerts } from './alerts/service.ts'
import { confirmDiscovery, discover, getDiscovery, latestDiscovery } from './discovery/service.ts'
import { protectionError } from './errors.ts'
import { gradePolicies, updateGradePolicy } from './grade-policies.ts'
import { getGrading, listGradings, saveGrading } from './grading-service.ts'
import { jsonify } from './json.ts'
import { maskingPreview } from './masking-preview.ts'
import {
  Alert,
  AlertActionBody,
  AlertDetail,
  ConfirmBody,
  DiscoveryRun,
  Grade,
  GradePolicy,
  GradePolicyBody,
  GradingBody,
  GradingRow,
  GradingView,
  IdParams,
  MaskingPreview,
  Notification,
  Nullable,
} from './schemas.ts'

const TAGS = ['governance']

export async function protectionHttp(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/governance/gradings',
    {
      schema: {
        tags: TAGS,
        summary: '分类分级列表（本单位的，或数据局辖区的）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            grade: Type.Optional(Grade),
            sensitivePi: Type.Optional(Type.Boolean()),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          }),
        ]),
        response: { 200: Page(GradingRow) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return jsonify(await listGradings(db, request.actor, query, pageWindow({ page, pageSize })))
    },
  )

  app.get(
    '/api/v1/governance/resources/:id/grading',
    {
      schema: { tags: TAGS, summary: '数据资源的分类分级', params: IdParams, response: { 200: GradingView } },
    },
    async (request) => jsonify(await getGrading(db, request.actor, request.params.id)),
  )

  app.put(
    '/api/v1/governance/resources/:id/grading',
    {
      schema: {
        tags: TAGS,
        summary: '设定数据资源及信息项的分类分级（影响对象×影响程度，就高从严）',
        params: IdParams,
        body: GradingBody,
        response: { 200: GradingView },
      },
    },
    async (request) =>
      jsonify(await saveGrading(db, requestContext(request), request.params.id, request.body)),
  )

  app.get(
    '/api/v1/governance/grade-policies',
    {
      schema: {
        tags: TAGS,
        summary: '分级策略（各级别的默认共享、开放、脱敏和审批）',
        response: { 200: Type.Array(GradePolicy) },
      },
    },
    async () => jsonify(await gradePolicies(db)),
  )

  app.put(
    '/api/v1/governance/grade-policies/:grade',
    {
      schema: {
        tags: TAGS,
        summary: '修改某一级别的分级策略（省级数据局管理员）',
        params: Type.Object({ grade: Grade }),
        body: GradePolicyBody,
        response: { 200: GradePolicy },
      },
    },
    async (request) =>
      jsonify(await updateGradePolicy(db, requestContext(request), request.params.grade, request.body)),
  )

  await discoveryHttp(app, deps)
  await alertHttp(app, deps)
}

async function discoveryHttp(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  const { db, config } = deps
  app.post(
    '/api/v1/catalog/resources/:id/discover',
    {
      schema: {
        tags: TAGS,
        summary: '敏感数据识别：按信息项名称和抽样数据给出类型、置信度和建议级别',
        params: IdParams,
        response: { 200: DiscoveryRun },
      },
    },
    async (request) =>
      jsonify(await discover(db, config.secretKey, requestContext(request), request.params.id)),
  )

  app.get(
    '/api/v1/governance/resources/:id/discovery',
    {
      schema: {
        tags: TAGS,
        summary: '最近一次敏感数据识别结果',
        params: IdParams,
        response: { 200: Type.Object({ run: Nullable(DiscoveryRun) }) },
      },
    },
    async (request) => jsonify({ run: await latestDiscovery(db, request.actor, request.params.id) }),
  )

  app.get(
    '/api/v1/governance/discoveries/:id',
    {
      schema: { tags: TAGS, summary: '敏感数据识别记录', params: IdParams, response: { 200: DiscoveryRun } },
    },
    async (request) => jsonify(await getDiscovery(db, request.actor, request.params.id)),
  )

  app.post(
    '/api/v1/governance/discoveries/:id/confirm',
    {
      schema: {
        tags: TAGS,
        summary: '确认识别结果：敏感类型用于脱敏，级别写入目录',
        params: IdParams,
        body: ConfirmBody,
        response: { 200: DiscoveryRun },
      },
    },
    async (request) =>
      jsonify(await confirmDiscovery(db, requestContext(request), request.params.id, request.body.fields)),
  )

  app.get(
    '/api/v1/governance/resources/:id/masking-preview',
    {
      schema: {
        tags: TAGS,
        summary: '脱敏预览（各信息项的策略和脱敏后的样例行）',
        params: IdParams,
        response: { 200: MaskingPreview },
      },
    },
    async (request) => maskingPreview(db, config.secretKey, requestContext(request), request.params.id),
  )
}

async function alertHttp(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  const { db } = deps
  app.get(
    '/api/v1/governance/alerts',
    {
      schema: {
        tags: TAGS,
        summary: '安全预警收件箱',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            status: Type.Optional(Type.Enum(['open', 'acknowledged', 'resolved', 'dismissed'])),
            severity: Type.Optional(Type.Enum(['low', 'medium', 'high', 'critical'])),
            rule: Type.Optional(
              Type.Enum([
                'volume_spike',
                'off_hours_bulk',
                'enumeration',
                'denied_burst',
                'after_revocation',
              ]),
            ),
          }),
        ]),
        response: { 200: Page(Alert) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return jsonify(await listAlerts(db, request.actor, query, pageWindow({ page, pageSize })))
    },
  )

  app.get(
    '/api/v1/governance/alerts/:id',
    { schema: { tags: TAGS, summary: '安全预警详情', params: IdParams, response: { 200: AlertDetail } } },
    async (request) => jsonify(await getAlert(db, request.actor, request.params.id)),
  )

  app.post(
    '/api/v1/governance/alerts/:id/actions',
    {
      schema: {
        tags: TAGS,
        summary: '处置预警：确认、解除、忽略、停用应用或撤销授权（均留痕并通知单位管理员）',
        params: IdParams,
        body: AlertActionBody,
        response: { 200: Alert },
      },
    },
    async (request) =>
      jsonify(await actOnAlert(db, requestContext(request), request.params.id, request.body)),
  )

  app.post(
    '/api/v1/governance/alerts/evaluate',
    {
      schema: {
        tags: TAGS,
        summary: '立即评估最近一小时的访问日志（数据局管理员）',
        response: { 200: Type.Object({ raised: Type.Integer() }) },
      },
    },
    async (request) => {
      if (!hasRole(request.actor, 'bureau_admin')) throw protectionError('alert.forbidden')
      const to = new Date()
      const raised = await evaluateAlerts(db, { from: new Date(to.getTime() - 3_600_000), to })
      return { raised: raised.length }
    },
  )

  app.get(
    '/api/v1/governance/notifications',
    {
      schema: {
        tags: TAGS,
        summary: '单位管理员的安全通知',
        querystring: Type.Intersect([PageQuery, Type.Object({ unread: Type.Optional(Type.Boolean()) })]),
        response: { 200: Page(Notification) },
      },
    },
    async (request) => {
      const { page, pageSize, unread } = request.query
      return jsonify(
        await listNotifications(db, request.actor, unread === true, pageWindow({ page, pageSize })),
      )
    },
  )

  app.post(
    '/api/v1/governance/notifications/:id/read',
    { schema: { tags: TAGS, summary: '标记通知已读', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await markRead(db, request.actor, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
