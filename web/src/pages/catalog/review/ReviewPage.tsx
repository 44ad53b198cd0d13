import { Button, Card, Empty, Input, Popconfirm, Space, Table } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Resource, ResourceDetail, ResourcePage } from '../../../types'
import ReturnModal from '../detail/ReturnModal'
import { resourceColumns } from '../resourceColumns'

/** 目录审核: resources submitted in the reviewer's region, oldest first to review, with quick decisions. */
export default function ReviewPage() {
  const [page, setPage] = useState(1)
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [busy, setBusy] = useState<string | null>(null)
  const [returning, setReturning] = useState<string | null>(null)
  const list = useFetch<ResourcePage>(
    '/catalog/resources',
    { status: 'submitted', q, page, pageSize: 20 },
    tick,
  )

  const publish = async (r: Resource) => {
    setBusy(r.id)
    try {
      await api.post<ResourceDetail>(`/catalog/resources/${r.id}/publish`)
      showSuccess(`已发布：${r.name}`)
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(null)
    }
  }

  const columns = resourceColumns({
    actions: {
      title: '审核',
      key: 'review',
      width: 190,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          <Popconfirm
            title={`发布「${r.name}」？`}
            onConfirm={() => publish(r)}
            okText="发布"
            cancelText="取消"
          >
            <Button type="primary" size="small" loading={busy === r.id} data-testid={`publish-${r.code}`}>
              发布
            </Button>
          </Popconfirm>
          <Button size="small" danger onClick={() => setReturning(r.id)}>
            退回
          </Button>
          <Link to={`/catalog/${r.id}`}>详情</Link>
        </Space>
      ),
    },
  }).filter((c) => c.key !== 'status' && c.key !== 'mountStatus')
  columns.splice(columns.length - 1, 0, {
    title: '提交时间',
    dataIndex: 'submittedAt',
    key: 'submittedAt',
    width: 165,
    render: formatTime,
  })

  return (
    <Card
      title="目录审核"
      extra={
        <Input.Search
          allowClear
          placeholder="搜索待审核资源"
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
          style={{ width: 260 }}
        />
      }
    >
      <Table<Resource>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{
          emptyText: (
            <Empty description={list.error ? `加载失败：${list.error.message}` : '暂无待审核的数据资源'} />
          ),
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 个待审核`,
          onChange: setPage,
        }}
      />
      <ReturnModal
        open={returning !== null}
        resourceId={returning ?? ''}
        onClose={() => setReturning(null)}
        onReturned={() => {
          setReturning(null)
          setTick((n) => n + 1)
        }}
      />
    </Card>
  )
}
