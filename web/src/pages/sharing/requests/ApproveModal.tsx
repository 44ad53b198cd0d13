import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Space } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { showFormError, showSuccess } from '../../../feedback'
import { beijingToday, dayjs } from '../../../format'
import type { ShareRequestDetail } from './types'

interface Values {
  fields: string[]
  periodEnd: dayjs.Dayjs
  quotaPerDay?: number | null
  ratePerSecond?: number | null
  note?: string
}

interface Props {
  request: ShareRequestDetail | null
  onClose: () => void
  onDone: () => void
}

/** 同意: the provider may grant fewer fields or a shorter period than asked, and set a daily quota and a rate. */
export default function ApproveModal({ request, onClose, onDone }: Props) {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const names = new Map(request?.resourceFields.map((f) => [f.code, f.name]) ?? [])
  const submit = async () => {
    if (!request) return
    const v = await form.validateFields()
    setSaving(true)
    try {
      await api.post(`/share-requests/${request.id}/approve`, {
        fields: v.fields,
        periodEnd: v.periodEnd.format('YYYY-MM-DD'),
        ...(v.quotaPerDay ? { quotaPerDay: v.quotaPerDay } : {}),
        ...(v.ratePerSecond ? { ratePerSecond: v.ratePerSecond } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      })
      showSuccess('已同意，授权已生成')
      onDone()
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={request !== null}
      title="同意共享"
      okText="同意并授权"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {request && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ fields: request.fields, periodEnd: dayjs(request.periodEnd) }}
        >
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${request.consumerOrgName}（${request.appName}）申请用于：${request.purpose}`}
          />
          <Form.Item
            name="fields"
            label="同意的信息项（可少于申请）"
            rules={[{ required: true, type: 'array', min: 1, message: '至少同意一个信息项' }]}
          >
            <Checkbox.Group>
              <Space orientation="vertical">
                {request.fields.map((code) => (
                  <Checkbox key={code} value={code}>
                    {names.get(code) ?? code} <span style={{ color: '#999' }}>{code}</span>
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="periodEnd"
            label={`授权截止日期（申请至 ${request.periodEnd}，可缩短）`}
            rules={[{ required: true, message: '请选择截止日期' }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) =>
                d.isAfter(dayjs(request.periodEnd), 'day') || d.isBefore(beijingToday(), 'day')
              }
            />
          </Form.Item>
          <Space size={16}>
            <Form.Item name="quotaPerDay" label="每日调用上限（可选）">
              <InputNumber
                min={1}
                max={100_000_000}
                precision={0}
                style={{ width: 200 }}
                placeholder="不限"
              />
            </Form.Item>
            <Form.Item name="ratePerSecond" label="每秒调用上限（可选）">
              <InputNumber min={1} max={100_000} precision={0} style={{ width: 200 }} placeholder="不限" />
            </Form.Item>
          </Space>
          <Form.Item name="note" label="审核意见（可选）">
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      )}
    </Modal>
  )
}
