/** Console routes of projects, consents, mandates (with agreements) and attachments. */
import { Type } from 'typebox'
import { type AppInstance, Page, PageQuery, pageWindow, requestContext } from '../../platform/http/index.ts'
import type { OperationDeps } from './deps.ts'
import { operationError } from './errors.ts'
import { addAttachment, createMandate, findMandate, setMandateStatus } from './mandates.ts'
import type { Agreement, Plan } from './plan.ts'
import { authorizes, readsRegion } from './policy.ts'
import {
  activateProject,
  addProjectResource,
  createProject,
  decideConsent,
  findProject,
  removeProjectResource,
  setSandboxApproval,
} from './projects.ts'
import { AttachmentCreate, MandateCreate, ProjectCreate, Uuid } from './schemas.ts'
import { t } from './tables.ts'
import { consentInbox, listProjects, projectDetail } from './views.ts'

const TAGS = ['operation']
const IdParams = Type.Object({ id: Uuid })
const Created = Type.Object({ id: Type.String() })
const NoContent = { 204: Type.Null() }

export async function projectRoutes(app: AppInstance, deps: OperationDeps): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/operation/projects',
    {
      schema: {
        tags: TAGS,
        summary: '授权运营项目列表（数据局按辖区；运营机构仅见本机构获授权的项目）',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            status: Type.Optional(Type.Enum(['draft', 'active', 'ended'])),
          }),
        ]),
        response: { 200: Page(Type.Unknown()) },
      },
    },
    async (request) => listProjects(db, request.actor, pageWindow(request.query), request.query),
  )

  app.post(
    '/api/v1/operation/projects',
    {
      schema: {
        tags: TAGS,
        summary: '新建授权运营项目（实施方案）',
        body: ProjectCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const body = request.body
      const id = await createProject(db, requestContext(request), { ...body, plan: body.plan as Plan })
      return reply.code(201).send({ id })
    },
  )

  app.get(
    '/api/v1/operation/projects/:id',
    {
      schema: {
        tags: TAGS,
        summary: '项目详情：范围、同意、授权与协议、附件',
        params: IdParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => projectDetail(db, request.actor, request.params.id),
  )

  app.post(
    '/api/v1/operation/projects/:id/resources',
    {
      schema: {
        tags: TAGS,
        summary: '纳入数据资源（须已纳入授权运营目录且已分级；他单位资源须提供方同意）',
        params: IdParams,
        body: Type.Object({ resourceId: Uuid }, { additionalProperties: false }),
        response: { 200: Type.Object({ status: Type.String() }) },
      },
    },
    async (request) => ({
      status: await addProjectResource(
        db,
        requestContext(request),
        request.params.id,
        request.body.resourceId,
      ),
    }),
  )

  app.delete(
    '/api/v1/operation/projects/:id/resources/:resourceId',
    {
      schema: {
        tags: TAGS,
        summary: '移出数据资源（仅草稿）',
        params: Type.Object({ id: Uuid, resourceId: Uuid }),
        response: NoContent,
      },
    },
    async (request, reply) => {
      await removeProjectResource(db, requestContext(request), request.params.id, request.params.resourceId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/operation/projects/:id/resources/:resourceId/consent',
    {
      schema: {
        tags: TAGS,
        summary: '数据提供方同意或不同意其共享来的数据资源纳入授权运营',
        params: Type.Object({ id: Uuid, resourceId: Uuid }),
        body: Type.Object(
          {
            consent: Type.Boolean(),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: NoContent,
      },
    },
    async (request, reply) => {
      const { id, resourceId } = request.params
      await decideConsent(
        db,
        requestContext(request),
        id,
        resourceId,
        request.body.consent,
        request.body.note ?? null,
      )
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/operation/consents',
    {
      schema: {
        tags: TAGS,
        summary: '本单位作为数据提供方的同意事项',
        response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }) },
      },
    },
    async (request) => ({ items: await consentInbox(db, request.actor) }),
  )

  app.post(
    '/api/v1/operation/projects/:id/activate',
    {
      schema: {
        tags: TAGS,
        summary: '批准实施（记录“三重一大”决策），开通项目沙箱',
        params: IdParams,
        body: Type.Object(
          { approvalRecord: Type.String({ minLength: 1, maxLength: 4000 }) },
          { additionalProperties: false },
        ),
        response: NoContent,
      },
    },
    async (request, reply) => {
      await activateProject(db, requestContext(request), request.params.id, request.body.approvalRecord)
      return reply.code(204).send(null)
    },
  )

  app.put(
    '/api/v1/operation/projects/:id/sandbox',
    {
      schema: {
        tags: TAGS,
        summary: '设置项目沙箱查询是否须经授权方审批',
        params: IdParams,
        body: Type.Object({ requiresApproval: Type.Boolean() }, { additionalProperties: false }),
        response: NoContent,
      },
    },
    async (request, reply) => {
      await setSandboxApproval(db, requestContext(request), request.params.id, request.body.requiresApproval)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/operation/projects/:id/mandates',
    {
      schema: {
        tags: TAGS,
        summary: '授权运营机构并签订授权协议（13 项条款）',
        params: IdParams,
        body: MandateCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const body = request.body
      const id = await createMandate(db, requestContext(request), request.params.id, {
        ...body,
        agreement: body.agreement as Agreement,
      })
      return reply.code(201).send({ id })
    },
  )

  for (const [step, status] of [
    ['suspend', 'suspended'],
    ['resume', 'active'],
    ['end', 'ended'],
  ] as const)
    app.post(
      `/api/v1/operation/mandates/:id/${step}`,
      { schema: { tags: TAGS, summary: `授权：${step}`, params: IdParams, response: NoContent } },
      async (request, reply) => {
        await setMandateStatus(db, requestContext(request), request.params.id, status)
        return reply.code(204).send(null)
      },
    )

  for (const owner of ['project', 'mandate'] as const)
    app.post(
      `/api/v1/operation/${owner}s/:id/attachments`,
      {
        schema: {
          tags: TAGS,
          summary: owner === 'project' ? '上传项目附件（实施方案、遴选记录、决策纪要）' : '上传授权协议附件',
          params: IdParams,
          body: AttachmentCreate,
          response: { 201: Created },
        },
        bodyLimit: 8 * 1024 * 1024,
      },
      async (request, reply) => {
        const id = await addAttachment(
          db,
          requestContext(request),
          { type: owner, id: request.params.id },
          request.body,
        )
        return reply.code(201).send({ id })
      },
    )

  app.get(
    '/api/v1/operation/attachments/:id',
    { schema: { tags: TAGS, summary: '下载附件', params: IdParams } },
    async (request, reply) => {
      const a = await t(db)
        .selectFrom('operationAttachments')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst()
      if (!a) throw operationError('operation.project_not_found')
      const projectId = a.ownerType === 'project' ? a.ownerId : (await findMandate(db, a.ownerId)).projectId
      const p = await findProject(db, projectId)
      if (!readsRegion(request.actor, p.regionCode) && !authorizes(request.actor, p.regionCode))
        throw operationError('operation.project_not_found')
      return reply
        .header('content-type', a.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`)
        .send(Buffer.from(a.data))
    },
  )
}
