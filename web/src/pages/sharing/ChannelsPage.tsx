import { PlusOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Col,
  Empty,
  Input,
  Popconfirm,
  Progress,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { api } from '../../api'
import { useAuth } from '../../auth'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import ChannelFormModal from './requests/ChannelFormModal'
import { PROTOCOL_LABELS } from './requests/labels'
import type { Channel, ChannelStats, ChannelStatus } from './requests/types'

function RetiredStats({ refresh }: { refresh: number }) {
  const stats = useFetch<ChannelStats>('/sharing/channels/stats', undefined, refresh)
  const s = stats.data
  if (!s) return null
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col xs={24} md={6}>
        <Card size="small">
          <Statistic title="登记通道" value={s.total.total} />
        </Card>
      </Col>
      <Col xs={24} md={6}>
        <Card size="small">
          <Statistic title="已由枢纽替代" value={s.total.retired} suffix={`/ ${s.total.total}`} />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title="各地区退役率" data-testid="channel-retired">
          {s.regions.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无登记的点对点通道" />
          ) : (
            s.regions.map((r) => (
              <Row key={r.regionCode} align="middle" gutter={8}>
                <Col span={6}>{r.regionName}</Col>
                <Col span={18}>
                  <Progress
                    percent={r.retiredPct ?? 0}
                    size="small"
                    format={() => `${r.retired}/${r.total}`}
                  />
                </Col>
              </Row>
            ))
          )}
        </Card>
      </Col>
    </Row>
  )
}

/** 点对点通道: the registry of legacy direct links and how many the hub has replaced. */
export default function ChannelsPage() {
  const { hasRole } = useAuth()
  const mayRegister = hasRole('data_steward', 'org_admin', 'bureau_admin')
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<ChannelStatus | 'all'>('all')
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [editing, setEditing] = useState<Channel | null | undefined>(undefined)
  const list = useFetch<Page<Channel>>(
    '/sharing/channels',
    { status: status === 'all' ? undefined : status, q, page, pageSize: 20 },
    tick,
  )
  const remove = async (c: Channel) => {
    try {
      await api.delete(`/sharing/channels/${c.id}`)
      showSuccess('已删除')
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  const columns: ColumnsType<Channel> = [
    { title: '通道名称', dataIndex: 'name', key: 'name' },
    { title: '提供单位', dataIndex: 'providerOrgName', key: 'provider', width: 170 },
    { title: '使用单位', dataIndex: 'consumerOrgName', key: 'consumer', width: 170 },
    {
      title: '连接方式',
      dataIndex: 'protocol',
      key: 'protocol',
      width: 120,
      render: (p: Channel['protocol']) => PROTOCOL_LABELS[p],
    },
    {
      title: '状态',
      key: 'status',
      width: 130,
      render: (_, c) =>
        c.status === 'retired' ? <Tag color="success">已由枢纽替代</Tag> : <Tag color="warning">在用</Tag>,
    },
    { title: '退役时间', dataIndex: 'retiredAt', key: 'retiredAt', width: 165, render: formatTime },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, c) =>
        c.canEdit ? (
          <Space size={4}>
            <Button size="small" onClick={() => setEditing(c)}>
              {c.status === 'active' ? '关联授权' : '修改'}
            </Button>
            <Popconfirm title="删除这条登记？" onConfirm={() => remove(c)} okText="删除" cancelText="取消">
              <Button size="small" danger>
                删除
              </Button>
            </Popconfirm>
          </Space>
        ) : (
          '—'
        ),
    },
  ]
  return (
    <Card
      title="点对点通道"
      extra={
        mayRegister && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            登记通道
          </Button>
        )
      }
    >
      <RetiredStats refresh={tick} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          options={[
            { value: 'all', label: '全部' },
            { value: 'active', label: '在用' },
            { value: 'retired', label: '已替代' },
          ]}
          value={status}
          onChange={(v) => {
            setStatus(v as ChannelStatus | 'all')
            setPage(1)
          }}
        />
        <Input.Search
          allowClear
          placeholder="搜索通道名称、说明"
          style={{ width: 240 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
        />
      </Space>
      <Table<Channel>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: (
            <Empty description={list.error ? `加载失败：${list.error.message}` : '暂无登记的点对点通道'} />
          ),
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
      <ChannelFormModal
        open={editing !== undefined}
        channel={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined)
          setTick((n) => n + 1)
        }}
      />
    </Card>
  )
}
