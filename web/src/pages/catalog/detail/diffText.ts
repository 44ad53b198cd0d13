import {
  CATEGORY_LABELS,
  DATA_TYPE_LABELS,
  FORMAT_LABELS,
  FREQUENCY_LABELS,
  OPEN_TYPE_LABELS,
  SHARE_TYPE_LABELS,
  STATUS_LABELS,
} from '../labels'

const METADATA_NAMES: Record<string, string> = {
  name: '信息资源名称',
  summary: '信息资源摘要',
  category: '资源分类',
  classCode: '分类码',
  className: '分类名称',
  code: '信息资源代码',
  orgId: '提供方',
  orgName: '提供方名称',
  orgCreditCode: '提供方代码',
  regionCode: '行政区划',
  format: '资源格式',
  shareType: '共享类型',
  shareCondition: '共享条件',
  shareMethod: '共享方式',
  openType: '开放类型',
  openCondition: '开放条件',
  operable: '授权运营目录',
  updateFrequency: '更新周期',
  publishDate: '发布日期',
  relatedCodes: '关联资源代码',
  sourceOrgId: '数源部门',
  sourceOrgName: '数源部门名称',
  status: '状态',
  version: '版本号',
  publishedAt: '发布时间',
  createdAt: '创建时间',
}

const FIELD_PROPS: Record<string, string> = {
  name: '名称',
  code: '代码',
  dataType: '数据类型',
  length: '长度',
  description: '描述',
  isKey: '主键',
  grade: '分级',
  elementCode: '数据元代码',
  authoritative: '权威来源',
}

const VALUE_LABELS: Record<string, Record<string, string>> = {
  category: CATEGORY_LABELS,
  format: FORMAT_LABELS,
  shareType: SHARE_TYPE_LABELS,
  openType: OPEN_TYPE_LABELS,
  updateFrequency: FREQUENCY_LABELS,
  status: STATUS_LABELS,
  dataType: DATA_TYPE_LABELS,
}

export const KIND_LABELS = { added: '新增', removed: '删除', changed: '修改' } as const
export const KIND_COLORS = { added: 'success', removed: 'error', changed: 'processing' } as const

/** `metadata.shareType` → 共享类型; `fields.sfzh.dataType` → 信息项 sfzh · 数据类型. */
export function pathText(path: string): string {
  const [area, key, prop] = path.split('.')
  if (area === 'metadata' && key) return METADATA_NAMES[key] ?? key
  if (area === 'fields' && key) return prop ? `信息项 ${key} · ${FIELD_PROPS[prop] ?? prop}` : `信息项 ${key}`
  return path
}

/** A diff value in words: enum codes as labels, booleans as 是/否, a whole field as “名称（代码，类型）”. */
export function valueText(path: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  const key = path.split('.').at(-1) ?? ''
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'string') return VALUE_LABELS[key]?.[value] ?? value
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(path, v)).join('、') : '—'
  if (typeof value === 'object') {
    const f = value as Record<string, unknown>
    if (typeof f.name === 'string' && typeof f.code === 'string') {
      const type =
        typeof f.dataType === 'string' ? (DATA_TYPE_LABELS[f.dataType as 'string'] ?? f.dataType) : ''
      return `${f.name}（${f.code}${type ? `，${type}` : ''}${f.length ? `，${f.length}` : ''}）`
    }
    return JSON.stringify(value)
  }
  return String(value)
}
