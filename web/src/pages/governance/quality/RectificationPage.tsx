import { Alert, App, Button, Card, Form, Input, Modal, Segmented, Space, Table, Tabs, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { api, errorText } from '../../../api'
import { useAuth } from '../../../auth'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { TICKET_STATUS } from './labels'
import ResourcePicker from './ResourcePicker'
import TicketPage from './TicketPage'
import type { OrgTicketStats, Ticket, TicketDetail, TicketStatus } from './types'

type Box = 'provider' | 'reporter' | 'bureau' | 'escalated'

function Deadline({ t }: { t: Ticket }) {
  if (t.status !== 'open') return <span>{t.dueDate}</span>
  if (t.overdue) return <Tag color="red">已超期（{t.dueDate}）</Tag>
  const left = t.workingDaysLeft
  return (
    <Tag color={left !== null && left <= 1 ? 'gold' : 'default'}>
      {t.dueDate}（剩 {left ?? '—'} 个工作日）
    </Tag>
  )
}

function TicketBox({ box }: { box: Box }) {
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<TicketStatus | 'all'>(box === 'provider' ? 'open' : 'all')
  const [overdue, setOverdue] = useState(false)
  const [q, setQ] = useState<string>()
  const list = useFetch<Page<Ticket>>('/rectifications', {
    box,
    status: status === 'all' ? undefined : status,
    overdue: overdue || undefined,
    q,
    sort: status === 'open' ? 'due' : 'created',
    page,
    pageSize: 20,
  })
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {box !== 'escalated' && (
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(v as TicketStatus | 'all')
              setPage(1)
            }}
            options={[
              { value: 'all', label: '全部' },
              ...Object.entries(TICKET_STATUS).map(([value, s]) => ({ value, label: s.label })),
            ]}
          />
        )}
        <Segmented
          value={overdue ? 'overdue' : 'all'}
          onChange={(v) => {
            setOverdue(v === 'overdue')
            setPage(1)
          }}
          options={[
            { value: 'all', label: '全部期限' },
            { value: 'overdue', label: '仅超期' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="搜索资源或问题描述"
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={errorText(list.error)} />}
      <Table<Ticket>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText:
            box === 'provider'
              ? '暂无需要本单位整改的工单'
              : box === 'reporter'
                ? '本单位尚未提出纠错'
                : '暂无工单',
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 件`,
        }}
        onRow={(t) => ({
          onClick: () => navigate(`/governance/rectifications/${t.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: '资源', dataIndex: 'resourceName' },
          {
            title: '来源',
            dataIndex: 'source',
            render: (v: Ticket['source'], t) =>
              v === 'audit' ? <Tag color="blue">稽查</Tag> : <Tag color="cyan">纠错·{t.reporterOrgName}</Tag>,
          },
          { title: '问题', dataIndex: 'description', ellipsis: true },
          { title: '提供单位', dataIndex: 'providerOrgName' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (v: TicketStatus, t) => (
              <Space size={4}>
                <Tag color={TICKET_STATUS[v].color}>{TICKET_STATUS[v].label}</Tag>
                {t.escalatedAt && t.status === 'open' && <Tag color="red">已升级</Tag>}
                {t.reopenCount > 0 && <Tag>重开 {t.reopenCount}</Tag>}
              </Space>
            ),
          },
          { title: '整改期限', dataIndex: 'dueDate', render: (_: string, t) => <Deadline t={t} /> },
          { title: '提出时间', dataIndex: 'createdAt', render: formatTime },
        ]}
      />
    </>
  )
}

function Stats() {
  const stats = useFetch<{ items: OrgTicketStats[] }>('/rectifications/stats')
  return (
    <Table<OrgTicketStats>
      rowKey="orgId"
      size="middle"
      loading={stats.loading}
      dataSource={stats.data?.items ?? []}
      locale={{ emptyText: '暂无整改工单' }}
      pagination={false}
      columns={[
        { title: '提供单位', dataIndex: 'orgName' },
        { title: '工单总数', dataIndex: 'total' },
        { title: '待整改', dataIndex: 'open' },
        { title: '待复核', dataIndex: 'rechecking' },
        { title: '有异议', dataIndex: 'disputed' },
        { title: '已办结', dataIndex: 'closed' },
        { title: '整改完成', dataIndex: 'fixed' },
        {
          title: '当前超期',
          dataIndex: 'overdue',
          render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0),
        },
        { title: '曾升级', dataIndex: 'escalated' },
        { title: '按期答复', dataIndex: 'answeredOnTime' },
      ]}
    />
  )
}

function ReportModal({
  open,
  resourceId,
  onClose,
}: {
  open: boolean
  resourceId?: string | undefined
  onClose: () => void
}) {
  const [form] = Form.useForm<{
    resourceId: string
    recordKey?: string
    fieldCode?: string
    description: string
  }>()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [saving, setSaving] = useState(false)
  useEffect(() => {
    if (open) form.setFieldsValue({ resourceId })
  }, [open, resourceId, form])
  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      const t = await api.post<TicketDetail>('/rectifications', {
        resourceId: v.resourceId,
        description: v.description,
        ...(v.recordKey?.trim() ? { recordKey: v.recordKey.trim() } : {}),
        ...(v.fieldCode?.trim() ? { fieldCode: v.fieldCode.trim() } : {}),
      })
      message.success('已提交纠错，提供单位将在期限内答复')
      onClose()
      navigate(`/governance/rectifications/${t.id}`)
    } catch (err) {
      message.error(errorText(err))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={open}
      title="提出纠错"
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText="提交"
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="resourceId" label="数据资源" rules={[{ required: true, message: '请选择资源' }]}>
          <ResourcePicker onChange={(id) => form.setFieldValue('resourceId', id)} width={440} />
        </Form.Item>
        <Form.Item name="recordKey" label="记录标识（可选，如公民身份号码、统一社会信用代码）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="fieldCode" label="信息项代码（可选）">
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="description"
          label="错误说明"
          rules={[{ required: true, message: '请说明数据错误' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** 整改工单: tickets to my org (with working-day deadlines), my org's error reports, the bureau's boxes, statistics. */
export default function RectificationPage() {
  const { id } = useParams()
  if (id) return <TicketPage id={id} />
  return <TicketBoxes />
}

function TicketBoxes() {
  const { hasRole } = useAuth()
  const [params, setParams] = useSearchParams()
  const reportFor = params.get('report') ?? undefined
  const [reporting, setReporting] = useState(!!reportFor)
  const org = hasRole('data_steward', 'org_admin', 'auditor')
  const bureau = hasRole('bureau_admin', 'reviewer', 'auditor')
  const items = [
    ...(org
      ? [
          { key: 'provider', label: '本单位待整改', children: <TicketBox box="provider" /> },
          { key: 'reporter', label: '本单位提出的纠错', children: <TicketBox box="reporter" /> },
        ]
      : []),
    ...(bureau
      ? [
          { key: 'escalated', label: '超期升级', children: <TicketBox box="escalated" /> },
          { key: 'bureau', label: '辖区全部工单', children: <TicketBox box="bureau" /> },
        ]
      : []),
    { key: 'stats', label: '整改统计', children: <Stats /> },
  ]
  return (
    <Card
      title="整改工单"
      extra={
        <Space>
          {hasRole('data_steward', 'org_admin') && (
            <Button type="primary" onClick={() => setReporting(true)}>
              提出纠错
            </Button>
          )}
          <Link to="/governance/quality">质量稽查</Link>
        </Space>
      }
    >
      <Tabs items={items} destroyOnHidden />
      <ReportModal
        open={reporting}
        resourceId={reportFor}
        onClose={() => {
          setReporting(false)
          if (reportFor) setParams({})
        }}
      />
    </Card>
  )
}
