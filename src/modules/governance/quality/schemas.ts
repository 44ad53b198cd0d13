/** HTTP shapes of quality rules, audit runs, scoreboard and rectification tickets (TypeBox). */
import { type TSchema, Type } from 'typebox'
import { DIMENSIONS, RULE_TYPES } from './rule-types.ts'

export const Uuid = Type.String({ format: 'uuid' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const FieldCode = Type.String({ minLength: 1, maxLength: 64 })
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })

export const RuleTypeSchema = Type.Enum([...RULE_TYPES], {
  description:
    'not_null 非空，unique 唯一（可多字段组合），pattern 正则，enumeration 枚举/代码表，region_code 行政区划代码，range 数值范围，length 长度，id_number 公民身份号码，credit_code 统一社会信用代码，mobile 手机，landline 固话，email 邮箱，date 日期有效，referential 引用存在，consistency 与权威来源一致，timeliness 更新及时',
})
export const DimensionSchema = Type.Enum([...DIMENSIONS])

export const RuleParamsSchema = Type.Object(
  {
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    values: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 5000 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    notFuture: Type.Optional(Type.Boolean()),
    refResourceId: Type.Optional(Uuid),
    refField: Type.Optional(FieldCode),
    refValueField: Type.Optional(FieldCode),
  },
  { additionalProperties: false },
)

const Threshold = Type.Number({
  minimum: 0,
  maximum: 1,
  description: '允许的失败比例（0–1），超过即生成整改工单',
})

export const RuleCreate = Type.Object(
  {
    type: RuleTypeSchema,
    fields: Type.Array(FieldCode, { maxItems: 8 }),
    params: Type.Optional(RuleParamsSchema),
    threshold: Type.Optional(Threshold),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
    origin: Type.Optional(Type.Enum(['manual', 'suggested'])),
  },
  { additionalProperties: false },
)

export const RulePatch = Type.Object(
  {
    type: Type.Optional(RuleTypeSchema),
    fields: Type.Optional(Type.Array(FieldCode, { maxItems: 8 })),
    params: Type.Optional(RuleParamsSchema),
    threshold: Type.Optional(Threshold),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const Rule = Type.Object({
  id: Uuid,
  resourceId: Uuid,
  type: RuleTypeSchema,
  dimension: Type.String(),
  fields: Type.Array(Type.String()),
  params: RuleParamsSchema,
  threshold: Type.Number(),
  name: Type.String(),
  enabled: Type.Boolean(),
  origin: Type.String(),
  updatedAt: Type.String(),
})

export const Suggestion = Type.Object({
  type: RuleTypeSchema,
  fields: Type.Array(Type.String()),
  params: RuleParamsSchema,
  threshold: Type.Number(),
  name: Type.String(),
  reason: Type.String(),
})

const Scores = Type.Record(Type.String(), Type.Number())

export const Run = Type.Object({
  id: Uuid,
  resourceId: Uuid,
  resourceName: Type.String(),
  trigger: Type.String(),
  status: Type.String(),
  rowCount: Nullable(Type.Integer()),
  scores: Scores,
  score: Nullable(Type.Number()),
  error: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
})

export const RunDetail = Type.Intersect([
  Run,
  Type.Object({
    results: Type.Array(
      Type.Object({
        ruleId: Uuid,
        type: Type.String(),
        dimension: Type.String(),
        fields: Type.Array(Type.String()),
        name: Type.String(),
        threshold: Type.Number(),
        evaluated: Type.Boolean(),
        checked: Type.Integer(),
        failed: Type.Integer(),
        failRate: Type.Number(),
        breached: Type.Boolean(),
        note: Nullable(Type.String()),
        samples: Type.Array(Type.Record(Type.String(), Nullable(Type.String()))),
        ticket: Nullable(Type.Object({ id: Uuid, status: Type.String(), dueDate: Type.String() })),
      }),
    ),
  }),
])

export const ScoreboardSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      resources: Type.Integer(),
      score: Nullable(Type.Number()),
      scores: Scores,
      openTickets: Type.Integer(),
      lastRunAt: Nullable(Type.String()),
    }),
  ),
  trend: Type.Array(Type.Object({ date: Type.String(), score: Type.Number(), runs: Type.Integer() })),
})

export const TicketStatusSchema = Type.Enum(['open', 'rechecking', 'disputed', 'closed'], {
  description: 'open 待整改，rechecking 已整改待复核，disputed 有异议待数据局裁决，closed 已办结',
})

export const Ticket = Type.Object({
  id: Uuid,
  resourceId: Uuid,
  resourceName: Type.String(),
  providerOrgId: Uuid,
  providerOrgName: Nullable(Type.String()),
  reporterOrgId: Nullable(Uuid),
  reporterOrgName: Nullable(Type.String()),
  source: Type.Enum(['audit', 'report']),
  ruleId: Nullable(Uuid),
  runId: Nullable(Uuid),
  recordKey: Nullable(Type.String()),
  fieldCode: Nullable(Type.String()),
  description: Type.String(),
  status: TicketStatusSchema,
  resolution: Nullable(Type.String()),
  dueDate: Type.String(),
  workingDaysLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  escalatedAt: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
})

export const TicketDetail = Type.Intersect([
  Ticket,
  Type.Object({
    events: Type.Array(
      Type.Object({
        at: Type.String(),
        action: Type.String(),
        fromStatus: Nullable(Type.String()),
        toStatus: Type.String(),
        actorName: Nullable(Type.String()),
        note: Nullable(Type.String()),
      }),
    ),
    actions: Type.Array(Type.String()),
  }),
])

export const ReportBody = Type.Object(
  {
    resourceId: Uuid,
    recordKey: Type.Optional(Type.String({ maxLength: 200 })),
    fieldCode: Type.Optional(FieldCode),
    description: Text(2000),
  },
  { additionalProperties: false },
)

export const AnswerBody = Type.Object(
  {
    outcome: Type.Enum(['fixed', 'explained', 'disputed'], {
      description: 'fixed 已整改（触发复核），explained 已说明（办结），disputed 有异议（提交数据局裁决）',
    }),
    note: Text(2000),
  },
  { additionalProperties: false },
)

export const NoteBody = Type.Object({ note: Text(2000) }, { additionalProperties: false })
export const OptionalNoteBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)
export const ArbitrateBody = Type.Object(
  {
    decision: Type.Enum(['uphold', 'dismiss'], {
      description: 'uphold 维持整改要求（重新计时），dismiss 驳回（办结）',
    }),
    note: Text(2000),
  },
  { additionalProperties: false },
)

export const TicketStats = Type.Object({
  items: Type.Array(
    Type.Object({
      orgId: Uuid,
      orgName: Nullable(Type.String()),
      total: Type.Integer(),
      open: Type.Integer(),
      rechecking: Type.Integer(),
      disputed: Type.Integer(),
      closed: Type.Integer(),
      overdue: Type.Integer(),
      escalated: Type.Integer(),
      fixed: Type.Integer(),
      answeredOnTime: Type.Integer(),
    }),
  ),
})
