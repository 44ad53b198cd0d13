import { Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { formatTime } from '../../../format'
import { useDebounced, useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { GRADE_LABELS, GradeTag, options } from './labels'
import ResourceProtection from './ResourceProtection'
import type { GradingRow } from './types'

interface CatalogHit {
  id: string
  name: string
  code: string
}

/** Picks any readable catalog resource to grade (also those not graded yet). */
function ResourcePicker() {
  const navigate = useNavigate()
  const [q, setQ] = useState('')
  const debounced = useDebounced(q)
  const hits = useFetch<Page<CatalogHit>>('/catalog/resources', { q: debounced || undefined, pageSize: 20 })
  return (
    <Select
      showSearch
      filterOption={false}
      placeholder="选择数据资源进行分级、识别和脱敏预览"
      style={{ width: 420 }}
      onSearch={setQ}
      loading={hits.loading}
      options={(hits.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.code}）` }))}
      onChange={(id: string) => navigate(`/governance/grading/${id}`)}
      notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有匹配的数据资源" />}
    />
  )
}

function GradingList() {
  const [page, setPage] = useState(1)
  const [grade, setGrade] = useState<string>()
  const [q, setQ] = useState<string>()
  const list = useFetch<Page<GradingRow>>('/governance/gradings', { grade, q, page, pageSize: 20 })
  const columns: ColumnsType<GradingRow> = [
    {
      title: '数据资源',
      key: 'resource',
      render: (_, g) => (
        <div>
          <Link to={`/governance/grading/${g.resourceId}`}>{g.resourceName || g.resourceId}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {g.resourceCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '分类路径', dataIndex: 'categoryPath', key: 'category', ellipsis: true },
    { title: '级别', key: 'grade', width: 130, render: (_, g) => <GradeTag grade={g.grade} /> },
    {
      title: '敏感个人信息',
      key: 'pi',
      width: 120,
      render: (_, g) => (g.sensitivePi ? <Tag color="red">是</Tag> : '否'),
    },
    {
      title: '审核',
      key: 'review',
      width: 160,
      render: (_, g) => (g.reviewed ? `${g.reviewerName ?? ''} ${formatTime(g.reviewedAt)}` : '未审核'),
    },
    { title: '更新时间', key: 'updated', width: 170, render: (_, g) => formatTime(g.updatedAt) },
  ]
  return (
    <Card title="分类分级" extra={<ResourcePicker />}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="级别"
          style={{ width: 160 }}
          options={options(GRADE_LABELS)}
          value={grade}
          onChange={(v) => {
            setGrade(v)
            setPage(1)
          }}
        />
        <Input.Search
          allowClear
          placeholder="搜索资源名称、代码、分类"
          style={{ width: 280 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
        />
      </Space>
      <Table<GradingRow>
        rowKey="resourceId"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              description={
                list.error ? `加载失败：${list.error.message}` : '暂无分级记录，请在右上角选择资源'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 个资源`,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
    </Card>
  )
}

/** 分类分级: the graded resources of the org or region; a resource's grading, discovery and masking preview. */
export default function GradingPage() {
  const { id } = useParams()
  const navigate = useNavigate()
  if (!id) return <GradingList />
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="link" onClick={() => navigate('/governance/grading')} style={{ padding: 0 }}>
        ← 返回分级列表
      </Button>
      <ResourceProtection id={id} />
    </Space>
  )
}
