import { Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { showFormError, showSuccess } from '../../../feedback'
import type { ResourceDetail } from '../../../types'

interface Props {
  open: boolean
  resourceId: string
  onClose: () => void
  onReturned: (next: ResourceDetail) => void
}

/** 退回 with a required reason, shown to the steward on the resource and in the edit form. */
export default function ReturnModal({ open, resourceId, onClose, onReturned }: Props) {
  const [form] = Form.useForm<{ reason: string }>()
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    const { reason } = await form.validateFields()
    setSaving(true)
    try {
      const next = await api.post<ResourceDetail>(`/catalog/resources/${resourceId}/return`, {
        reason: reason.trim(),
      })
      showSuccess('已退回')
      onReturned(next)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={open}
      title="退回数据资源"
      okText="退回"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="退回理由"
          rules={[
            { required: true, whitespace: true, message: '请填写退回理由' },
            { min: 2, max: 1000, message: '退回理由为 2–1000 个字符' },
          ]}
        >
          <Input.TextArea rows={4} showCount maxLength={1000} placeholder="请说明需要修改的内容" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
