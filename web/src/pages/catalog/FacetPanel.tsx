import { Card, Select, Space, Tag, Typography } from 'antd'
import type { ReactNode } from 'react'
import OrgSelect from '../../components/OrgSelect'
import RegionTreeSelect from '../../components/RegionTreeSelect'
import type { CatalogFacets, FacetBucket } from '../../types'
import {
  CATEGORY_LABELS,
  FREQUENCY_LABELS,
  OPEN_TYPE_LABELS,
  optionsOf,
  SHARE_TYPE_LABELS,
  STATUS_LABELS,
} from './labels'
import type { CatalogFilters } from './useCatalogQuery'

type FacetKey = 'orgId' | 'regionCode' | 'shareType' | 'openType' | 'category' | 'updateFrequency'

interface Group {
  key: FacetKey
  title: string
  buckets: FacetBucket[] | undefined
  labels?: Record<string, string>
  fallback: ReactNode
}

interface Props {
  facets: CatalogFacets | undefined
  filters: CatalogFilters
  onChange: (patch: Partial<CatalogFilters>) => void
}

function FacetList({
  group,
  selected,
  onPick,
}: {
  group: Group
  selected?: string
  onPick: (v?: string) => void
}) {
  const buckets = group.buckets ?? []
  if (!buckets.length) return <Typography.Text type="secondary">无</Typography.Text>
  return (
    <Space size={[4, 6]} wrap>
      {buckets.map((b) => (
        <Tag.CheckableTag
          key={b.value}
          checked={selected === b.value}
          onChange={(checked) => onPick(checked ? b.value : undefined)}
          data-testid={`facet-${group.key}-${b.value}`}
        >
          {b.label || group.labels?.[b.value] || b.value}
          <Typography.Text type="secondary" style={{ marginLeft: 4, fontSize: 12 }}>
            {b.count}
          </Typography.Text>
        </Tag.CheckableTag>
      ))}
    </Space>
  )
}

/** Left filter panel: server facets (with counts) when the search returns them, plain selects otherwise. */
export default function FacetPanel({ facets, filters, onChange }: Props) {
  const select = (key: FacetKey, labels: Record<string, string>, placeholder: string) => (
    <Select
      allowClear
      placeholder={placeholder}
      style={{ width: '100%' }}
      value={filters[key]}
      options={optionsOf(labels)}
      onChange={(value?: string) => onChange({ [key]: value })}
    />
  )
  const groups: Group[] = [
    {
      key: 'orgId',
      title: '提供单位',
      buckets: facets?.orgs,
      fallback: (
        <OrgSelect value={filters.orgId} onChange={(orgId) => onChange({ orgId })} placeholder="全部单位" />
      ),
    },
    {
      key: 'regionCode',
      title: '行政区划',
      buckets: facets?.regions,
      fallback: (
        <RegionTreeSelect
          allowClear
          value={filters.regionCode}
          onChange={(regionCode) => onChange({ regionCode })}
          placeholder="全部区划"
        />
      ),
    },
    {
      key: 'shareType',
      title: '共享类型',
      buckets: facets?.shareTypes,
      labels: SHARE_TYPE_LABELS,
      fallback: select('shareType', SHARE_TYPE_LABELS, '全部共享类型'),
    },
    {
      key: 'openType',
      title: '开放类型',
      buckets: facets?.openTypes,
      labels: OPEN_TYPE_LABELS,
      fallback: select('openType', OPEN_TYPE_LABELS, '全部开放类型'),
    },
    {
      key: 'category',
      title: '资源分类',
      buckets: facets?.categories,
      labels: CATEGORY_LABELS,
      fallback: select('category', CATEGORY_LABELS, '全部分类'),
    },
    {
      key: 'updateFrequency',
      title: '更新周期',
      buckets: facets?.updateFrequencies,
      labels: FREQUENCY_LABELS,
      fallback: select('updateFrequency', FREQUENCY_LABELS, '全部更新周期'),
    },
  ]
  return (
    <Card size="small" title="筛选" data-testid="catalog-facets">
      <Space orientation="vertical" size={14} style={{ width: '100%' }}>
        {groups.map((group) => (
          <div key={group.key}>
            <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
              {group.title}
            </Typography.Text>
            {group.buckets ? (
              <FacetList
                group={group}
                selected={filters[group.key]}
                onPick={(v) => onChange({ [group.key]: v })}
              />
            ) : (
              group.fallback
            )}
          </div>
        ))}
        <div>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            状态
          </Typography.Text>
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: '100%' }}
            value={filters.status}
            options={optionsOf(STATUS_LABELS)}
            onChange={(status?: string) => onChange({ status })}
            disabled={!!filters.view}
          />
        </div>
      </Space>
    </Card>
  )
}
