import type { Dimension, RuleType, TicketStatus } from './types'

export const RULE_LABELS: Record<RuleType, string> = {
  not_null: '非空',
  unique: '唯一',
  pattern: '格式（正则）',
  enumeration: '枚举值/代码表',
  region_code: '行政区划代码',
  range: '数值范围',
  length: '长度',
  id_number: '公民身份号码',
  credit_code: '统一社会信用代码',
  mobile: '手机号码',
  landline: '固定电话',
  email: '电子邮箱',
  date: '日期有效',
  referential: '引用存在',
  consistency: '与权威来源一致',
  timeliness: '更新及时',
}

export const DIMENSION_LABELS: Record<Dimension, string> = {
  completeness: '完整性',
  validity: '有效性',
  uniqueness: '唯一性',
  consistency: '一致性',
  timeliness: '及时性',
}
export const DIMENSIONS: Dimension[] = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness']

export const TRIGGER_LABELS: Record<string, string> = {
  manual: '手动',
  schedule: '每日定时',
  load: '数据更新触发',
  recheck: '整改复核',
}

export const TICKET_STATUS: Record<TicketStatus, { label: string; color: string }> = {
  open: { label: '待整改', color: 'orange' },
  rechecking: { label: '待复核', color: 'blue' },
  disputed: { label: '有异议', color: 'purple' },
  closed: { label: '已办结', color: 'green' },
}

export const RESOLUTION_LABELS: Record<string, string> = {
  fixed: '已整改',
  explained: '已说明',
  dismissed: '异议成立（驳回）',
}

export const EVENT_LABELS: Record<string, string> = {
  open: '稽查超阈值，生成工单',
  report: '提出纠错',
  answer_fixed: '答复：已整改',
  answer_explained: '答复：已说明',
  answer_disputed: '答复：有异议',
  recheck_passed: '复核通过，办结',
  recheck_failed: '复核未通过，重新打开',
  confirm: '提出方确认已整改',
  reopen: '提出方重新打开',
  arbitrate_uphold: '数据局裁决：维持整改',
  arbitrate_dismiss: '数据局裁决：驳回',
  escalate: '超期升级至数据局',
}

/** Score colour: green ≥ 95, gold ≥ 80, red below. */
export function scoreColor(score: number | null | undefined): string {
  if (score === null || score === undefined) return '#999'
  return score >= 95 ? '#389e0d' : score >= 80 ? '#d48806' : '#cf1322'
}
