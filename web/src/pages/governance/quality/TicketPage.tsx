import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Tag, Timeline } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api, errorText } from '../../../api'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { EVENT_LABELS, RESOLUTION_LABELS, TICKET_STATUS } from './labels'
import type { TicketDetail } from './types'

type Action = TicketDetail['actions'][number]

const ACTION_TITLES: Record<Action, string> = {
  answer: '答复整改',
  confirm: '确认已整改',
  reopen: '未整改到位，重新打开',
  arbitrate: '裁决异议',
}

function ActionModal({
  ticket,
  action,
  onClose,
  onDone,
  onRefresh,
}: {
  ticket: TicketDetail
  action: Action | null
  onClose: () => void
  onDone: () => void
  onRefresh: () => void
}) {
  const [form] = Form.useForm<{ outcome?: string; decision?: string; note?: string }>()
  const [saving, setSaving] = useState(false)
  const { message } = App.useApp()
  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      const body =
        action === 'answer'
          ? { outcome: v.outcome, note: v.note }
          : action === 'arbitrate'
            ? { decision: v.decision, note: v.note }
            : v.note
              ? { note: v.note }
              : {}
      await api.post(`/rectifications/${ticket.id}/${action}`, body)
      message.success('已办理')
      onDone()
    } catch (err) {
      message.error(errorText(err))
      // The ticket may have moved meanwhile (a load-triggered audit closed it): show where it stands now.
      onRefresh()
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={action !== null}
      title={action ? ACTION_TITLES[action] : ''}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText="提交"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ outcome: 'fixed', decision: 'uphold' }}>
        {action === 'answer' && (
          <Form.Item name="outcome" label="答复">
            <Radio.Group>
              <Radio value="fixed">已整改（{ticket.source === 'audit' ? '立即复核' : '请提出方确认'}）</Radio>
              <Radio value="explained">已说明（办结）</Radio>
              <Radio value="disputed">有异议（提交数据局裁决）</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {action === 'arbitrate' && (
          <Form.Item name="decision" label="裁决">
            <Radio.Group>
              <Radio value="uphold">维持整改要求（重新计时）</Radio>
              <Radio value="dismiss">异议成立，驳回工单</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label="说明"
          rules={[{ required: action !== 'confirm', message: '请填写说明' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** One rectification ticket: facts, deadline, history and the steps the signed-in user may take. */
export default function TicketPage({ id }: { id: string }) {
  const ticket = useFetch<TicketDetail>(`/rectifications/${id}`)
  const [action, setAction] = useState<Action | null>(null)
  const t = ticket.data
  if (ticket.error) return <Alert type="error" showIcon message={errorText(ticket.error)} />
  if (!t) return <Card loading />
  const status = TICKET_STATUS[t.status]
  return (
    <Card
      title={`整改工单 · ${t.resourceName}`}
      extra={
        <Space>
          {t.actions.map((a) => (
            <Button
              key={a}
              type={a === 'answer' || a === 'arbitrate' ? 'primary' : 'default'}
              onClick={() => setAction(a)}
            >
              {ACTION_TITLES[a]}
            </Button>
          ))}
          <Link to="/governance/rectifications">返回列表</Link>
        </Space>
      }
    >
      <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="状态">
          <Space>
            <Tag color={status.color}>{status.label}</Tag>
            {t.resolution && <Tag>{RESOLUTION_LABELS[t.resolution]}</Tag>}
            {t.escalatedAt && t.status === 'open' && <Tag color="red">已升级至数据局</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="整改期限">
          {t.dueDate}
          {t.status === 'open' &&
            (t.overdue ? (
              <Tag color="red" style={{ marginLeft: 8 }}>
                已超期
              </Tag>
            ) : (
              <span style={{ marginLeft: 8 }}>剩 {t.workingDaysLeft ?? '—'} 个工作日</span>
            ))}
        </Descriptions.Item>
        <Descriptions.Item label="来源">
          {t.source === 'audit' ? '质量稽查' : `纠错（${t.reporterOrgName ?? ''}）`}
        </Descriptions.Item>
        <Descriptions.Item label="提供单位">{t.providerOrgName}</Descriptions.Item>
        <Descriptions.Item label="问题" span={2}>
          {t.description}
        </Descriptions.Item>
        {t.recordKey && <Descriptions.Item label="记录">{t.recordKey}</Descriptions.Item>}
        {t.fieldCode && <Descriptions.Item label="信息项">{t.fieldCode}</Descriptions.Item>}
        {t.runId && (
          <Descriptions.Item label="稽查结果">
            <Link to={`/governance/quality/runs/${t.runId}`}>查看最近一次稽查</Link>
          </Descriptions.Item>
        )}
        {t.answer && (
          <Descriptions.Item label="提供单位答复" span={2}>
            {t.answer}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Card size="small" title="办理历史">
        <Timeline
          items={t.events.map((e) => ({
            children: (
              <div>
                <b>{EVENT_LABELS[e.action] ?? e.action}</b>
                <span style={{ color: '#888', marginLeft: 8 }}>
                  {formatTime(e.at)} {e.actorName ?? ''}
                </span>
                {e.note && <div>{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      <ActionModal
        ticket={t}
        action={action}
        onClose={() => setAction(null)}
        onDone={() => {
          setAction(null)
          ticket.reload()
        }}
        onRefresh={() => ticket.reload()}
      />
    </Card>
  )
}
