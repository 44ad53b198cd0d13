import { Type } from 'typebox'
import {
  CATEGORIES,
  FIELD_DATA_TYPES,
  FIELD_GRADES,
  FORMATS,
  OPEN_TYPES,
  RESOURCE_STATUSES,
  SHARE_TYPES,
  type Term,
  UPDATE_FREQUENCIES,
} from './vocabulary.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

function codes<const C extends string>(terms: readonly Term<C>[]): [C, ...C[]] {
  return terms.map((t) => t.code) as [C, ...C[]]
}

function describe(terms: readonly Term<string>[]): string {
  return terms.map((t) => `${t.code} = ${t.zh}`).join('; ')
}

export const Category = Type.Enum(codes(CATEGORIES), { description: describe(CATEGORIES) })
export const Format = Type.Enum(codes(FORMATS), { description: describe(FORMATS) })
export const ShareType = Type.Enum(codes(SHARE_TYPES), { description: describe(SHARE_TYPES) })
export const OpenType = Type.Enum(codes(OPEN_TYPES), { description: describe(OPEN_TYPES) })
export const UpdateFrequency = Type.Enum(codes(UPDATE_FREQUENCIES), {
  description: describe(UPDATE_FREQUENCIES),
})
export const FieldDataType = Type.Enum(codes(FIELD_DATA_TYPES), { description: describe(FIELD_DATA_TYPES) })
export const FieldGrade = Type.Enum(codes(FIELD_GRADES), { description: describe(FIELD_GRADES) })
export const ResourceStatus = Type.Enum(codes(RESOURCE_STATUSES), {
  description: describe(RESOURCE_STATUSES),
})
export const MountStatus = Type.Enum(['unmounted', 'mounted', 'error'])

const Uuid = Type.String({ format: 'uuid' })
const DateTime = Type.String({ format: 'date-time' })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Text = (max: number) => Type.String({ maxLength: max })

export const Field = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  name: Type.String(),
  code: Type.String(),
  dataType: FieldDataType,
  length: Nullable(Type.Integer()),
  description: Type.String(),
  isKey: Type.Boolean(),
  grade: Nullable(FieldGrade),
  elementCode: Nullable(Type.String()),
  authoritative: Type.Boolean(),
})

const resourceProperties = {
  id: Uuid,
  code: Type.String({ description: '资源代码 类+项+目+细目/顺序码' }),
  name: Type.String(),
  summary: Type.String(),
  category: Category,
  classCode: Type.String(),
  className: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  orgCreditCode: Nullable(Type.String()),
  regionCode: Type.String(),
  format: Format,
  shareType: ShareType,
  shareCondition: Nullable(Type.String()),
  shareMethod: Nullable(Type.String()),
  openType: OpenType,
  openCondition: Nullable(Type.String()),
  operable: Type.Boolean(),
  updateFrequency: UpdateFrequency,
  publishDate: Nullable(Type.String()),
  relatedCodes: Type.Array(Type.String()),
  sourceOrgId: Nullable(Type.String()),
  sourceOrgName: Nullable(Type.String()),
  status: ResourceStatus,
  returnReason: Nullable(Type.String()),
  version: Type.Integer(),
  mountStatus: MountStatus,
  lastDataUpdateAt: Nullable(DateTime),
  fieldCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  submittedAt: Nullable(DateTime),
  publishedAt: Nullable(DateTime),
}

export const Resource = Type.Object(resourceProperties)
export const ResourceDetail = Type.Object({ ...resourceProperties, fields: Type.Array(Field) })

export const FieldInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    code: Type.String({ minLength: 1, maxLength: 63 }),
    dataType: FieldDataType,
    length: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    description: Type.Optional(Text(500)),
    isKey: Type.Optional(Type.Boolean()),
    elementCode: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    authoritative: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.Optional(Text(2000)),
  category: Category,
  classCode: Type.String({ minLength: 6, maxLength: 20, pattern: '^[1-3][0-9]{5}[0-9]*$' }),
  className: Type.Optional(Text(200)),
  format: Format,
  shareType: ShareType,
  shareCondition: Type.Optional(Nullable(Text(1000))),
  shareMethod: Type.Optional(Nullable(Text(200))),
  openType: OpenType,
  openCondition: Type.Optional(Nullable(Text(1000))),
  operable: Type.Optional(Type.Boolean()),
  updateFrequency: UpdateFrequency,
  publishDate: Type.Optional(Nullable(Day)),
  relatedCodes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
  sourceOrgId: Type.Optional(Nullable(Uuid)),
  fields: Type.Optional(Type.Array(FieldInput, { maxItems: 2000 })),
}

export const ResourceCreate = Type.Object(
  { ...editable, orgId: Type.Optional(Uuid), code: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
)

export const ResourcePatch = Type.Partial(Type.Object(editable, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
})
