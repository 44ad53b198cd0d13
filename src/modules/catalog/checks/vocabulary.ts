/**
 * The catalog checks (目录质检): one code per check with its Chinese label and severity. Routes, the web console
 * and the score read them from here.
 */

export type CheckSeverity = 'error' | 'warning' | 'info'

export const CHECK_SEVERITIES: readonly { code: CheckSeverity; zh: string; weight: number }[] = [
  { code: 'error', zh: '错误', weight: 25 },
  { code: 'warning', zh: '警告', weight: 10 },
  { code: 'info', zh: '提示', weight: 2 },
]

export const CATALOG_CHECKS = [
  { code: 'missing_metadata', zh: '核心元数据缺失', severity: 'warning' },
  { code: 'condition_missing', zh: '共享条件或开放条件缺失', severity: 'error' },
  { code: 'duplicate_name', zh: '同一单位资源重名', severity: 'error' },
  { code: 'duplicate_code', zh: '资源代码重复', severity: 'error' },
  { code: 'element_multi_source', zh: '一数多源（同一标准数据元有多个权威来源）', severity: 'error' },
  { code: 'field_type_incomplete', zh: '信息项类型或长度缺失', severity: 'warning' },
  { code: 'published_unmounted', zh: '已发布未挂接', severity: 'warning' },
  { code: 'stale', zh: '数据更新不及时', severity: 'warning' },
  { code: 'mount_columns_mismatch', zh: '信息项与挂接数据列不一致', severity: 'error' },
] as const satisfies readonly { code: string; zh: string; severity: CheckSeverity }[]

export type CheckCode = (typeof CATALOG_CHECKS)[number]['code']

export const CHECK_CODES = CATALOG_CHECKS.map((c) => c.code) as CheckCode[]

export function checkLabel(code: CheckCode): string {
  return CATALOG_CHECKS.find((c) => c.code === code)?.zh ?? code
}

export function checkSeverity(code: CheckCode): CheckSeverity {
  return CATALOG_CHECKS.find((c) => c.code === code)?.severity ?? 'warning'
}

export function severityWeight(severity: CheckSeverity): number {
  return CHECK_SEVERITIES.find((s) => s.code === severity)?.weight ?? 0
}

/**
 * Score of one resource: 100 minus the weights of its findings (error 25, warning 10, info 2), never below 0.
 * An org's score is the average over its checked resources, rounded to one decimal.
 */
export function resourceScore(severities: readonly CheckSeverity[]): number {
  return Math.max(0, 100 - severities.reduce((sum, s) => sum + severityWeight(s), 0))
}

/** Data types whose declared length is needed to build or check a column. */
export const TYPES_NEEDING_LENGTH = ['string', 'decimal'] as const

/** What departments write in a condition cell when they have nothing to say; such a condition counts as missing. */
export const PLACEHOLDER_CONDITIONS = [
  '无',
  '暂无',
  '/',
  '-',
  '--',
  '—',
  '－',
  'n/a',
  'na',
  'null',
  '空',
  '略',
]
