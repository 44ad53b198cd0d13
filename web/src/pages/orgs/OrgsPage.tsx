import { ApartmentOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons'
import { Button, Card, Col, Input, Row, Segmented, Select, Space, Table } from 'antd'
import { useEffect, useState } from 'react'
import { useAuth, useUser } from '../../auth'
import { fetchRegion } from '../../components/regionTree'
import { useDebounced, useFetch } from '../../hooks'
import { orgTypeOptions } from '../../labels'
import type { Org, OrgType, Page } from '../../types'
import { orgColumns } from './columns'
import OrgFormModal from './OrgFormModal'
import OrgTreeView from './OrgTreeView'
import RegionPanel from './RegionPanel'

type View = 'list' | 'tree'

export default function OrgsPage() {
  const user = useUser()
  const { hasRole } = useAuth()
  const canEdit = hasRole('bureau_admin', 'org_admin')
  const [region, setRegion] = useState<{ code: string | null; name: string | null }>({
    code: user.scopeRegionCode,
    name: null,
  })
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 250)
  const [type, setType] = useState<OrgType>()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [view, setView] = useState<View>('list')
  const [editing, setEditing] = useState<{ org: Org | null } | null>(null)
  const [refreshKey, setRefreshKey] = useState(0)

  const list = useFetch<Page<Org>>(
    view === 'list' ? '/orgs' : null,
    { q, regionCode: region.code, type, page, pageSize },
    refreshKey,
  )
  useEffect(() => {
    if (!region.code || region.name) return
    let cancelled = false
    fetchRegion(region.code)
      .then((found) => {
        if (!cancelled) setRegion((prev) => (prev.code === found.code ? { ...prev, name: found.name } : prev))
      })
      .catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [region.code, region.name])

  const onEdit = canEdit ? (org: Org) => setEditing({ org }) : null

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="260px">
        <RegionPanel
          rootCode={user.scopeRegionCode}
          selected={region.code}
          onSelect={(code, name) => {
            setRegion({ code, name })
            setPage(1)
          }}
        />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          title={region.name ? `${region.name} · 单位` : '单位'}
          extra={
            canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ org: null })}>
                新建单位
              </Button>
            )
          }
        >
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search
              allowClear
              placeholder="搜索单位名称"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value)
                setPage(1)
              }}
              onSearch={(value) => {
                setSearch(value)
                setPage(1)
              }}
              style={{ width: 260 }}
              data-testid="org-search"
            />
            <Select<OrgType>
              allowClear
              placeholder="全部类型"
              options={orgTypeOptions(true)}
              value={type}
              onChange={(value) => {
                setType(value)
                setPage(1)
              }}
              style={{ width: 200 }}
            />
            <Segmented<View>
              value={view}
              onChange={setView}
              options={[
                { value: 'list', label: '列表', icon: <UnorderedListOutlined /> },
                { value: 'tree', label: '组织树', icon: <ApartmentOutlined /> },
              ]}
            />
          </Space>
          {view === 'list' ? (
            <Table<Org>
              rowKey="id"
              size="middle"
              loading={list.loading}
              columns={orgColumns<Org>(onEdit)}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: list.error ? `加载失败：${list.error.message}` : '暂无单位' }}
              scroll={{ x: 900 }}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => `共 ${total} 个单位`,
                onChange: (nextPage, nextSize) => {
                  setPage(nextSize === pageSize ? nextPage : 1)
                  setPageSize(nextSize)
                },
              }}
            />
          ) : (
            <OrgTreeView regionCode={region.code} q={q} type={type} reloadKey={refreshKey} onEdit={onEdit} />
          )}
        </Card>
      </Col>
      <OrgFormModal
        open={editing !== null}
        org={editing?.org ?? null}
        defaultRegionCode={region.code}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null)
          setRefreshKey((n) => n + 1)
        }}
      />
    </Row>
  )
}
