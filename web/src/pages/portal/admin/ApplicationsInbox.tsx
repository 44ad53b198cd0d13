import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Segmented,
  Space,
  Table,
  Tag,
  Timeline,
} from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { beijingToday, formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { DELIVERY_LABELS, DueText, historyLine, RequestStatusTag } from '../labels'
import type { OpenRequest } from '../types'

function Decide({ id, onDone }: { id: string; onDone: () => void }) {
  const detail = useFetch<OpenRequest>(`/portal/applications/${id}`)
  const [form] = Form.useForm()
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const d = detail.data
  const act = async (step: 'approve' | 'reject') => {
    setBusy(true)
    try {
      if (step === 'approve') {
        const v = await form.validateFields()
        await api.post(`/portal/applications/${id}/approve`, {
          agreementTerms: v.agreementTerms,
          agreementUntil: v.agreementUntil.format('YYYY-MM-DD'),
          delivery: v.delivery,
        })
      } else {
        await api.post(`/portal/applications/${id}/reject`, { reason })
      }
      showSuccess(step === 'approve' ? '已同意并发出开放协议' : '已答复不同意')
      onDone()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  if (detail.error) return <Alert type="error" showIcon message={errorText(detail.error)} />
  if (!d) return null
  return (
    <>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="数据资源">
          {d.resourceName}（{d.resourceCode}）
        </Descriptions.Item>
        <Descriptions.Item label="申请人">{d.developerName}</Descriptions.Item>
        <Descriptions.Item label="用途">{d.purpose}</Descriptions.Item>
        <Descriptions.Item label="应用场景">{d.scenario}</Descriptions.Item>
        <Descriptions.Item label="希望的获取方式">{DELIVERY_LABELS[d.delivery]}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <RequestStatusTag status={d.status} />
          {d.escalated && <Tag color="red">已升级至数据局</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="答复期限">
          <DueText due={d.replyDue} left={d.workingDaysLeft} overdue={d.overdue} />
        </Descriptions.Item>
        {d.agreementTerms && (
          <Descriptions.Item label="开放协议">
            {d.agreementTerms}（至 {d.agreementUntil}）
          </Descriptions.Item>
        )}
        {d.outcomeReport && <Descriptions.Item label="成果反馈">{d.outcomeReport}</Descriptions.Item>}
      </Descriptions>
      {d.actions?.includes('approve') && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          initialValues={{ delivery: d.delivery, agreementUntil: beijingToday().add(90, 'day') }}
        >
          <Form.Item
            name="agreementTerms"
            label="开放协议条款"
            rules={[{ required: true, min: 4, message: '请填写开放协议条款' }]}
          >
            <Input.TextArea rows={3} placeholder="用途限制、安全要求、不得再分发、成果反馈等" />
          </Form.Item>
          <Form.Item name="agreementUntil" label="协议截止日期（最长一年）" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="delivery" label="交付方式">
            <Radio.Group
              options={Object.entries(DELIVERY_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Space wrap>
            <Button type="primary" loading={busy} onClick={() => act('approve')}>
              同意
            </Button>
            <Input
              placeholder="不同意的理由"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ width: 220 }}
            />
            <Button danger disabled={reason.trim().length < 2} loading={busy} onClick={() => act('reject')}>
              不同意
            </Button>
          </Space>
        </Form>
      )}
      <Timeline
        style={{ marginTop: 16 }}
        items={(d.history ?? []).map((h) => ({
          children: historyLine(h, formatTime(h.at)),
        }))}
      />
    </>
  )
}

/** The console inbox of open requests (开放申请): the provider decides; the bureau sees its region and escalations. */
export default function ApplicationsInbox() {
  const [status, setStatus] = useState<string>('pending')
  const [page, setPage] = useState(1)
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [open, setOpen] = useState<string | null>(null)
  const list = useFetch<Page<OpenRequest>>(
    '/portal/applications',
    {
      status: status === 'all' || status === 'overdue' ? undefined : status,
      overdue: status === 'overdue' || undefined,
      q,
      page,
      pageSize: 20,
      sort: status === 'pending' ? 'due' : undefined,
    },
    tick,
  )
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(String(v))
            setPage(1)
          }}
          options={[
            { value: 'pending', label: '待审核' },
            { value: 'overdue', label: '已超期' },
            { value: 'approved', label: '待签署' },
            { value: 'active', label: '生效中' },
            { value: 'completed', label: '已反馈' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="资源名称或申请人"
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
          style={{ width: 240 }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={errorText(list.error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '暂无开放申请' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: '数据资源', dataIndex: 'resourceName' },
          { title: '申请人', dataIndex: 'developerName' },
          { title: '用途', dataIndex: 'purpose', ellipsis: true, width: 200 },
          {
            title: '状态',
            key: 'status',
            render: (_, r) => (
              <Space size={2}>
                <RequestStatusTag status={r.status} />
                {r.escalated && <Tag color="red">已升级</Tag>}
              </Space>
            ),
          },
          {
            title: '答复期限',
            key: 'due',
            render: (_, r) =>
              r.status === 'pending' ? (
                <DueText due={r.replyDue} left={r.workingDaysLeft} overdue={r.overdue} />
              ) : (
                '-'
              ),
          },
          {
            title: '操作',
            key: 'op',
            render: (_, r) => (
              <Button size="small" onClick={() => setOpen(r.id)}>
                {r.actions?.length ? '办理' : '查看'}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title="开放申请"
        width={Math.min(640, window.innerWidth)}
        destroyOnHidden
      >
        {open && (
          <Decide
            id={open}
            onDone={() => {
              setOpen(null)
              setTick((n) => n + 1)
            }}
          />
        )}
      </Drawer>
    </>
  )
}
