import type { OrgType, Role, Status } from './types'

export const ROLE_LABELS: Record<Role, string> = {
  bureau_admin: '数据局管理员',
  org_admin: '单位管理员',
  data_steward: '数据专员',
  reviewer: '审核员',
  auditor: '审计员',
  operator_staff: '运营机构人员',
}

export const ROLE_COLORS: Record<Role, string> = {
  bureau_admin: 'red',
  org_admin: 'volcano',
  data_steward: 'blue',
  reviewer: 'purple',
  auditor: 'gold',
  operator_staff: 'cyan',
}

export const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[]

export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  bureau: '数据管理部门/数据局',
  department: '政府部门',
  operator: '运营机构',
  other: '其他',
  enterprise: '企业',
}

export const ALL_ORG_TYPES = Object.keys(ORG_TYPE_LABELS) as OrgType[]

export const STATUS_LABELS: Record<Status, string> = {
  active: '启用',
  disabled: '停用',
}

export const roleOptions = (roles: readonly Role[] = ALL_ROLES) =>
  roles.map((value) => ({ value, label: ROLE_LABELS[value] }))

/** Enterprises come only from self-registration: forms leave the type out, filters may ask for it. */
export const orgTypeOptions = (withEnterprise = false) =>
  ALL_ORG_TYPES.filter((value) => withEnterprise || value !== 'enterprise').map((value) => ({
    value,
    label: ORG_TYPE_LABELS[value],
  }))
