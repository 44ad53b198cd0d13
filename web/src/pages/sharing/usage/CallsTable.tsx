import { Descriptions, Table, Tag, Typography } from 'antd'
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table'
import { formatTime } from '../../../format'
import type { GatewayCall } from './types'
import { statusLabel } from './UsageCharts'

const statusColor = (s: number) => (s < 300 ? 'success' : s === 429 ? 'warning' : 'error')

const columns: ColumnsType<GatewayCall> = [
  { title: '时间', dataIndex: 'calledAt', key: 'calledAt', width: 170, render: formatTime },
  {
    title: '调用应用',
    key: 'app',
    width: 200,
    ellipsis: true,
    render: (_, c) => (
      <span>
        {c.consumerOrgName ?? '—'}
        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
          {c.clientId ?? '匿名'}
        </Typography.Text>
      </span>
    ),
  },
  {
    title: '数据资源',
    key: 'resource',
    width: 220,
    ellipsis: true,
    render: (_, c) => (
      <span>
        <Typography.Text code>{c.resourceCode ?? '—'}</Typography.Text>
        {c.providerOrgName ?? ''}
      </span>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    key: 'status',
    width: 130,
    render: (s: number) => <Tag color={statusColor(s)}>{statusLabel(s)}</Tag>,
  },
  { title: '返回行数', dataIndex: 'rowsReturned', key: 'rowsReturned', width: 90 },
  { title: '耗时(ms)', dataIndex: 'latencyMs', key: 'latencyMs', width: 90 },
  {
    title: '用途',
    dataIndex: 'purpose',
    key: 'purpose',
    ellipsis: true,
    render: (v: string | null) => v ?? '—',
  },
]

function CallDetails({ call }: { call: GatewayCall }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      bordered
      items={[
        { key: 'id', label: '调用 ID', children: call.id },
        { key: 'grant', label: '授权 ID', children: call.grantId ?? '—' },
        {
          key: 'auth',
          label: '认证方式',
          children:
            call.authMethod === 'signature' ? '签名' : call.authMethod === 'bearer' ? '访问令牌' : '无',
        },
        { key: 'error', label: '错误码', children: call.errorCode ?? '—' },
        { key: 'fields', label: '返回信息项', children: call.fields.join('、') || '—' },
        { key: 'filters', label: '查询条件（仅记录散列值）', children: call.filterFields.join('、') || '—' },
      ]}
    />
  )
}

/** Calls of the gateway log; the query values themselves are never shown (only their hashes are stored). */
export default function CallsTable({
  calls,
  loading,
  error,
  pagination,
}: {
  calls: GatewayCall[]
  loading: boolean
  error: Error | null
  pagination: TablePaginationConfig
}) {
  return (
    <Table<GatewayCall>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={calls}
      expandable={{ expandedRowRender: (call) => <CallDetails call={call} /> }}
      scroll={{ x: 1000 }}
      locale={{ emptyText: error ? `加载失败：${error.message}` : '暂无调用记录' }}
      pagination={{
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (t) => `共 ${t} 条`,
        ...pagination,
      }}
    />
  )
}
