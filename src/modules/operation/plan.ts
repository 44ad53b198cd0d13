/**
 * The structured parts of a project's implementation plan (实施方案, 第9条) and of the authorisation agreement
 * (授权协议, 第14条 — 13 clauses). Keys are stable API names; labels are what the console and reports show.
 */

export const PLAN_FIELDS = [
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
] as const

export const AGREEMENT_CLAUSES = [
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
] as const

export type PlanKey = (typeof PLAN_FIELDS)[number][0]
export type ClauseKey = (typeof AGREEMENT_CLAUSES)[number][0]
export type Plan = Readonly<Record<PlanKey, string>>
export type Agreement = Readonly<Record<ClauseKey, string>>

export const MODE_LABELS = { whole: '整体授权', domain: '分领域授权', scenario: '依场景授权' } as const
export const SELECTION_LABELS = {
  open_tender: '公开招标',
  invited_tender: '邀请招标',
  negotiation: '谈判',
} as const
