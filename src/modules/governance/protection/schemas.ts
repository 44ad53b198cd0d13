/** Route schemas of protection: grading, grade policy, discovery, masking preview, alerts and notifications. */
import { type TSchema, Type } from 'typebox'
import { GRADE_MASKINGS, GRADES, MASK_STRATEGIES, SENSITIVE_TYPES } from '../../../platform/masking/index.ts'
import { IMPACT_DEGREES, IMPACT_OBJECTS, PI_CATEGORIES } from './matrix.ts'

export const Uuid = Type.String({ format: 'uuid' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
export const IdParams = Type.Object({ id: Uuid })

export const Grade = Type.Enum([...GRADES], {
  description: '级别：core 核心、important 重要、general_4…general_1 一般4–1级',
})
export const ImpactObject = Type.Enum([...IMPACT_OBJECTS], { description: '影响对象' })
export const ImpactDegree = Type.Enum([...IMPACT_DEGREES], { description: '影响程度' })
export const PiCategory = Type.Enum([...PI_CATEGORIES], {
  description: '敏感个人信息类别（个人信息保护法第28条）',
})
export const SensitiveType = Type.Enum([...SENSITIVE_TYPES])
const Text = (max: number) => Type.String({ maxLength: max })

const Decision = {
  impactObject: ImpactObject,
  impactDegree: ImpactDegree,
  grade: Type.Optional(Grade),
  basis: Type.Optional(Text(2000)),
  piCategories: Type.Optional(Type.Array(PiCategory, { maxItems: PI_CATEGORIES.length, uniqueItems: true })),
}

export const GradingBody = Type.Object(
  {
    categoryPath: Type.String({
      minLength: 1,
      maxLength: 200,
      description: '分类路径，如 公共管理/人口/户籍',
    }),
    ...Decision,
    derivedFrom: Type.Optional(
      Type.Array(Uuid, { maxItems: 100, uniqueItems: true, description: '汇聚或衍生数据的来源资源' }),
    ),
    reviewed: Type.Optional(Type.Boolean({ description: '数据局审核确认（可低于来源最高级别）' })),
    fields: Type.Optional(
      Type.Array(
        Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 100 }), ...Decision },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
  },
  { additionalProperties: false },
)

export const GradingRow = Type.Object({
  resourceId: Uuid,
  fieldCode: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  orgId: Uuid,
  regionCode: Type.String(),
  categoryPath: Type.String(),
  grade: Grade,
  impactObject: Type.String(),
  impactDegree: Type.String(),
  basis: Type.String(),
  sensitivePi: Type.Boolean(),
  piCategories: Type.Array(Type.String()),
  derivedFrom: Type.Array(Type.String()),
  reviewed: Type.Boolean(),
  gradedBy: Nullable(Type.String()),
  reviewerId: Nullable(Type.String()),
  reviewerName: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
})

export const GradePolicy = Type.Object({
  grade: Grade,
  shareTypes: Type.Array(Type.String()),
  openTypes: Type.Array(Type.String()),
  masking: Type.Enum([...GRADE_MASKINGS]),
  approvers: Type.Array(Type.String()),
  updatedBy: Nullable(Type.String()),
  updatedAt: Type.String(),
})

export const GradePolicyBody = Type.Object(
  {
    shareTypes: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 3, uniqueItems: true }),
    openTypes: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 3, uniqueItems: true }),
    masking: Type.Enum([...GRADE_MASKINGS]),
    approvers: Type.Array(Type.Enum(['provider', 'bureau']), { maxItems: 2, uniqueItems: true }),
  },
  { additionalProperties: false },
)

export const GradingView = Type.Object({
  resource: Type.Object({
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    orgId: Uuid,
    regionCode: Type.String(),
    status: Type.String(),
    shareType: Type.String(),
    openType: Type.String(),
    mountStatus: Type.String(),
  }),
  decision: Nullable(GradingRow),
  effectiveGrade: Nullable(Grade),
  fields: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      dataType: Type.String(),
      grade: Nullable(Type.String()),
      decision: Nullable(GradingRow),
      sensitiveType: Nullable(Type.String()),
      confirmed: Type.Boolean(),
    }),
  ),
  inputs: Type.Array(Type.Object({ id: Type.String(), grade: Nullable(Grade) })),
  policy: Nullable(GradePolicy),
  issues: Type.Array(Type.String()),
  canEdit: Type.Boolean(),
  canReview: Type.Boolean(),
})

export const Proposal = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: Nullable(SensitiveType),
  confidence: Type.Number(),
  byName: Nullable(Type.String()),
  byValues: Nullable(Type.String()),
  valueShare: Type.Number(),
  sampled: Type.Integer(),
  suggestedGrade: Nullable(Grade),
  piCategory: Nullable(Type.String()),
})

export const DiscoveryRun = Type.Object({
  id: Uuid,
  resourceId: Uuid,
  sampledRows: Type.Integer(),
  proposals: Type.Array(Proposal),
  createdAt: Type.String(),
  confirmedAt: Nullable(Type.String()),
})

export const ConfirmBody = Type.Object(
  {
    fields: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 100 }),
          type: Nullable(SensitiveType),
          grade: Nullable(Grade),
          piCategories: Type.Optional(
            Type.Array(PiCategory, { maxItems: PI_CATEGORIES.length, uniqueItems: true }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
)

const Strategy = Nullable(Type.Enum([...MASK_STRATEGIES]))

export const MaskingPreview = Type.Object({
  resourceId: Uuid,
  sampledRows: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      grade: Nullable(Type.String()),
      mode: Type.String(),
      sensitiveType: Nullable(Type.String()),
      confirmed: Type.Boolean(),
      unreviewed: Strategy,
      reviewed: Strategy,
    }),
  ),
  /** Rows as a consumer without a reviewed grant sees them. */
  rows: Type.Array(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  ),
})

export const Alert = Type.Object({
  id: Uuid,
  rule: Type.String(),
  severity: Type.String(),
  status: Type.String(),
  fingerprint: Type.String(),
  appId: Nullable(Type.String()),
  grantId: Nullable(Type.String()),
  resourceId: Nullable(Type.String()),
  consumerOrgId: Nullable(Type.String()),
  consumerRegionCode: Nullable(Type.String()),
  providerOrgId: Nullable(Type.String()),
  providerRegionCode: Nullable(Type.String()),
  windowStart: Type.String(),
  windowEnd: Type.String(),
  summary: Type.String(),
  details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
  actions: Type.Array(Type.String()),
  handledBy: Nullable(Type.String()),
  handledAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
  canAct: Type.Boolean(),
})

export const AlertDetail = Type.Intersect([
  Alert,
  Type.Object({
    grants: Type.Array(
      Type.Object({
        id: Type.String(),
        resourceId: Type.String(),
        resourceCode: Type.String(),
        providerOrgId: Type.String(),
        status: Type.String(),
        validUntil: Type.String(),
      }),
    ),
  }),
])

export const AlertActionBody = Type.Object(
  {
    action: Type.Enum(['acknowledge', 'resolve', 'dismiss', 'suspend_app', 'revoke_grant']),
    grantId: Type.Optional(Uuid),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
)

export const Notification = Type.Object({
  id: Uuid,
  orgId: Uuid,
  alertId: Nullable(Type.String()),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
})
