import { Type } from 'typebox'

export const Uuid = Type.String({ format: 'uuid' })
export const RegionCode = Type.String({ pattern: '^[1-9][0-9]{5}$', description: 'GB/T 2260 6-digit code' })
export const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

export const Role = Type.Union([
  Type.Literal('bureau_admin'),
  Type.Literal('org_admin'),
  Type.Literal('data_steward'),
  Type.Literal('reviewer'),
  Type.Literal('auditor'),
  Type.Literal('operator_staff'),
])
export const OrgType = Type.Union([
  Type.Literal('bureau'),
  Type.Literal('department'),
  Type.Literal('operator'),
  Type.Literal('other'),
  Type.Literal('enterprise'),
])
/** Types an admin may give an org: an enterprise comes only from self-registration and the bureau's check. */
export const AdminOrgType = Type.Union([
  Type.Literal('bureau'),
  Type.Literal('department'),
  Type.Literal('operator'),
  Type.Literal('other'),
])
export const Verification = Type.Union([
  Type.Literal('pending'),
  Type.Literal('verified'),
  Type.Literal('rejected'),
])
export const Status = Type.Union([Type.Literal('active'), Type.Literal('disabled')])

export const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  parentCode: Nullable(Type.String()),
  hasChildren: Type.Boolean(),
})

export const Org = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: OrgType,
  regionCode: Type.String(),
  regionName: Type.String(),
  parentId: Nullable(Type.String()),
  parentName: Nullable(Type.String()),
  creditCode: Nullable(Type.String()),
  status: Status,
  createdAt: DateTime,
  updatedAt: DateTime,
})

/** Children repeat the same shape; declared loosely because recursive schemas trip the serializer. */
export const OrgTreeNode = Type.Object({
  ...Org.properties,
  children: Type.Array(Type.Object({}, { additionalProperties: true, description: 'OrgTreeNode' })),
})

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  orgType: OrgType,
  roles: Type.Array(Role),
  scopeRegionCode: Nullable(Type.String()),
  status: Status,
  mustChangePassword: Type.Boolean(),
  createdAt: DateTime,
  lastLoginAt: Nullable(DateTime),
})

export const App = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  clientId: Type.String(),
  status: Status,
  createdAt: DateTime,
  secretRotatedAt: Nullable(DateTime),
})

export const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$' })
export const Password = Type.String({ minLength: 1, maxLength: 200 })
export const OrgName = Type.String({ minLength: 2, maxLength: 100 })
export const Search = Type.String({ minLength: 1, maxLength: 100 })

export const Enterprise = Type.Object({
  orgId: Uuid,
  name: Type.String(),
  creditCode: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Status,
  contactName: Type.String(),
  contactMobile: Type.String(),
  /** Username of the first org admin, created with the signup. */
  username: Nullable(Type.String()),
  verification: Verification,
  rejectReason: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  createdAt: DateTime,
})
