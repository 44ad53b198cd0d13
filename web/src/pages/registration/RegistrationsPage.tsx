import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Input, Select, Space, Table, Tabs, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useAuth } from '../../auth'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { DueTag, KIND_LABELS, STATUS_LABELS, StatusTag } from './labels'
import type { Registration, RegistrationKind, RegistrationStatus } from './types'

type Box = 'mine' | 'inbox' | 'region'

const EMPTY: Record<Box, string> = {
  mine: '本单位还没有登记申请，点击“新建登记申请”开始',
  inbox: '登记机构暂无待办',
  region: '辖区内暂无登记',
}

function RegistrationBox({ box }: { box: Box }) {
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<RegistrationStatus>()
  const [kind, setKind] = useState<RegistrationKind>()
  const [q, setQ] = useState<string>()
  const [sort, setSort] = useState<'created' | 'due' | 'updated'>(box === 'inbox' ? 'due' : 'created')
  const list = useFetch<Page<Registration>>('/registrations', {
    box,
    status,
    kind,
    q,
    sort,
    page,
    pageSize: 20,
  })
  const columns: ColumnsType<Registration> = [
    {
      title: '数据资源 / 产品',
      key: 'name',
      width: 240,
      render: (_, r) => (
        <div>
          <Link to={`/registrations/${r.id}`}>{r.dataName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {r.number ?? r.targetNumber ?? '未赋码'}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      key: 'kind',
      width: 100,
      render: (k: RegistrationKind) => KIND_LABELS[k],
    },
    { title: '登记主体', dataIndex: 'registrantName', key: 'registrant', width: 160 },
    { title: '登记机构', dataIndex: 'bodyName', key: 'body', width: 140 },
    { title: '当前期限', key: 'due', width: 220, render: (_, r) => <DueTag r={r} /> },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: RegistrationStatus) => <StatusTag status={s} />,
    },
    { title: '有效期至', dataIndex: 'validUntil', key: 'validUntil', width: 110, render: (v) => v ?? '—' },
    { title: '更新时间', dataIndex: 'updatedAt', key: 'updatedAt', width: 165, render: formatTime },
    {
      title: '操作',
      key: 'op',
      width: 90,
      fixed: 'right',
      render: (_, r) => (
        <Link to={`/registrations/${r.id}`}>
          <Button size="small" type={box === 'inbox' ? 'primary' : 'default'}>
            {box === 'inbox' ? '办理' : '查看'}
          </Button>
        </Link>
      ),
    },
  ]
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v)
            setPage(1)
          }}
          options={Object.entries(STATUS_LABELS).map(([value, s]) => ({ value, label: s.label }))}
        />
        <Select
          allowClear
          placeholder="登记类型"
          style={{ width: 130 }}
          value={kind}
          onChange={(v) => {
            setKind(v)
            setPage(1)
          }}
          options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          style={{ width: 150 }}
          value={sort}
          onChange={setSort}
          options={[
            { value: 'created', label: '最新创建' },
            { value: 'due', label: '期限最近' },
            { value: 'updated', label: '最近变动' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="搜索名称或登记编号"
          style={{ width: 240 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
        />
      </Space>
      <Table<Registration>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1300 }}
        locale={{
          emptyText: <Empty description={list.error ? `加载失败：${list.error.message}` : EMPTY[box]} />,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 条`,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
    </>
  )
}

/** 资源登记: the registrant's applications and the registration body's inbox with working-day countdowns. */
export default function RegistrationsPage() {
  const { hasRole } = useAuth()
  const navigate = useNavigate()
  const registrant = hasRole('data_steward', 'org_admin', 'operator_staff', 'auditor')
  const body = hasRole('bureau_admin', 'reviewer')
  const reader = hasRole('bureau_admin', 'reviewer', 'auditor')
  const items = [
    ...(body ? [{ key: 'inbox', label: '登记机构待办', children: <RegistrationBox box="inbox" /> }] : []),
    ...(registrant ? [{ key: 'mine', label: '本单位登记', children: <RegistrationBox box="mine" /> }] : []),
    ...(reader ? [{ key: 'region', label: '辖区全部登记', children: <RegistrationBox box="region" /> }] : []),
  ]
  return (
    <Card
      title="公共数据资源登记"
      extra={
        hasRole('data_steward', 'org_admin', 'operator_staff') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/registrations/new')}>
            新建登记申请
          </Button>
        )
      }
    >
      {items.length ? <Tabs items={items} destroyOnHidden /> : <Empty description="您的角色无权办理登记" />}
    </Card>
  )
}
