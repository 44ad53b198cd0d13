import { Button, Card, Empty, Input, Popconfirm, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { api } from '../../api'
import { useAuth } from '../../auth'
import { showError, showSuccess } from '../../feedback'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { DELIVERY_MODE_LABELS, GrantStatusTag, lastValidDay } from './requests/labels'
import ReasonModal from './requests/ReasonModal'
import type { Grant, GrantStatus } from './requests/types'

type Side = 'consumer' | 'provider' | 'region'

const STATUSES: { value: GrantStatus | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'active', label: '有效' },
  { value: 'suspended', label: '已暂停' },
  { value: 'expired', label: '已过期' },
  { value: 'revoked', label: '已撤销' },
]

function GrantList({ side, focus }: { side: Side; focus: string | null }) {
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<GrantStatus | 'all'>('all')
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [reasonFor, setReasonFor] = useState<{ grant: Grant; action: 'suspend' | 'revoke' } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const list = useFetch<Page<Grant>>(
    '/grants',
    { side, status: status === 'all' ? undefined : status, q, page, pageSize: 20 },
    tick,
  )
  const resume = async (g: Grant) => {
    setBusy(g.id)
    try {
      await api.post(`/grants/${g.id}/resume`, {})
      showSuccess('授权已恢复')
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(null)
    }
  }
  const columns: ColumnsType<Grant> = [
    {
      title: '数据资源',
      key: 'resource',
      width: 200,
      render: (_, g) => (
        <div>
          {g.resourceName}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {g.resourceCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    side === 'consumer'
      ? { title: '提供单位', dataIndex: 'providerOrgName', key: 'provider', width: 150 }
      : { title: '使用单位', dataIndex: 'consumerOrgName', key: 'consumer', width: 150 },
    { title: '应用', dataIndex: 'appName', key: 'app', width: 140 },
    {
      title: '信息项',
      key: 'fields',
      width: 160,
      render: (_, g) => (
        <Typography.Text ellipsis={{ tooltip: g.fields.join('、') }} style={{ maxWidth: 150 }}>
          {g.fields.join('、')}
        </Typography.Text>
      ),
    },
    { title: '用途', dataIndex: 'purpose', key: 'purpose', width: 180, ellipsis: true },
    {
      title: '方式',
      dataIndex: 'deliveryMode',
      key: 'mode',
      width: 90,
      render: (m: Grant['deliveryMode']) => DELIVERY_MODE_LABELS[m],
    },
    {
      title: '限制',
      key: 'limits',
      width: 120,
      render: (_, g) =>
        g.quotaPerDay || g.ratePerSecond ? (
          <span>
            {g.quotaPerDay ? `${g.quotaPerDay}/日 ` : ''}
            {g.ratePerSecond ? `${g.ratePerSecond}/秒` : ''}
          </span>
        ) : (
          '不限'
        ),
    },
    { title: '有效期至', dataIndex: 'validUntil', key: 'validUntil', width: 110, render: lastValidDay },
    {
      title: '状态',
      key: 'status',
      width: 100,
      render: (_, g) => (
        <span title={g.statusReason ?? undefined}>
          <GrantStatusTag status={g.status} />
        </span>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_, g) => (
        <Space size={4}>
          {g.actions.includes('suspend') && (
            <Button size="small" onClick={() => setReasonFor({ grant: g, action: 'suspend' })}>
              暂停
            </Button>
          )}
          {g.actions.includes('resume') && (
            <Popconfirm title="恢复该授权？" onConfirm={() => resume(g)} okText="恢复" cancelText="取消">
              <Button size="small" loading={busy === g.id}>
                恢复
              </Button>
            </Popconfirm>
          )}
          {g.actions.includes('revoke') && (
            <Button size="small" danger onClick={() => setReasonFor({ grant: g, action: 'revoke' })}>
              撤销
            </Button>
          )}
          {g.requestId && <Link to={`/sharing/requests/${g.requestId}`}>申请</Link>}
        </Space>
      ),
    },
  ]
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          options={STATUSES}
          value={status}
          onChange={(v) => {
            setStatus(v as GrantStatus | 'all')
            setPage(1)
          }}
        />
        <Input.Search
          allowClear
          placeholder="搜索资源、应用、用途"
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
        />
      </Space>
      <Table<Grant>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        rowClassName={(g) => (g.id === focus ? 'ant-table-row-selected' : '')}
        scroll={{ x: 1500 }}
        locale={{
          emptyText: <Empty description={list.error ? `加载失败：${list.error.message}` : '暂无共享授权'} />,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 个授权`,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
      <ReasonModal
        open={reasonFor !== null}
        title={reasonFor?.action === 'revoke' ? '撤销授权（不可恢复）' : '暂停授权'}
        label={reasonFor?.action === 'revoke' ? '撤销理由' : '暂停理由'}
        path={`/grants/${reasonFor?.grant.id ?? ''}/${reasonFor?.action ?? 'suspend'}`}
        okText={reasonFor?.action === 'revoke' ? '撤销' : '暂停'}
        done={reasonFor?.action === 'revoke' ? '授权已撤销，数秒内在所有节点生效' : '授权已暂停'}
        danger={reasonFor?.action === 'revoke'}
        onClose={() => setReasonFor(null)}
        onDone={() => {
          setReasonFor(null)
          setTick((n) => n + 1)
        }}
      />
    </>
  )
}

/** 共享授权: grants the org holds, grants on its resources, and (bureau) those of its region. */
export default function GrantsPage() {
  const { hasRole } = useAuth()
  const [params] = useSearchParams()
  const focus = params.get('id')
  const org = hasRole('data_steward', 'org_admin', 'auditor')
  const bureau = hasRole('bureau_admin', 'reviewer', 'auditor')
  const items = [
    ...(org
      ? [
          {
            key: 'consumer',
            label: '本单位获得的授权',
            children: <GrantList side="consumer" focus={focus} />,
          },
          {
            key: 'provider',
            label: '本单位资源的授权',
            children: <GrantList side="provider" focus={focus} />,
          },
        ]
      : []),
    ...(bureau
      ? [{ key: 'region', label: '辖区授权', children: <GrantList side="region" focus={focus} /> }]
      : []),
  ]
  return (
    <Card title="共享授权" extra={<Tag color="blue">撤销、暂停在数秒内于所有节点生效</Tag>}>
      {items.length ? (
        <Tabs items={items} destroyOnHidden />
      ) : (
        <Empty description="您的角色没有可查看的共享授权" />
      )}
    </Card>
  )
}
