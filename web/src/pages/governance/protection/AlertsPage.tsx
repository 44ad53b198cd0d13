import {
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Input,
  List,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { api } from '../../../api'
import { useAuth } from '../../../auth'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { ALERT_RULES, ALERT_STATUSES, options, SeverityTag } from './labels'
import type { Alert, AlertDetail, Notice } from './types'

const ACTIONS: [string, string, boolean][] = [
  ['acknowledge', '确认', false],
  ['resolve', '已处置', false],
  ['dismiss', '忽略', false],
  ['suspend_app', '停用应用', true],
  ['revoke_grant', '撤销授权', true],
]

function AlertDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const [tick, setTick] = useState(0)
  const detail = useFetch<AlertDetail>(`/governance/alerts/${id}`, undefined, tick)
  const [note, setNote] = useState('')
  const [grantId, setGrantId] = useState<string>()
  const [busy, setBusy] = useState<string | null>(null)
  const a = detail.data
  const closed = a?.status === 'resolved' || a?.status === 'dismissed'
  const act = async (action: string) => {
    setBusy(action)
    try {
      await api.post(`/governance/alerts/${id}/actions`, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action === 'revoke_grant' && grantId ? { grantId } : {}),
      })
      showSuccess('已处置并通知相关单位管理员')
      setTick((n) => n + 1)
      onChanged()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(null)
    }
  }
  return (
    <Drawer open width={560} title={a ? ALERT_RULES[a.rule] : '预警'} onClose={onClose}>
      {a && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="级别">
              <SeverityTag severity={a.severity} />
            </Descriptions.Item>
            <Descriptions.Item label="状态">{ALERT_STATUSES[a.status]}</Descriptions.Item>
            <Descriptions.Item label="说明">{a.summary}</Descriptions.Item>
            <Descriptions.Item label="时间窗">
              {formatTime(a.windowStart)} — {formatTime(a.windowEnd)}
            </Descriptions.Item>
            <Descriptions.Item label="应用">{a.appId ?? '未知（凭证无效）'}</Descriptions.Item>
            <Descriptions.Item label="明细">
              {Object.entries(a.details).map(([k, v]) => (
                <Tag key={k}>
                  {k}: {String(v)}
                </Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="已执行">{a.actions.join('、') || '—'}</Descriptions.Item>
          </Descriptions>
          {a.canAct && !closed && (
            <>
              <Input.TextArea
                rows={2}
                placeholder="处置说明（可选）"
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              {a.grants.length > 0 && (
                <Select
                  allowClear
                  placeholder="选择要撤销的授权"
                  style={{ width: '100%' }}
                  value={grantId}
                  onChange={setGrantId}
                  options={a.grants
                    .filter((g) => g.status !== 'revoked')
                    .map((g) => ({ value: g.id, label: `${g.resourceCode}（${g.status}）` }))}
                />
              )}
              <Space wrap>
                {ACTIONS.map(([action, label, danger]) => (
                  <Button
                    key={action}
                    danger={danger}
                    loading={busy === action}
                    disabled={action === 'revoke_grant' && !grantId && !a.grantId}
                    onClick={() => act(action)}
                  >
                    {label}
                  </Button>
                ))}
              </Space>
            </>
          )}
        </Space>
      )}
    </Drawer>
  )
}

function Inbox() {
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<string | undefined>('open')
  const [rule, setRule] = useState<string>()
  const [open, setOpen] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const list = useFetch<Page<Alert>>('/governance/alerts', { status, rule, page, pageSize: 20 }, tick)
  const columns: ColumnsType<Alert> = [
    { title: '级别', key: 'severity', width: 80, render: (_, a) => <SeverityTag severity={a.severity} /> },
    { title: '规则', key: 'rule', width: 160, render: (_, a) => ALERT_RULES[a.rule] ?? a.rule },
    { title: '说明', dataIndex: 'summary', key: 'summary', ellipsis: true },
    { title: '时间', key: 'at', width: 170, render: (_, a) => formatTime(a.windowStart) },
    { title: '状态', key: 'status', width: 100, render: (_, a) => ALERT_STATUSES[a.status] },
    {
      title: '操作',
      key: 'open',
      width: 90,
      render: (_, a) => (
        <Button size="small" onClick={() => setOpen(a.id)}>
          {a.canAct && (a.status === 'open' || a.status === 'acknowledged') ? '处置' : '查看'}
        </Button>
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
          options={options(ALERT_STATUSES)}
          onChange={(v) => {
            setStatus(v)
            setPage(1)
          }}
        />
        <Select
          allowClear
          placeholder="规则"
          style={{ width: 200 }}
          value={rule}
          options={options(ALERT_RULES)}
          onChange={(v) => {
            setRule(v)
            setPage(1)
          }}
        />
      </Space>
      <Table<Alert>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: <Empty description={list.error ? `加载失败：${list.error.message}` : '暂无预警'} />,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 条预警`,
          onChange: setPage,
          showSizeChanger: false,
        }}
      />
      {open && (
        <AlertDrawer id={open} onClose={() => setOpen(null)} onChanged={() => setTick((n) => n + 1)} />
      )}
    </>
  )
}

function Notices() {
  const [page, setPage] = useState(1)
  const [tick, setTick] = useState(0)
  const list = useFetch<Page<Notice>>('/governance/notifications', { page, pageSize: 20 }, tick)
  const read = async (n: Notice) => {
    try {
      await api.post(`/governance/notifications/${n.id}/read`)
      setTick((x) => x + 1)
    } catch (err) {
      showError(err)
    }
  }
  return (
    <List<Notice>
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <Empty description="暂无通知" /> }}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
      renderItem={(n) => (
        <List.Item
          actions={
            n.readAt
              ? []
              : [
                  <Button key="read" size="small" type="link" onClick={() => read(n)}>
                    标为已读
                  </Button>,
                ]
          }
        >
          <List.Item.Meta
            title={
              <Space>
                {!n.readAt && <Badge status="processing" />}
                {n.title}
              </Space>
            }
            description={`${formatTime(n.createdAt)} · ${n.body}`}
          />
        </List.Item>
      )}
    />
  )
}

/** 安全预警: the alert inbox with incident actions, and the org admin's notifications. */
export default function AlertsPage() {
  const { hasRole } = useAuth()
  return (
    <Card title="安全预警">
      <Tabs
        items={[
          { key: 'inbox', label: '预警收件箱', children: <Inbox /> },
          ...(hasRole('org_admin') ? [{ key: 'notices', label: '单位通知', children: <Notices /> }] : []),
        ]}
      />
    </Card>
  )
}
