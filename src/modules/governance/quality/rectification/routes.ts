/** HTTP routes of rectification tickets (反馈整改 / 校核纠错). */
import { Type } from 'typebox'
import {
  type AppInstance,
  Page,
  PageQuery,
  pageWindow,
  requestContext,
} from '../../../../platform/http/index.ts'
import type { GovernanceDeps } from '../../deps.ts'
import {
  AnswerBody,
  ArbitrateBody,
  NoteBody,
  OptionalNoteBody,
  ReportBody,
  Ticket,
  TicketDetail,
  TicketStats,
  TicketStatusSchema,
  Uuid,
} from '../schemas.ts'
import { getTicket, listTickets, ticketStats } from './listing.ts'
import { actOnTicket, reportError } from './service.ts'

const TAGS = ['governance']
const IdParams = Type.Object({ id: Uuid })

const ListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    box: Type.Optional(
      Type.Enum(['provider', 'reporter', 'bureau', 'escalated'], {
        description:
          'provider 本单位待整改（默认），reporter 本单位提出的纠错，bureau 数据局辖区全部，escalated 超期升级',
      }),
    ),
    status: Type.Optional(TicketStatusSchema),
    source: Type.Optional(Type.Enum(['audit', 'report'])),
    overdue: Type.Optional(Type.Boolean()),
    resourceId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    sort: Type.Optional(Type.Enum(['due', 'created'])),
  }),
])

export async function rectificationRoutes(app: AppInstance, deps: GovernanceDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/rectifications',
    {
      schema: {
        tags: TAGS,
        summary: '整改工单列表（工作日倒计时、超期标记）',
        querystring: ListQuery,
        response: { 200: Page(Ticket) },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listTickets(db, request.actor, query, pageWindow({ page, pageSize }))
    },
  )

  app.get(
    '/api/v1/rectifications/stats',
    { schema: { tags: TAGS, summary: '各提供单位的整改统计', response: { 200: TicketStats } } },
    async (request) => ({ items: await ticketStats(db, request.actor) }),
  )

  app.post(
    '/api/v1/rectifications',
    {
      schema: {
        tags: TAGS,
        summary: '纠错：对资源或某条记录报告数据错误，生成整改工单',
        body: ReportBody,
        response: { 201: TicketDetail },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const id = await reportError(db, config, ctx, request.body)
      return reply.code(201).send(await getTicket(db, ctx, id))
    },
  )

  app.get(
    '/api/v1/rectifications/:id',
    {
      schema: {
        tags: TAGS,
        summary: '整改工单详情（含办理历史与可执行操作）',
        params: IdParams,
        response: { 200: TicketDetail },
      },
    },
    async (request) => getTicket(db, requestContext(request), request.params.id),
  )

  const detail = { params: IdParams, response: { 200: TicketDetail }, tags: TAGS }

  app.post(
    '/api/v1/rectifications/:id/answer',
    { schema: { ...detail, summary: '提供单位答复：已整改（触发复核）/ 已说明 / 有异议', body: AnswerBody } },
    async (request) => {
      const ctx = requestContext(request)
      await actOnTicket(db, config, ctx, request.params.id, { action: 'answer', ...request.body })
      return getTicket(db, ctx, request.params.id)
    },
  )

  app.post(
    '/api/v1/rectifications/:id/confirm',
    { schema: { ...detail, summary: '纠错提出方确认已整改（办结）', body: OptionalNoteBody } },
    async (request) => {
      const ctx = requestContext(request)
      await actOnTicket(db, config, ctx, request.params.id, { action: 'confirm', note: request.body.note })
      return getTicket(db, ctx, request.params.id)
    },
  )

  app.post(
    '/api/v1/rectifications/:id/reopen',
    { schema: { ...detail, summary: '纠错提出方认为未整改到位，重新打开（重新计时）', body: NoteBody } },
    async (request) => {
      const ctx = requestContext(request)
      await actOnTicket(db, config, ctx, request.params.id, { action: 'reopen', note: request.body.note })
      return getTicket(db, ctx, request.params.id)
    },
  )

  app.post(
    '/api/v1/rectifications/:id/arbitrate',
    { schema: { ...detail, summary: '数据局裁决异议：维持整改（重新计时）或驳回', body: ArbitrateBody } },
    async (request) => {
      const ctx = requestContext(request)
      await actOnTicket(db, config, ctx, request.params.id, { action: 'arbitrate', ...request.body })
      return getTicket(db, ctx, request.params.id)
    },
  )
}
