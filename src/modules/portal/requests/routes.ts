import { recordAuditNow } from '../../../platform/audit/index.ts'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../platform/http/index.ts'
import { runSandboxQuery } from '../../sandbox/index.ts'
import type { PortalDeps } from '../deps.ts'
import { developerFrom, developerHook } from '../developers/accounts.ts'
import { portalError } from '../errors.ts'
import {
  CONTENT_TYPES,
  contentDisposition,
  type DownloadFormat,
  downloadStream,
} from '../open-data/download.ts'
import { publicMask } from '../open-data/masking.ts'
import { requireOpen } from '../open-data/resources.ts'
import { DownloadQuery } from '../open-data/schemas.ts'
import { requireServed } from '../open-data/served.ts'
import { countUsage } from '../open-data/stats.ts'
import { getForConsole, getForDeveloper, listForConsole, listForDeveloper } from './listing.ts'
import {
  ApproveBody,
  ConsoleListQuery,
  ConsoleOpenRequest,
  ConsoleOpenRequestDetail,
  DeveloperOpenRequestDetail,
  IdParams,
  OpenRequestCreate,
  OpenRequestView,
  OutcomeBody,
  ReasonBody,
  SandboxQueryBody,
  SandboxResultSchema,
} from './schemas.ts'
import { applicantStep, createOpenRequest, decideOpenRequest, deliverableRequest } from './service.ts'

const TAGS = ['portal']
const PUBLIC = { access: 'public' } as const
const DEV_AUTH = '开发者登录后以 Authorization: Bearer dvs_… 调用。'
const BASE = '/api/v1/public/portal/applications'

/** The applicant's side of conditional open (有条件开放), on the public API with a developer session. */
async function applicantRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps
  const common = {
    config: PUBLIC,
    onRequest: developerHook(db),
    schema: { tags: TAGS, description: DEV_AUTH, security: [] },
  }

  app.post(
    BASE,
    {
      ...common,
      schema: {
        ...common.schema,
        summary: '申请有条件开放的数据（说明用途与场景，按工作日计答复期限）',
        body: OpenRequestCreate,
        response: { 201: DeveloperOpenRequestDetail },
      },
    },
    async (request, reply) => {
      const developer = developerFrom(request)
      const id = await createOpenRequest(db, config, requestContext(request), developer, request.body)
      return reply.code(201).send(await getForDeveloper(db, developer, id))
    },
  )

  app.get(
    BASE,
    {
      ...common,
      schema: {
        ...common.schema,
        summary: '我的开放申请',
        querystring: PageQuery,
        response: { 200: Page(OpenRequestView) },
      },
    },
    async (request) => listForDeveloper(db, developerFrom(request), pageWindow(request.query)),
  )

  app.get(
    `${BASE}/:id`,
    {
      ...common,
      schema: {
        ...common.schema,
        summary: '我的开放申请详情（含办理历史）',
        params: IdParams,
        response: { 200: DeveloperOpenRequestDetail },
      },
    },
    async (request) => getForDeveloper(db, developerFrom(request), request.params.id),
  )

  const steps = [
    ['withdraw', '撤回申请（待审核或待签署协议时）'],
    ['accept', '签署开放协议（沙箱交付时同时开通沙箱空间）'],
  ] as const
  for (const [step, summary] of steps) {
    app.post(
      `${BASE}/:id/${step}`,
      {
        ...common,
        schema: {
          ...common.schema,
          summary,
          params: IdParams,
          response: { 200: DeveloperOpenRequestDetail },
        },
      },
      async (request) => {
        const developer = developerFrom(request)
        const input = step === 'withdraw' ? { withdraw: true as const } : { accept: true as const }
        await applicantStep(db, config, requestContext(request), developer, request.params.id, input)
        return getForDeveloper(db, developer, request.params.id)
      },
    )
  }

  app.post(
    `${BASE}/:id/outcome`,
    {
      ...common,
      schema: {
        ...common.schema,
        summary: '反馈数据使用成果',
        params: IdParams,
        body: OutcomeBody,
        response: { 200: DeveloperOpenRequestDetail },
      },
    },
    async (request) => {
      const developer = developerFrom(request)
      const step = { outcome: request.body.outcome }
      await applicantStep(db, config, requestContext(request), developer, request.params.id, step)
      return getForDeveloper(db, developer, request.params.id)
    },
  )
}

/** Delivery to an applicant whose agreement is in force: sandbox queries or a restricted download. */
async function deliveryRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db, config } = deps
  const common = {
    config: PUBLIC,
    onRequest: developerHook(db),
    schema: { tags: TAGS, description: DEV_AUTH, security: [] },
  }

  app.post(
    `${BASE}/:id/sandbox/queries`,
    {
      ...common,
      schema: {
        ...common.schema,
        summary: '在隐私计算沙箱中对获批数据运行聚合查询（只返回聚合结果，小群组抑制，可加差分隐私噪声）',
        params: IdParams,
        body: SandboxQueryBody,
        response: { 200: SandboxResultSchema },
      },
    },
    async (request) => {
      const developer = developerFrom(request)
      const row = await deliverableRequest(db, developer, request.params.id, 'sandbox')
      if (!row.sandboxScopeId) throw portalError('open_request.sandbox_unavailable')
      return runSandboxQuery(
        { db, config, ctx: requestContext(request) },
        {
          scopeId: row.sandboxScopeId,
          sql: request.body.sql,
          ...(request.body.epsilon !== undefined ? { epsilon: request.body.epsilon } : {}),
          actor: { kind: 'developer', id: developer.id, name: developer.displayName },
        },
      )
    },
  )

  app.get(
    `${BASE}/:id/download`,
    {
      ...common,
      schema: {
        ...common.schema,
        summary: '受限下载：协议期内下载获批的有条件开放数据（已脱敏）',
        params: IdParams,
        querystring: DownloadQuery,
      },
    },
    async (request, reply) => {
      const developer = developerFrom(request)
      const row = await deliverableRequest(db, developer, request.params.id, 'download')
      const resource = await requireOpen(db, row.resourceId)
      const key = await requireServed(db, config, resource)
      const format: DownloadFormat = request.query.format ?? 'csv'
      await countUsage(db, resource.id, 'downloads')
      await recordAuditNow(db, requestContext(request), {
        action: 'open_request.download',
        targetType: 'open_request',
        targetId: row.id,
        orgId: row.providerOrgId,
        regionCode: row.providerRegionCode,
        details: { format, developerId: developer.id, resourceId: resource.id },
      })
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', contentDisposition(resource.code, resource.name, format))
        .header('cache-control', 'no-store')
        .send(
          downloadStream(db, format, { ...resource, key }, await publicMask(db, config.secretKey, resource)),
        )
    },
  )
}

/** The console inbox of open requests: the provider org decides, the bureau decides escalated ones. */
async function consoleRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  const { db } = deps
  app.get(
    '/api/v1/portal/applications',
    {
      schema: {
        tags: TAGS,
        summary: '开放申请收件箱（本单位为提供方的申请；数据局可见辖区内全部，含超期升级）',
        querystring: ConsoleListQuery,
        response: { 200: Page(ConsoleOpenRequest) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listForConsole(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )
  app.get(
    '/api/v1/portal/applications/:id',
    {
      schema: {
        tags: TAGS,
        summary: '开放申请详情（含办理历史与工作日倒计时）',
        params: IdParams,
        response: { 200: ConsoleOpenRequestDetail },
      },
    },
    async (request) => getForConsole(db, request.actor, request.params.id),
  )
  app.post(
    '/api/v1/portal/applications/:id/approve',
    {
      schema: {
        tags: TAGS,
        summary: '同意开放申请并提出开放协议（提供方；超期升级后数据局亦可）',
        params: IdParams,
        body: ApproveBody,
        response: { 200: ConsoleOpenRequestDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      await decideOpenRequest(db, ctx, request.params.id, { approve: request.body })
      return getForConsole(db, request.actor, request.params.id)
    },
  )
  app.post(
    '/api/v1/portal/applications/:id/reject',
    {
      schema: {
        tags: TAGS,
        summary: '不同意开放申请（须说明理由）',
        params: IdParams,
        body: ReasonBody,
        response: { 200: ConsoleOpenRequestDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      await decideOpenRequest(db, ctx, request.params.id, { reject: request.body.reason })
      return getForConsole(db, request.actor, request.params.id)
    },
  )
}

export async function openRequestRoutes(app: AppInstance, deps: PortalDeps): Promise<void> {
  await applicantRoutes(app, deps)
  await deliveryRoutes(app, deps)
  await consoleRoutes(app, deps)
}
