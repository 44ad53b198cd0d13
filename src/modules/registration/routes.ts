/** Console routes of registration: registrants' applications, the body's work, certificates and keys. */
import { Type } from 'typebox'
import { type AppInstance, Page, pageWindow, requestContext } from '../../platform/http/index.ts'
import { getOrg } from '../identity/index.ts'
import {
  addMaterialFile,
  createRegistration,
  refreshEvidence,
  submitRegistration,
  updateDraft,
  withdrawRegistration,
} from './applications.ts'
import { certificateDownloads } from './certificate-routes.ts'
import type { RegistrationDeps } from './deps.ts'
import { registrationError } from './errors.ts'
import { publishedKeys, rotateKey } from './keys.ts'
import { getRegistration, listRegistrations } from './listing.ts'
import { decideObjection } from './objections.ts'
import { managesKeys } from './policy.ts'
import {
  Algorithm,
  ListQuery,
  MaterialUpload,
  ObjectionDecision,
  OptionalNote,
  PublicKey,
  ReasonBody,
  Registration,
  RegistrationCreate,
  RegistrationDetail,
  RegistrationPatch,
  SupplementBody,
  Uuid,
} from './schemas.ts'
import { bodyStep } from './workflow.ts'

const IdParams = Type.Object({ id: Uuid })
const TAGS = ['registration']

export async function registrationConsoleRoutes(app: AppInstance, deps: RegistrationDeps): Promise<void> {
  const { db, config } = deps
  const detail = { 200: RegistrationDetail }
  const show = (request: Parameters<typeof requestContext>[0], id: string) =>
    getRegistration(db, config, requestContext(request), id)

  app.get(
    '/api/v1/registrations',
    {
      schema: {
        tags: TAGS,
        summary: '登记列表（本单位 / 登记机构待办 / 辖区全部；含工作日倒计时）',
        querystring: ListQuery,
        response: { 200: Page(Registration) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listRegistrations(db, config, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.post(
    '/api/v1/registrations',
    {
      schema: {
        tags: TAGS,
        summary: '新建登记申请（草稿）：首次、变更、更正（含利害关系人）、注销、续展',
        body: RegistrationCreate,
        response: { 201: RegistrationDetail },
      },
    },
    async (request, reply) => {
      const id = await createRegistration(db, config, requestContext(request), request.body)
      return reply.code(201).send(await show(request, id))
    },
  )

  app.get(
    '/api/v1/registrations/:id',
    {
      schema: {
        tags: TAGS,
        summary: '登记详情（材料清单、存证、异议、办理历史、期限与可执行操作）',
        params: IdParams,
        response: detail,
      },
    },
    async (request) => show(request, request.params.id),
  )

  app.patch(
    '/api/v1/registrations/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改草稿或补正材料',
        params: IdParams,
        body: RegistrationPatch,
        response: detail,
      },
    },
    async (request) => {
      await updateDraft(db, config, requestContext(request), request.params.id, request.body)
      return show(request, request.params.id)
    },
  )

  const simple = [
    ['submit', '提交（或补正后重新提交，受理时限重新计算）', submitRegistration],
    ['evidence', '为关联的已挂接资源生成存证（SM3 摘要）', refreshEvidence],
  ] as const
  for (const [path, summary, fn] of simple)
    app.post(
      `/api/v1/registrations/:id/${path}`,
      { schema: { tags: TAGS, summary, params: IdParams, response: detail } },
      async (request) => {
        await fn(db, config, requestContext(request), request.params.id)
        return show(request, request.params.id)
      },
    )

  app.post(
    '/api/v1/registrations/:id/withdraw',
    { schema: { tags: TAGS, summary: '撤回申请', params: IdParams, response: detail } },
    async (request) => {
      await withdrawRegistration(db, requestContext(request), request.params.id)
      return show(request, request.params.id)
    },
  )

  app.post(
    '/api/v1/registrations/:id/attachments',
    {
      schema: {
        tags: TAGS,
        summary: '上传登记材料附件（Base64 JSON；单个 ≤ 2 MB 且请求体不超过 BODY_LIMIT_BYTES）',
        params: IdParams,
        body: MaterialUpload,
        response: detail,
      },
    },
    async (request) => {
      await addMaterialFile(db, requestContext(request), request.params.id, request.body)
      return show(request, request.params.id)
    },
  )

  app.post(
    '/api/v1/registrations/:id/request-supplement',
    {
      schema: {
        tags: TAGS,
        summary: '一次性告知补正（列明全部需补正的事项）',
        params: IdParams,
        body: SupplementBody,
        response: detail,
      },
    },
    async (request) => {
      await bodyStep(db, config, requestContext(request), request.params.id, {
        action: 'request_supplement',
        body: request.body,
      })
      return show(request, request.params.id)
    },
  )

  for (const [action, summary] of [
    ['accept', '受理（进入形式审核，计审核时限）'],
    ['approve', '通过形式审核（进入公示；续展、注销直接办结）'],
  ] as const)
    app.post(
      `/api/v1/registrations/:id/${action}`,
      { schema: { tags: TAGS, summary, params: IdParams, body: OptionalNote, response: detail } },
      async (request) => {
        await bodyStep(db, config, requestContext(request), request.params.id, {
          action,
          note: request.body?.note,
        })
        return show(request, request.params.id)
      },
    )

  for (const [action, summary] of [
    ['refuse', '不予受理（须说明理由）'],
    ['reject', '形式审核不通过，终止登记（须说明理由）'],
    ['revoke', '撤销登记（虚假材料、篡改伪造等，须说明理由）'],
  ] as const)
    app.post(
      `/api/v1/registrations/:id/${action}`,
      { schema: { tags: TAGS, summary, params: IdParams, body: ReasonBody, response: detail } },
      async (request) => {
        await bodyStep(db, config, requestContext(request), request.params.id, {
          action,
          reason: request.body.reason,
        })
        return show(request, request.params.id)
      },
    )

  app.post(
    '/api/v1/registrations/:id/objections/:objectionId/decide',
    {
      schema: {
        tags: TAGS,
        summary: '复核异议：成立则终止登记，不成立则驳回',
        params: Type.Object({ id: Uuid, objectionId: Uuid }),
        body: ObjectionDecision,
        response: detail,
      },
    },
    async (request) => {
      const { id, objectionId } = request.params
      await decideObjection(db, config, requestContext(request), id, objectionId, request.body)
      return show(request, id)
    },
  )

  app.get(
    '/api/v1/registrations/keys',
    {
      schema: {
        tags: TAGS,
        summary: '本登记机构的签名密钥（公钥，含已轮换的）',
        response: { 200: Type.Object({ items: Type.Array(PublicKey) }) },
      },
    },
    async (request) => {
      const actor = request.actor
      if (actor.kind !== 'user' || !managesKeys(actor, actor.orgId))
        throw registrationError('registration.key_forbidden')
      return { items: await publishedKeys(db, actor.orgId) }
    },
  )

  app.post(
    '/api/v1/registrations/keys/rotate',
    {
      schema: {
        tags: TAGS,
        summary: '轮换本登记机构的签名密钥（旧公钥继续公布，旧证书仍可核验）',
        body: Type.Object({ algorithm: Type.Optional(Algorithm) }, { additionalProperties: false }),
        response: { 201: PublicKey },
      },
    },
    async (request, reply) => {
      const actor = request.actor
      if (actor.kind !== 'user' || !managesKeys(actor, actor.orgId))
        throw registrationError('registration.key_forbidden')
      const org = await getOrg(db, actor.orgId)
      if (org.type !== 'bureau') throw registrationError('registration.key_forbidden')
      const key = await rotateKey(db, config, requestContext(request), org, request.body.algorithm ?? 'SM2')
      const view = (await publishedKeys(db, org.id)).find((k) => k.keyId === key.keyId)
      if (!view) throw new Error('rotated key not published')
      return reply.code(201).send(view)
    },
  )

  await certificateDownloads(app, deps)
}
