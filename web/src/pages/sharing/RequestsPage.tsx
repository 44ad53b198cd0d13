import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Input, Segmented, Space } from 'antd'
import { lazy, useState } from 'react'
import { useLocation, useNavigate, useParams } from 'react-router-dom'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import RequestTable from './requests/RequestTable'
import type { RequestStatus, ShareRequest } from './requests/types'

const RequestForm = lazy(() => import('./requests/RequestForm'))
const RequestDetail = lazy(() => import('./requests/RequestDetail'))

const FILTERS: { value: RequestStatus | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已同意' },
  { value: 'rejected', label: '不同意' },
  { value: 'disputed', label: '申诉中' },
  { value: 'withdrawn', label: '已撤回' },
]

/** 我的申请: requests made by the user's org. */
function MyRequests() {
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<RequestStatus | 'all'>('all')
  const [q, setQ] = useState<string>()
  const list = useFetch<Page<ShareRequest>>('/share-requests', {
    box: 'mine',
    status: status === 'all' ? undefined : status,
    q,
    page,
    pageSize: 20,
  })
  return (
    <Card
      title="我的共享申请"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/sharing/requests/new')}>
          申请共享
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          options={FILTERS}
          value={status}
          onChange={(v) => {
            setStatus(v as RequestStatus | 'all')
            setPage(1)
          }}
        />
        <Input.Search
          allowClear
          placeholder="搜索资源、用途、场景"
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
        />
      </Space>
      <RequestTable
        data={list.data}
        loading={list.loading}
        error={list.error}
        page={page}
        onPage={setPage}
        party="provider"
        emptyText="暂无共享申请，可在数据目录中找到资源后点击「申请共享」"
      />
    </Card>
  )
}

/** The 共享申请 nav entry: /sharing/requests, /sharing/requests/new and /sharing/requests/:id. */
export default function RequestsPage() {
  const { id } = useParams()
  const { pathname } = useLocation()
  if (pathname === '/sharing/requests/new') return <RequestForm />
  if (id) return <RequestDetail key={id} id={id} />
  return <MyRequests />
}
