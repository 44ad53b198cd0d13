import { Empty, Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { formatTime } from '../../../format'
import type { Page } from '../../../types'
import { DELIVERY_MODE_LABELS, DeadlineTag, RequestStatusTag } from './labels'
import type { ShareRequest } from './types'

interface Props {
  data: Page<ShareRequest> | undefined
  loading: boolean
  error: Error | null
  page: number
  onPage: (page: number) => void
  /** Which party to show: the provider in "my requests", the consumer in the inbox. */
  party: 'provider' | 'consumer' | 'both'
  emptyText: string
  actions?: (r: ShareRequest) => ReactNode
}

/** The list of share requests shared by 我的申请, the provider inbox and the bureau's boxes. */
export default function RequestTable({
  data,
  loading,
  error,
  page,
  onPage,
  party,
  emptyText,
  actions,
}: Props) {
  const columns: ColumnsType<ShareRequest> = [
    {
      title: '数据资源',
      key: 'resource',
      width: 220,
      render: (_, r) => (
        <div>
          <Link to={`/sharing/requests/${r.id}`}>{r.resourceName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {r.resourceCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...(party !== 'consumer'
      ? [{ title: '提供单位', dataIndex: 'providerOrgName', key: 'provider', width: 160 }]
      : []),
    ...(party !== 'provider'
      ? [
          {
            title: '申请单位 / 应用',
            key: 'consumer',
            width: 200,
            render: (_: unknown, r: ShareRequest) => (
              <div>
                {r.consumerOrgName}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.appName}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
        ]
      : []),
    // The deadline comes first after the parties: it is what a reviewer scans the inbox for.
    { title: '答复期限', key: 'due', width: 150, render: (_, r) => <DeadlineTag request={r} /> },
    { title: '应用场景', dataIndex: 'scenario', key: 'scenario', width: 200, ellipsis: true },
    {
      title: '信息项',
      key: 'fields',
      width: 80,
      render: (_, r) => `${r.approvedFields?.length ?? r.fields.length} 项`,
    },
    {
      title: '方式',
      dataIndex: 'deliveryMode',
      key: 'mode',
      width: 90,
      render: (m: ShareRequest['deliveryMode']) => DELIVERY_MODE_LABELS[m],
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: ShareRequest['status']) => <RequestStatusTag status={s} />,
    },
    { title: '提交时间', dataIndex: 'createdAt', key: 'createdAt', width: 165, render: formatTime },
    ...(actions
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 100,
            fixed: 'right' as const,
            render: (_: unknown, r: ShareRequest) => actions(r),
          },
        ]
      : []),
  ]
  return (
    <Table<ShareRequest>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={data?.items ?? []}
      scroll={{ x: 1400 }}
      locale={{ emptyText: <Empty description={error ? `加载失败：${error.message}` : emptyText} /> }}
      pagination={{
        current: page,
        pageSize: 20,
        total: data?.total ?? 0,
        showTotal: (total) => `共 ${total} 条`,
        onChange: onPage,
        showSizeChanger: false,
      }}
    />
  )
}
