/** HTTP shapes of share requests, grants, statistics and channels (TypeBox; types derived with Static). */
import { type Static, type TSchema, Type } from 'typebox'

export const Uuid = Type.String({ format: 'uuid' })
export const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: '日期 YYYY-MM-DD（北京时间）',
})
export const RegionCode = Type.String({ pattern: '^[1-9][0-9]{5}$', description: '行政区划代码' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const FieldCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' })
export const Reason = Type.String({ minLength: 2, maxLength: 1000 })

export const DeliveryMode = Type.Enum(['api', 'batch', 'file'], {
  description: 'api = 接口调用，batch = 库表批量交换，file = 文件下载',
})
export const RequestStatus = Type.Enum(['pending', 'approved', 'rejected', 'withdrawn', 'disputed'], {
  description:
    'pending 待审核，approved 已同意，rejected 不同意，withdrawn 已撤回，disputed 申诉中（待数据局裁决）',
})
export const RowScope = Type.Object(
  {
    field: FieldCode,
    regionCode: RegionCode,
  },
  {
    additionalProperties: false,
    description: '行级范围：仅共享 field 所含区划代码位于 regionCode 之内的记录',
  },
)

export const ShareRequestCreate = Type.Object(
  {
    resourceId: Uuid,
    appId: Type.String({ format: 'uuid', description: '申请单位的 API 应用' }),
    fields: Type.Array(FieldCode, { minItems: 1, maxItems: 500, description: '申请的信息项代码' }),
    purpose: Type.String({ minLength: 2, maxLength: 500, description: '用途' }),
    scenario: Type.String({
      minLength: 2,
      maxLength: 200,
      description: '应用场景，如 高效办成一件事·新生儿出生',
    }),
    legalBasis: Type.String({ minLength: 2, maxLength: 500, description: '依据（法律法规、政策文件）' }),
    deliveryMode: DeliveryMode,
    periodStart: DateString,
    periodEnd: DateString,
    rowScope: Type.Optional(Nullable(RowScope)),
  },
  { additionalProperties: false },
)
export type ShareRequestCreate = Static<typeof ShareRequestCreate>

export const ApproveBody = Type.Object(
  {
    fields: Type.Optional(
      Type.Array(FieldCode, { minItems: 1, maxItems: 500, description: '同意的信息项（可少于申请）' }),
    ),
    periodEnd: Type.Optional(DateString),
    quotaPerDay: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000_000, description: '每日调用上限' }),
    ),
    ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: '每秒调用上限' })),
    note: Type.Optional(Type.String({ maxLength: 1000, description: '审核意见' })),
  },
  { additionalProperties: false },
)
export type ApproveBody = Static<typeof ApproveBody>

export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false })

export const ArbitrateBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'reject'], {
      description: 'approve 裁决同意（按申请授权），reject 维持不同意',
    }),
    reason: Reason,
  },
  { additionalProperties: false },
)
export type ArbitrateBody = Static<typeof ArbitrateBody>

export const ShareRequest = Type.Object({
  id: Type.String(),
  status: RequestStatus,
  shareType: Type.Enum(['unconditional', 'conditional']),
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerOrgId: Type.String(),
  providerOrgName: Type.String(),
  providerRegionCode: Type.String(),
  consumerOrgId: Type.String(),
  consumerOrgName: Type.String(),
  consumerRegionCode: Type.String(),
  appId: Type.String(),
  appName: Type.String(),
  fields: Type.Array(Type.String()),
  purpose: Type.String(),
  scenario: Type.String(),
  legalBasis: Type.String(),
  deliveryMode: DeliveryMode,
  periodStart: Type.String(),
  periodEnd: Type.String(),
  rowScope: Nullable(Type.Object({ field: Type.String(), regionCode: Type.String() })),
  createdOn: Type.String(),
  replyDue: Nullable(Type.String({ description: '答复期限（最后一个工作日）' })),
  workingDaysLeft: Nullable(
    Type.Integer({ description: '距答复期限的工作日数：0 为今日到期，负数为已超期（仅待审核）' }),
  ),
  overdue: Type.Boolean({ description: '待审核且已过答复期限' }),
  escalatedAt: Nullable(Type.String()),
  deliveryDue: Nullable(Type.String({ description: '交付期限（最后一个工作日）' })),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  decisionWorkingDays: Nullable(Type.Integer()),
  decidedOnTime: Nullable(Type.Boolean()),
  approvedFields: Nullable(Type.Array(Type.String())),
  approvedPeriodEnd: Nullable(Type.String()),
  quotaPerDay: Nullable(Type.Integer()),
  ratePerSecond: Nullable(Type.Integer()),
  disputeReason: Nullable(Type.String()),
  disputedAt: Nullable(Type.String()),
  arbitrationDecision: Nullable(Type.Enum(['approve', 'reject'])),
  arbitrationReason: Nullable(Type.String()),
  arbitratedAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  grantId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type ShareRequest = Static<typeof ShareRequest>

export const HistoryEntry = Type.Object({
  at: Type.String(),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
})

export const RequestAction = Type.Enum(['approve', 'reject', 'withdraw', 'dispute', 'arbitrate'])
export type RequestAction = Static<typeof RequestAction>

export const ShareRequestDetail = Type.Object({
  ...ShareRequest.properties,
  history: Type.Array(HistoryEntry),
  resourceFields: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: '资源当前的信息项（代码与名称）',
  }),
  actions: Type.Array(RequestAction, { description: '当前用户可执行的操作' }),
})
export type ShareRequestDetail = Static<typeof ShareRequestDetail>

export const GrantStatusView = Type.Enum(['active', 'suspended', 'revoked', 'expired'], {
  description: 'expired = 已过有效期（valid_until 已过且未撤销）',
})

export const Grant = Type.Object({
  id: Type.String(),
  requestId: Nullable(Type.String()),
  appId: Type.String(),
  appName: Type.String(),
  consumerOrgId: Type.String(),
  consumerOrgName: Type.String(),
  consumerRegionCode: Type.String(),
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerOrgId: Type.String(),
  providerOrgName: Type.String(),
  providerRegionCode: Type.String(),
  fields: Type.Array(Type.String()),
  purpose: Type.String(),
  scenario: Nullable(Type.String()),
  deliveryMode: DeliveryMode,
  validFrom: Type.String(),
  validUntil: Type.String(),
  rowScope: Nullable(Type.Object({ field: Type.String(), regionCode: Type.String() })),
  quotaPerDay: Nullable(Type.Integer()),
  ratePerSecond: Nullable(Type.Integer()),
  status: GrantStatusView,
  statusReason: Nullable(Type.String()),
  statusChangedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  actions: Type.Array(Type.Enum(['suspend', 'resume', 'revoke']), { description: '当前用户可执行的操作' }),
})
export type Grant = Static<typeof Grant>
