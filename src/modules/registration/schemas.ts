/** HTTP shapes of registrations, objections, certificates and keys (TypeBox; types derived with Static). */
import { type Static, type TSchema, Type } from 'typebox'
import { PageQuery } from '../../platform/http/index.ts'
import { KINDS, STATUSES } from './tables.ts'

export const Uuid = Type.String({ format: 'uuid' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: '日期 YYYY-MM-DD（北京时间）',
})
export const Reason = Type.String({ minLength: 2, maxLength: 1000 })

/** The seven materials of an initial registration (measures art. 9). */
export const MATERIALS = [
  ['registrantInfo', '登记主体信息'],
  ['dataSource', '数据来源合法性说明'],
  ['resourceDescription', '数据资源描述'],
  ['evidenceRecord', '存证记录'],
  ['productInfo', '产品和服务信息'],
  ['applicationScenarios', '应用场景'],
  ['securityAssessment', '数据安全风险评估'],
] as const
export type MaterialCode = (typeof MATERIALS)[number][0]
export const MATERIAL_CODES: readonly MaterialCode[] = MATERIALS.map(([c]) => c)

export const Kind = Type.Enum([...KINDS], {
  description: 'initial 首次，change 变更，correction 更正，cancellation 注销，renewal 续展',
})
export const Status = Type.Enum([...STATUSES], {
  description:
    'draft 草稿，submitted 已提交，supplement_required 待补正，not_accepted 不予受理，under_review 形式审核中，public_notice 公示中，objection_review 异议复核，terminated 终止，valid 有效（已赋码），expired 到期，cancelled 已注销，revoked 已撤销，completed 已办结（变更/更正/续展/注销申请），withdrawn 已撤回',
})
export const Algorithm = Type.Enum(['SM2', 'Ed25519'])

const MaterialText = Type.Optional(Type.String({ maxLength: 10000 }))
const Materials = Type.Object(
  {
    registrantInfo: MaterialText,
    dataSource: MaterialText,
    resourceDescription: MaterialText,
    evidenceRecord: MaterialText,
    productInfo: MaterialText,
    applicationScenarios: MaterialText,
    securityAssessment: MaterialText,
  },
  { additionalProperties: false, description: '登记材料（文字部分），键为材料代码' },
)

const Links = {
  catalogResourceIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  operationProductIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
}

export const RegistrationCreate = Type.Object(
  {
    kind: Kind,
    targetId: Type.Optional(Uuid),
    dataName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    materials: Type.Optional(Materials),
    ...Links,
    operationStartedOn: Type.Optional(Nullable(DateString)),
    mandateEndsOn: Type.Optional(Nullable(DateString)),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: '变更/更正/注销的事由' })),
  },
  { additionalProperties: false },
)
export type RegistrationCreate = Static<typeof RegistrationCreate>

export const RegistrationPatch = Type.Object(
  {
    dataName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    materials: Type.Optional(Materials),
    ...Links,
    operationStartedOn: Type.Optional(Nullable(DateString)),
    mandateEndsOn: Type.Optional(Nullable(DateString)),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export type RegistrationPatch = Static<typeof RegistrationPatch>

export const Gap = Type.Object(
  {
    material: Type.String({ minLength: 1, maxLength: 64 }),
    note: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { additionalProperties: false },
)
export const SupplementBody = Type.Object(
  { gaps: Type.Array(Gap, { minItems: 1, maxItems: 30, description: '一次性告知的全部补正事项' }) },
  { additionalProperties: false },
)
export type SupplementBody = Static<typeof SupplementBody>
export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false })
export const OptionalNote = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
)
export const ObjectionDecision = Type.Object(
  { decision: Type.Enum(['uphold', 'dismiss']), reason: Reason },
  { additionalProperties: false },
)

export const AttachmentUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.String({ minLength: 3, maxLength: 100 }),
    contentBase64: Type.String({ minLength: 1, maxLength: 2_800_000 }),
  },
  { additionalProperties: false },
)
export type AttachmentUpload = Static<typeof AttachmentUpload>

export const MaterialUpload = Type.Object(
  { material: Type.Enum([...MATERIAL_CODES, 'other']), ...AttachmentUpload.properties },
  { additionalProperties: false },
)
export type MaterialUpload = Static<typeof MaterialUpload>

export const ObjectionCreate = Type.Object(
  {
    realName: Type.String({ minLength: 2, maxLength: 50, description: '实名' }),
    contact: Type.String({ minLength: 5, maxLength: 100, description: '联系方式（电话或邮箱）' }),
    content: Type.String({ minLength: 10, maxLength: 5000, description: '异议内容与理由' }),
    attachments: Type.Optional(Type.Array(AttachmentUpload, { maxItems: 3, description: '证据材料' })),
  },
  { additionalProperties: false },
)
export type ObjectionCreate = Static<typeof ObjectionCreate>

export const ListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    box: Type.Optional(
      Type.Enum(['mine', 'inbox', 'region'], {
        description: 'mine 本单位的登记（默认），inbox 本登记机构待办，region 数据局辖区内全部',
      }),
    ),
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    sort: Type.Optional(Type.Enum(['created', 'due', 'updated'])),
  }),
])
export type ListQuery = Static<typeof ListQuery>

export const Attachment = Type.Object({
  id: Type.String(),
  material: Nullable(Type.String()),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sm3: Type.String(),
  createdAt: Type.String(),
})

export const Registration = Type.Object({
  id: Type.String(),
  kind: Kind,
  targetId: Nullable(Type.String()),
  targetNumber: Nullable(Type.String()),
  status: Status,
  registrantOrgId: Type.String(),
  registrantName: Type.String(),
  applicantOrgId: Type.String(),
  applicantName: Type.String(),
  bodyOrgId: Type.String(),
  bodyName: Type.String(),
  bodyRegionCode: Type.String(),
  dataName: Type.String(),
  summary: Type.String(),
  number: Nullable(Type.String()),
  catalogResourceIds: Type.Array(Type.String()),
  operationProductIds: Type.Array(Type.String()),
  operationStartedOn: Nullable(Type.String()),
  initialDue: Nullable(Type.String()),
  mandateEndsOn: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  submittedOn: Nullable(Type.String()),
  acceptDue: Nullable(Type.String()),
  reviewDue: Nullable(Type.String()),
  noticeStartsOn: Nullable(Type.String()),
  noticeDue: Nullable(Type.String()),
  cancelDue: Nullable(Type.String()),
  currentDue: Nullable(Type.String({ description: '当前环节的期限（最后一个工作日）' })),
  workingDaysLeft: Nullable(Type.Integer({ description: '距当前期限的工作日数，负数为已超期' })),
  overdue: Type.Boolean(),
  issuedAt: Nullable(Type.String()),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  renewalOpen: Type.Boolean({ description: '是否处于续展期' }),
  statusReason: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type Registration = Static<typeof Registration>

export const HistoryEntry = Type.Object({
  at: Type.String(),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
})

export const Evidence = Type.Object({
  catalogResourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  takenAt: Type.String(),
  rowCount: Type.Integer(),
  dataDigest: Type.String(),
  metadataDigest: Type.String(),
  digest: Type.String(),
})

export const ObjectionView = Type.Object({
  id: Type.String(),
  realName: Type.String(),
  contact: Type.String(),
  content: Type.String(),
  status: Type.Enum(['pending', 'upheld', 'dismissed']),
  decisionReason: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  attachments: Type.Array(Attachment),
})

export const Action = Type.Enum([
  'edit',
  'submit',
  'withdraw',
  'request_supplement',
  'accept',
  'refuse',
  'approve',
  'reject',
  'revoke',
  'decide_objection',
])
export type Action = Static<typeof Action>

export const RegistrationDetail = Type.Object({
  ...Registration.properties,
  materials: Type.Record(Type.String(), Type.String()),
  materialChecklist: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      provided: Type.Boolean(),
      required: Type.Boolean(),
    }),
  ),
  supplementGaps: Nullable(Type.Array(Type.Object({ material: Type.String(), note: Type.String() }))),
  attachments: Type.Array(Attachment),
  evidence: Type.Array(Evidence),
  objections: Type.Array(ObjectionView),
  certificateVersion: Nullable(Type.Integer()),
  history: Type.Array(HistoryEntry),
  actions: Type.Array(Action),
})
export type RegistrationDetail = Static<typeof RegistrationDetail>

export const PublicNotice = Type.Object({
  id: Type.String(),
  registrantName: Type.String(),
  kind: Kind,
  dataName: Type.String(),
  summary: Type.String(),
  noticeStartsOn: Nullable(Type.String()),
  noticeDue: Nullable(Type.String()),
})

export const PublicKey = Type.Object({
  keyId: Type.String(),
  algorithm: Algorithm,
  publicKey: Type.String(),
  bodyOrgId: Type.String(),
  bodyName: Type.String(),
  bodyRegionCode: Type.String(),
  status: Type.Enum(['active', 'retired']),
  createdAt: Type.String(),
  retiredAt: Nullable(Type.String()),
})

export const VerifyBody = Type.Object(
  {
    certificate: Type.Optional(Type.Unknown({ description: '证书 JSON（含 certificate 与 signature）' })),
    qr: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: '二维码内容或登记编号' })),
  },
  { additionalProperties: false },
)

export const VerifyResult = Type.Object({
  result: Type.Enum(['valid', 'expired', 'cancelled', 'revoked', 'tampered', 'unknown_signer', 'unknown']),
  number: Nullable(Type.String()),
  status: Nullable(Type.String()),
  dataName: Nullable(Type.String()),
  registrantName: Nullable(Type.String()),
  bodyName: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  keyId: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
  current: Nullable(Type.Boolean({ description: '是否为该登记的最新证书版本' })),
  checkedAt: Type.String(),
})
export type VerifyResult = Static<typeof VerifyResult>
