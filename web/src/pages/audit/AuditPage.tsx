import { Card, Descriptions, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import type { AuditEvent, AuditVerifyResult, Page } from '../../types'
import AuditFilters, { type AuditQuery } from './AuditFilters'
import { VerifyButton, VerifyResultAlert } from './VerifyChain'

const OUTCOME_COLORS: Record<string, string> = { success: 'success', failure: 'error', denied: 'warning' }
const OUTCOME_LABELS: Record<string, string> = { success: '成功', failure: '失败', denied: '拒绝' }

const columns: ColumnsType<AuditEvent> = [
  { title: '序号', dataIndex: 'seq', key: 'seq', width: 80 },
  { title: '时间', dataIndex: 'occurredAt', key: 'occurredAt', width: 170, render: formatTime },
  {
    title: '操作人',
    key: 'actor',
    render: (_, e) => (
      <span>
        {e.actorName ?? e.actorId ?? '—'}
        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
          {e.actorType}
        </Typography.Text>
      </span>
    ),
  },
  {
    title: '动作',
    dataIndex: 'action',
    key: 'action',
    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
  },
  {
    title: '对象',
    key: 'target',
    ellipsis: true,
    render: (_, e) => (e.targetType ? `${e.targetType}${e.targetId ? `：${e.targetId}` : ''}` : '—'),
  },
  {
    title: '结果',
    dataIndex: 'outcome',
    key: 'outcome',
    width: 80,
    render: (v: string) => <Tag color={OUTCOME_COLORS[v] ?? 'default'}>{OUTCOME_LABELS[v] ?? v}</Tag>,
  },
  { title: 'IP', dataIndex: 'ip', key: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
]

function EventDetails({ event }: { event: AuditEvent }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      bordered
      items={[
        { key: 'id', label: '事件 ID', children: event.id },
        { key: 'requestId', label: '请求 ID', children: event.requestId ?? '—' },
        { key: 'actorId', label: '操作人 ID', children: event.actorId ?? '—' },
        { key: 'orgId', label: '单位 ID', children: event.orgId ?? '—' },
        { key: 'regionCode', label: '行政区划', children: event.regionCode ?? '—' },
        { key: 'purpose', label: '用途', children: event.purpose ?? '—' },
        {
          key: 'details',
          label: '详情',
          span: 2,
          children: <pre className="details-json">{JSON.stringify(event.details ?? {}, null, 2)}</pre>,
        },
      ]}
    />
  )
}

export default function AuditPage() {
  const [query, setQuery] = useState<AuditQuery>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null)
  const list = useFetch<Page<AuditEvent>>('/audit/events', { ...query, page, pageSize })

  return (
    <Card title="审计日志" extra={<VerifyButton onResult={setVerify} />}>
      {verify && <VerifyResultAlert result={verify} onClose={() => setVerify(null)} />}
      <AuditFilters
        onChange={(next) => {
          setQuery(next)
          setPage(1)
        }}
      />
      <Table<AuditEvent>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        expandable={{ expandedRowRender: (event) => <EventDetails event={event} /> }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: list.error ? `加载失败：${list.error.message}` : '暂无审计记录' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 条`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1)
            setPageSize(nextSize)
          },
        }}
      />
    </Card>
  )
}
