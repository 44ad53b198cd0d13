import { Tag } from 'antd'

export const MODE_LABELS = { whole: '整体授权', domain: '分领域授权', scenario: '依场景授权' } as const
export const SELECTION_LABELS = {
  open_tender: '公开招标',
  invited_tender: '邀请招标',
  negotiation: '谈判',
} as const
export const KIND_LABELS = { api: '数据接口', dataset: '数据集', report: '数据报告', model: '模型' } as const
export const USE_LABELS = {
  public_interest: '公共治理/公益（免费）',
  industry: '产业/行业发展（收费）',
} as const
export const UNIT_LABELS = { item: '按件数', call: '按次数', time: '按时长', volume: '按调用量' } as const

export const PLAN_FIELDS: [string, string][] = [
  ['necessity', '必要性与可行性（需求、市场、效果、风险）'],
  ['selectionCriteria', '运营机构选择条件（资金、管理、技术、服务、安全）'],
  ['dataScope', '数据范围与目录'],
  ['updateFrequency', '数据更新频率'],
  ['qualityNotes', '数据质量要求'],
  ['schedule', '建设内容与进度安排'],
  ['evaluation', '评估机制'],
  ['exitMechanism', '退出机制'],
  ['assets', '资产归属与处置'],
  ['plannedPublicProducts', '拟提供的公共治理、公益事业类产品和服务'],
  ['plannedIndustryProducts', '拟提供的产业发展、行业发展类产品和服务'],
  ['accounting', '成本收益核算'],
  ['revenueDistribution', '收益分配机制'],
  ['security', '安全保障与应急处置'],
  ['rightsDuties', '各方权利义务'],
  ['supervision', '监督管理'],
]

export const AGREEMENT_CLAUSES: [string, string][] = [
  ['dataScope', '授权数据范围及目录'],
  ['term', '授权期限'],
  ['productRequirements', '产品和服务清单及技术标准、安全审查、合规审查要求'],
  ['technicalPlatform', '技术平台'],
  ['assetOwnership', '资产归属'],
  ['disclosureAndNoRedevelopment', '信息披露义务及不得再开发已交付产品的约定'],
  ['accountingAndRevenue', '成本收益核算与收益分配'],
  ['securityAndEmergency', '安全管理、风险监测与应急处置'],
  ['evaluationRenewalExit', '评估、续约与退出'],
  ['breachLiability', '违约责任'],
  ['disputes', '争议解决'],
  ['changeTermination', '协议变更与终止'],
  ['other', '其他事项'],
]

const PROJECT_STATUS = {
  draft: ['default', '草稿'],
  active: ['green', '实施中'],
  ended: ['default', '已结束'],
} as const
export function ProjectStatusTag({ status }: { status: keyof typeof PROJECT_STATUS }) {
  const [color, label] = PROJECT_STATUS[status]
  return <Tag color={color}>{label}</Tag>
}

const PRODUCT_STATUS = {
  draft: ['default', '未上架'],
  published: ['green', '已上架'],
  withdrawn: ['orange', '已下架'],
} as const
export function ProductStatusTag({ status }: { status: keyof typeof PRODUCT_STATUS }) {
  const [color, label] = PRODUCT_STATUS[status]
  return <Tag color={color}>{label}</Tag>
}

const RESOURCE_STATUS: Record<string, [string, string]> = {
  included: ['green', '已纳入'],
  awaiting_consent: ['gold', '待提供方同意'],
  refused: ['red', '提供方不同意'],
}
export function ScopeStatusTag({ status }: { status: string }) {
  const [color, label] = RESOURCE_STATUS[status] ?? ['default', status]
  return <Tag color={color}>{label}</Tag>
}

const MANDATE_STATUS: Record<string, [string, string]> = {
  active: ['green', '有效'],
  suspended: ['orange', '已暂停'],
  ended: ['default', '已终止'],
}
export function MandateStatusTag({ status }: { status: string }) {
  const [color, label] = MANDATE_STATUS[status] ?? ['default', status]
  return <Tag color={color}>{label}</Tag>
}

export const yuan = (v: string | null) => (v === null ? '—' : `¥${v}`)

/** 已开具 / 已付款 / 已作废, and 逾期 for unpaid invoices past their due day. */
export function InvoiceStateTag({ state, overdue }: { state: 'issued' | 'paid' | 'void'; overdue: boolean }) {
  if (state === 'issued' && overdue) return <Tag color="red">逾期</Tag>
  const [color, label] = (
    { issued: ['blue', '已开具'], paid: ['green', '已付款'], void: ['default', '已作废'] } as const
  )[state]
  return <Tag color={color}>{label}</Tag>
}
