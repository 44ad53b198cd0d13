import { Button, Card, Input, Segmented, Space, Tabs } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { useAuth } from '../../auth'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import RequestTable from './requests/RequestTable'
import type { RequestStatus, ShareRequest } from './requests/types'

type Box = 'inbox' | 'arbitration' | 'region'

const STATUS: { value: RequestStatus | 'all'; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'all', label: '全部' },
  { value: 'approved', label: '已同意' },
  { value: 'rejected', label: '不同意' },
  { value: 'disputed', label: '申诉中' },
]

function RequestBox({ box }: { box: Box }) {
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<RequestStatus | 'all'>(box === 'inbox' ? 'pending' : 'all')
  const [overdue, setOverdue] = useState(false)
  const [q, setQ] = useState<string>()
  const list = useFetch<Page<ShareRequest>>('/share-requests', {
    box,
    status: status === 'all' ? undefined : status,
    overdue: overdue || undefined,
    q,
    sort: status === 'pending' || box === 'arbitration' ? 'due' : 'created',
    page,
    pageSize: 20,
  })
  const reset = () => setPage(1)
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {box !== 'arbitration' && (
          <Segmented
            options={STATUS}
            value={status}
            onChange={(v) => {
              setStatus(v as RequestStatus | 'all')
              reset()
            }}
          />
        )}
        <Segmented
          options={[
            { value: 'all', label: '全部期限' },
            { value: 'overdue', label: '仅超期' },
          ]}
          value={overdue ? 'overdue' : 'all'}
          onChange={(v) => {
            setOverdue(v === 'overdue')
            reset()
          }}
        />
        <Input.Search
          allowClear
          placeholder="搜索资源、申请应用、用途"
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            reset()
          }}
        />
      </Space>
      <RequestTable
        data={list.data}
        loading={list.loading}
        error={list.error}
        page={page}
        onPage={setPage}
        party={box === 'inbox' ? 'consumer' : 'both'}
        emptyText={
          box === 'inbox'
            ? '暂无待审核的共享申请'
            : box === 'arbitration'
              ? '暂无待裁决的申诉或超期申请'
              : '辖区内暂无共享申请'
        }
        actions={(r) => (
          <Link to={`/sharing/requests/${r.id}`}>
            <Button
              size="small"
              type={r.status === 'pending' || r.status === 'disputed' ? 'primary' : 'default'}
            >
              {box === 'arbitration' ? '裁决' : r.status === 'pending' ? '审核' : '查看'}
            </Button>
          </Link>
        )}
      />
    </>
  )
}

/**
 * 共享审核: the provider's inbox with the working-day countdown (yellow within one working day of the deadline,
 * red when overdue), and for the bureau the arbitration box (disputes and escalated requests) and its region.
 */
export default function InboxPage() {
  const { hasRole } = useAuth()
  const provider = hasRole('data_steward', 'org_admin')
  const bureau = hasRole('bureau_admin', 'reviewer')
  const items = [
    ...(provider ? [{ key: 'inbox', label: '待我审核', children: <RequestBox box="inbox" /> }] : []),
    ...(bureau
      ? [
          { key: 'arbitration', label: '数据局裁决', children: <RequestBox box="arbitration" /> },
          { key: 'region', label: '辖区全部申请', children: <RequestBox box="region" /> },
        ]
      : []),
  ]
  return (
    <Card title="共享审核">
      <Tabs items={items} destroyOnHidden />
    </Card>
  )
}
