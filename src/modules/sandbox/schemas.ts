import { Type } from 'typebox'

const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

export const QueryCreate = Type.Object(
  {
    scopeId: Type.String({ format: 'uuid' }),
    sql: Type.String({
      minLength: 1,
      maxLength: 4000,
      description: '聚合查询语句（SELECT 聚合 FROM "资源代码" WHERE … GROUP BY …）',
    }),
    epsilon: Type.Optional(
      Type.Number({
        minimum: 0.01,
        maximum: 1000,
        description:
          '本次查询花费的隐私预算 ε；不填则返回精确值（受差分检查约束）。加噪时 sum/avg 须写 CLAMPED BETWEEN 截断边界，不支持 min/max',
      }),
    ),
  },
  { additionalProperties: false },
)

export const ResultSchema = Type.Object({
  queryId: Type.String(),
  status: Type.Enum(['done', 'pending']),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Cell)),
  suppressedGroups: Type.Integer(),
  minGroupSize: Type.Integer(),
  noisy: Type.Boolean(),
  epsilonSpent: Type.Number(),
  epsilonBudget: Type.Number(),
  epsilonRemaining: Type.Number(),
})

export const ScopeView = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['operation_project', 'open_application']),
  label: Type.String(),
  status: Type.Enum(['active', 'closed']),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  requiresApproval: Type.Boolean(),
  role: Type.Enum(['member', 'approver']),
  epsilonBudget: Type.Number(),
  epsilonSpent: Type.Number(),
  epsilonRemaining: Type.Number(),
  minGroupSize: Type.Integer(),
  resources: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      source: Type.Enum(['hosted', 'external', 'http', 'unmounted'], {
        description:
          'hosted 平台托管，external 挂载的外部 PostgreSQL 数据表（在该库上计算，仅聚合结果返回），http 挂载的 HTTP 接口（不可计算），unmounted 未挂载',
      }),
      usable: Type.Boolean({ description: '沙箱能否在该资源上计算（hosted 或 external）' }),
      fields: Type.Array(
        Type.Object({
          code: Type.String(),
          name: Type.String(),
          dataType: Type.String(),
          isKey: Type.Boolean(),
        }),
      ),
    }),
  ),
})

export const QueryView = Type.Object({
  id: Type.String(),
  actorKind: Type.Enum(['user', 'developer']),
  actorName: Type.String(),
  sqlText: Type.String(),
  epsilon: Type.Union([Type.Number(), Type.Null()]),
  status: Type.Enum(['done', 'refused', 'pending', 'rejected']),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  rowCount: Type.Union([Type.Integer(), Type.Null()]),
  suppressedGroups: Type.Union([Type.Integer(), Type.Null()]),
  result: Type.Unknown(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
})
