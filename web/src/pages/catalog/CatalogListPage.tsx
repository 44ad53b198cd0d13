import { Card, Col, Empty, Input, Row, Segmented, Select, Space, Table, Tabs, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { Query } from '../../api'
import { useFetch } from '../../hooks'
import type { CatalogView, ResourcePage } from '../../types'
import CatalogToolbar from './CatalogToolbar'
import FacetPanel from './FacetPanel'
import { isNotBuilt } from './http'
import { resourceColumns } from './resourceColumns'
import { type SortKey, useCatalogQuery } from './useCatalogQuery'

const VIEWS: { key: string; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'share', label: '共享目录' },
  { key: 'open', label: '开放目录' },
  { key: 'operation', label: '授权运营目录' },
]

const SORTS: { value: SortKey; label: string }[] = [
  { value: 'updated', label: '最近更新' },
  { value: 'name', label: '按名称' },
  { value: 'code', label: '按代码' },
]

export default function CatalogListPage() {
  const [filters, update] = useCatalogQuery()
  const [search, setSearch] = useState(filters.q ?? '')
  useEffect(() => setSearch(filters.q ?? ''), [filters.q])
  const { page, pageSize, ...rest } = filters
  const query: Query = { ...rest, page, pageSize }
  const list = useFetch<ResourcePage>('/catalog/resources', query)
  const items = list.data?.items ?? []
  const emptyText = list.error
    ? isNotBuilt(list.error)
      ? '数据目录功能建设中'
      : `加载失败：${list.error.message}`
    : filters.q
      ? `未找到与「${filters.q}」相关的数据资源`
      : '暂无数据资源'

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="240px">
        <FacetPanel facets={list.data?.facets} filters={filters} onChange={update} />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card title="数据资源目录" extra={<CatalogToolbar exportQuery={rest} />}>
          <Tabs
            activeKey={filters.view ?? 'all'}
            items={VIEWS}
            onChange={(key) => update({ view: key === 'all' ? undefined : (key as CatalogView) })}
          />
          <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
            <Input.Search
              allowClear
              enterButton="搜索"
              placeholder="搜索资源名称、摘要、信息项、提供单位"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value)
                if (!e.target.value) update({ q: undefined })
              }}
              onSearch={(value) => update({ q: value.trim() || undefined })}
              style={{ width: 420 }}
              data-testid="catalog-search"
            />
            <Space>
              <Typography.Text type="secondary">排序</Typography.Text>
              <Segmented<SortKey>
                value={filters.sort ?? 'updated'}
                options={SORTS}
                onChange={(sort) => update({ sort: sort === 'updated' ? undefined : sort })}
              />
              <Select
                value={pageSize}
                style={{ width: 110 }}
                options={[10, 20, 50, 100].map((n) => ({ value: n, label: `${n} 条/页` }))}
                onChange={(n: number) => update({ pageSize: n })}
              />
            </Space>
          </Space>
          <Table
            rowKey="id"
            size="middle"
            loading={list.loading}
            columns={resourceColumns()}
            dataSource={items}
            scroll={{ x: 860 }}
            locale={{ emptyText: <Empty description={emptyText} /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) =>
                list.data?.totalExact === false ? `约 ${total} 个数据资源` : `共 ${total} 个数据资源`,
              onChange: (next) => update({ page: next }),
            }}
          />
        </Card>
      </Col>
    </Row>
  )
}
