import {
  Alert,
  Card,
  Col,
  Empty,
  Grid,
  Input,
  Pagination,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd'
import { useSearchParams } from 'react-router-dom'
import { errorText } from '../../api'
import { useFetch } from '../../hooks'
import ResourceCard from './ResourceCard'
import type { FacetValue, OpenFacets, OpenResource } from './types'

interface ListPage {
  items: OpenResource[]
  total: number
  page: number
  pageSize: number
  totalExact: boolean
  facets: OpenFacets
}

const FACETS: { key: keyof OpenFacets; param: string; title: string }[] = [
  { key: 'openTypes', param: 'openType', title: '开放类型' },
  { key: 'categories', param: 'category', title: '资源分类' },
  { key: 'orgs', param: 'orgId', title: '提供单位' },
  { key: 'regions', param: 'regionCode', title: '行政区划' },
  { key: 'updateFrequencies', param: 'updateFrequency', title: '更新频率' },
]
const PARAMS = ['q', 'openType', 'category', 'orgId', 'regionCode', 'updateFrequency', 'sort'] as const

function FacetGroup({
  title,
  values,
  selected,
  onPick,
}: {
  title: string
  values: FacetValue[]
  selected: string | null
  onPick: (value: string | null) => void
}) {
  if (!values.length) return null
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <div style={{ marginTop: 6 }}>
        {values.slice(0, 12).map((v) => (
          <Tag.CheckableTag
            key={v.value}
            checked={selected === v.value}
            onChange={(on) => onPick(on ? v.value : null)}
            style={{ marginBottom: 6 }}
          >
            {v.label}（{v.count}）
          </Tag.CheckableTag>
        ))}
      </div>
    </div>
  )
}

/** The open catalog: Chinese search, facets (a side panel on wide screens, on top on phones), cards. */
export default function DatasetsPage() {
  const [params, setParams] = useSearchParams()
  const screens = Grid.useBreakpoint()
  const page = Number(params.get('page') ?? 1) || 1
  const query = Object.fromEntries(PARAMS.map((k) => [k, params.get(k) ?? undefined]))
  const list = useFetch<ListPage>('/public/resources', { ...query, page, pageSize: 12 })
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    next.delete('page')
    setParams(next)
  }
  const facets = list.data?.facets
  const facetPanel = facets && (
    <Card size="small" title="筛选">
      {FACETS.map((f) => (
        <FacetGroup
          key={f.key}
          title={f.title}
          values={facets[f.key]}
          selected={params.get(f.param)}
          onPick={(v) => set(f.param, v)}
        />
      ))}
    </Card>
  )
  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Space wrap style={{ marginBottom: 16, width: '100%' }}>
        <Input.Search
          defaultValue={params.get('q') ?? ''}
          placeholder="搜索数据资源名称、摘要、信息项"
          allowClear
          enterButton="搜索"
          style={{ width: screens.md ? 480 : '100%' }}
          onSearch={(q) => set('q', q.trim() || null)}
        />
        <Select
          value={params.get('sort') ?? (params.get('q') ? 'relevance' : 'updated')}
          style={{ width: 140 }}
          onChange={(v) => set('sort', v)}
          options={[
            { value: 'relevance', label: '按相关度' },
            { value: 'updated', label: '最近更新' },
            { value: 'name', label: '按名称' },
          ]}
        />
      </Space>
      {list.error && (
        <Alert type="error" showIcon message={errorText(list.error)} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={7} lg={6}>
          {facetPanel}
        </Col>
        <Col xs={24} md={17} lg={18}>
          <Spin spinning={list.loading}>
            <Typography.Paragraph type="secondary">
              共 {list.data?.totalExact === false ? '约 ' : ''}
              {list.data?.total ?? 0} 个开放数据资源
            </Typography.Paragraph>
            {list.data && list.data.items.length === 0 ? (
              <Empty description="没有找到符合条件的开放数据，可以提出数据需求">
                <a href="/portal/demands">提出数据需求</a>
              </Empty>
            ) : (
              <Row gutter={[12, 12]}>
                {list.data?.items.map((r) => (
                  <Col xs={24} sm={12} xl={8} key={r.id}>
                    <ResourceCard resource={r} />
                  </Col>
                ))}
              </Row>
            )}
            {list.data && list.data.total > 12 && (
              <Pagination
                style={{ marginTop: 16, textAlign: 'center' }}
                current={page}
                pageSize={12}
                total={Math.min(list.data.total, 12 * 10_000)}
                showSizeChanger={false}
                onChange={(p) => {
                  const next = new URLSearchParams(params)
                  next.set('page', String(p))
                  setParams(next)
                }}
              />
            )}
          </Spin>
        </Col>
      </Row>
    </div>
  )
}
