import { Type } from 'typebox'
import { PageQuery } from '../../../platform/http/index.ts'

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

export const Status = Type.Enum(['pending', 'approved', 'rejected', 'withdrawn', 'active', 'completed'])
export const Delivery = Type.Enum(['sandbox', 'download'], {
  description: 'sandbox 隐私计算沙箱（可用不可见），download 受限下载（协议期内）',
})

export const OpenRequestCreate = Type.Object({
  resourceCode: Type.String({ minLength: 3, maxLength: 64 }),
  purpose: Type.String({ minLength: 1, maxLength: 1000 }),
  scenario: Type.String({ minLength: 1, maxLength: 1000 }),
  delivery: Delivery,
})

export const OpenRequestView = Type.Object({
  id: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerOrgId: Type.String(),
  providerOrgName: Type.String(),
  developerName: Type.String(),
  purpose: Type.String(),
  scenario: Type.String(),
  delivery: Type.String(),
  status: Type.String(),
  createdOn: Type.String(),
  replyDue: Type.String({ description: '答复期限（工作日计）' }),
  workingDaysLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  decidedAt: Nullable(Type.String()),
  decidedOnTime: Nullable(Type.Boolean()),
  decisionReason: Nullable(Type.String()),
  agreementTerms: Nullable(Type.String()),
  agreementUntil: Nullable(Type.String()),
  agreementAcceptedAt: Nullable(Type.String()),
  sandboxScopeId: Nullable(Type.String()),
  outcomeReport: Nullable(Type.String()),
  outcomeReportedAt: Nullable(Type.String()),
  createdAt: Type.String(),
})

const History = Type.Array(
  Type.Object({
    action: Type.String(),
    fromStatus: Nullable(Type.String()),
    toStatus: Type.String(),
    actorName: Type.String(),
    reason: Nullable(Type.String()),
    at: Type.String(),
  }),
)

export const ConsoleOpenRequest = Type.Intersect([
  OpenRequestView,
  Type.Object({ actions: Type.Array(Type.String()) }),
])
export const ConsoleOpenRequestDetail = Type.Intersect([
  ConsoleOpenRequest,
  Type.Object({ history: History }),
])
export const DeveloperOpenRequestDetail = Type.Intersect([OpenRequestView, Type.Object({ history: History })])

export const ConsoleListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    status: Type.Optional(Status),
    overdue: Type.Optional(Type.Boolean()),
    escalated: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(Type.Enum(['created', 'due'])),
  }),
])

export const ApproveBody = Type.Object({
  agreementTerms: Type.String({
    minLength: 1,
    maxLength: 4000,
    description: '开放协议条款（用途限制、安全要求、成果反馈等）',
  }),
  agreementUntil: Type.String({ maxLength: 10, description: '协议截止日期 YYYY-MM-DD（最长一年）' }),
  delivery: Type.Optional(Delivery),
})
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) })
export const OutcomeBody = Type.Object({ outcome: Type.String({ minLength: 1, maxLength: 4000 }) })

const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])
export const SandboxQueryBody = Type.Object({
  sql: Type.String({ minLength: 1, maxLength: 4000, description: '聚合查询，FROM 后写资源代码（加双引号）' }),
  epsilon: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
})
export const SandboxResultSchema = Type.Object({
  queryId: Type.String(),
  status: Type.String(),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Cell)),
  suppressedGroups: Type.Integer(),
  minGroupSize: Type.Integer(),
  noisy: Type.Boolean(),
  epsilonSpent: Type.Number(),
  epsilonBudget: Type.Number(),
  epsilonRemaining: Type.Number(),
})
