import { type TObject, type TString, Type } from 'typebox'
import { AGREEMENT_CLAUSES, PLAN_FIELDS } from './plan.ts'

export const Uuid = Type.String({ format: 'uuid' })
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
export const Yuan = Type.String({
  pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$',
  description: '金额（元），最多两位小数',
})
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })

function textRecord(entries: readonly (readonly [string, string])[]): TObject<Record<string, TString>> {
  const props: Record<string, TString> = {}
  for (const [key, label] of entries)
    props[key] = Type.String({ minLength: 1, maxLength: 4000, description: label })
  return Type.Object(props, { additionalProperties: false })
}

export const PlanSchema = textRecord(PLAN_FIELDS)
export const AgreementSchema = textRecord(AGREEMENT_CLAUSES)

export const ProjectCreate = Type.Object(
  {
    name: Text(200),
    implementingOrgName: Text(200),
    mode: Type.Enum(['whole', 'domain', 'scenario'], { description: '整体授权 / 分领域授权 / 依场景授权' }),
    domain: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    scenario: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    termStart: IsoDate,
    termEnd: IsoDate,
    plan: PlanSchema,
    selectionMethod: Type.Enum(['open_tender', 'invited_tender', 'negotiation']),
    selectionRecord: Text(4000),
  },
  { additionalProperties: false },
)

export const MandateCreate = Type.Object(
  {
    operatorOrgId: Uuid,
    content: Text(2000),
    termStart: IsoDate,
    termEnd: IsoDate,
    agreementNo: Text(100),
    agreement: AgreementSchema,
    authorizerShareBp: Type.Integer({
      minimum: 0,
      maximum: 10000,
      description: '授权方收益分成（基点，1% = 100）',
    }),
    signedOn: IsoDate,
  },
  { additionalProperties: false },
)

export const AttachmentCreate = Type.Object(
  {
    name: Text(200),
    contentType: Text(200),
    content: Type.String({ minLength: 1, maxLength: 7_000_000, description: 'Base64' }),
  },
  { additionalProperties: false },
)

export const ProductCreate = Type.Object(
  {
    mandateId: Uuid,
    name: Text(200),
    kind: Type.Enum(['api', 'dataset', 'report', 'model']),
    useClass: Type.Enum(['public_interest', 'industry'], {
      description: '公共治理/公益（免费）或产业/行业发展（收费）',
    }),
    chargingUnit: Type.Enum(['item', 'call', 'time', 'volume'], {
      description: '按件数 / 次数 / 时长 / 调用量',
    }),
    unitLabel: Text(20),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    resourceInputs: Type.Array(Uuid, { maxItems: 100 }),
    productInputs: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    apiResourceId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    apiFields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { maxItems: 200 })),
    registrationNo: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
  },
  { additionalProperties: false },
)

export const PriceBody = Type.Object(
  { amount: Yuan, reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) },
  { additionalProperties: false },
)

export const ListingBody = Type.Object(
  {
    exchangeName: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
    listingNo: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
    registrationNo: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
  },
  { additionalProperties: false },
)

export const OrderCreate = Type.Object(
  {
    productId: Uuid,
    quantity: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    purpose: Text(500),
    appId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    validUntil: IsoDate,
  },
  { additionalProperties: false },
)

export const MeterBody = Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false })

export const RevenueCapCreate = Type.Object(
  {
    operatorOrgId: Uuid,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    cost: Yuan,
    subsidies: Yuan,
    bondYieldBp: Type.Integer({
      minimum: 0,
      maximum: 3000,
      description: '上年 10 年期国债平均收益率（基点）',
    }),
    profitRateBp: Type.Integer({ minimum: 0, maximum: 10000, description: '准许收益率（基点）' }),
    tax: Yuan,
    carryOver: Type.Optional(Yuan),
  },
  { additionalProperties: false },
)

export const OperatorYear = Type.Object(
  { operatorOrgId: Uuid, year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
  { additionalProperties: false },
)
