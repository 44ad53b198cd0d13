import { Tag } from 'antd'

export const GRADES = ['core', 'important', 'general_4', 'general_3', 'general_2', 'general_1'] as const
export type Grade = (typeof GRADES)[number]

export const GRADE_LABELS: Record<string, string> = {
  core: '核心数据',
  important: '重要数据',
  general_4: '一般数据4级',
  general_3: '一般数据3级',
  general_2: '一般数据2级',
  general_1: '一般数据1级',
}
const GRADE_COLORS: Record<string, string> = {
  core: 'red',
  important: 'volcano',
  general_4: 'orange',
  general_3: 'gold',
  general_2: 'blue',
  general_1: 'default',
}
export function GradeTag({ grade }: { grade: string | null | undefined }) {
  if (!grade) return <Tag>未分级</Tag>
  return <Tag color={GRADE_COLORS[grade]}>{GRADE_LABELS[grade] ?? grade}</Tag>
}

export const IMPACT_OBJECTS: Record<string, string> = {
  national_security: '国家安全',
  economy: '经济运行',
  social_order: '社会秩序',
  public_interest: '公共利益',
  organisation: '组织权益',
  individual: '个人权益',
  none: '无影响',
}
export const IMPACT_DEGREES: Record<string, string> = {
  extremely_serious: '特别严重危害',
  serious: '严重危害',
  ordinary: '一般危害',
}
export const PI_CATEGORIES: Record<string, string> = {
  biometric: '生物识别',
  religion: '宗教信仰',
  special_identity: '特定身份',
  health: '医疗健康',
  financial_account: '金融账户',
  location_tracks: '行踪轨迹',
  minor_under_14: '不满十四周岁未成年人信息',
}
export const SENSITIVE_TYPES: Record<string, string> = {
  id_number: '公民身份号码',
  credit_code: '统一社会信用代码',
  mobile: '手机号码',
  landline: '固定电话',
  bank_card: '银行卡号',
  email: '电子邮箱',
  person_name: '姓名',
  address: '地址',
  licence_plate: '机动车号牌',
  passport: '护照号码',
  ip_address: 'IP地址',
  birth_date: '出生日期',
}
export const STRATEGIES: Record<string, string> = {
  id_number: '保留前6后4',
  phone: '隐藏中间4位',
  person_name: '保留姓氏',
  address: '保留到区县',
  bank_card: '保留后4位',
  hash: 'SM3-HMAC 哈希（可关联）',
  null: '置空',
  redact: '全部遮蔽',
}
export const MASKING_MODES: Record<string, string> = {
  redact: '全部遮蔽',
  hash: '全部哈希',
  mask: '按类型脱敏',
  mask_unless_reviewed: '按类型脱敏（经审核的授权可见明文）',
  clear: '不脱敏',
}
export const SHARE_TYPES: Record<string, string> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  none: '不予共享',
}
export const OPEN_TYPES: Record<string, string> = {
  open: '无条件开放',
  conditional: '有条件开放',
  closed: '不予开放',
}
export const APPROVERS: Record<string, string> = { provider: '提供单位', bureau: '数据局' }

export const ALERT_RULES: Record<string, string> = {
  volume_spike: '调用量突增',
  off_hours_bulk: '非工作时间批量读取',
  enumeration: '疑似遍历',
  denied_burst: '拒绝调用激增',
  after_revocation: '授权失效后仍调用',
}
export const ALERT_STATUSES: Record<string, string> = {
  open: '待处置',
  acknowledged: '已确认',
  resolved: '已处置',
  dismissed: '已忽略',
}
const SEVERITY: Record<string, [string, string]> = {
  low: ['低', 'default'],
  medium: ['中', 'gold'],
  high: ['高', 'red'],
  critical: ['严重', 'magenta'],
}
export function SeverityTag({ severity }: { severity: string }) {
  const [label, color] = SEVERITY[severity] ?? [severity, 'default']
  return <Tag color={color}>{label}</Tag>
}

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }))
