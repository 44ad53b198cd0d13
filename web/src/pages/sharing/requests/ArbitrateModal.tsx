import { Form, Input, Modal, Radio } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { showFormError, showSuccess } from '../../../feedback'

interface Props {
  requestId: string | null
  onClose: () => void
  onDone: () => void
}

/** 数据局裁决: approve as requested (a grant is issued) or uphold the refusal; a reason is always given. */
export default function ArbitrateModal({ requestId, onClose, onDone }: Props) {
  const [form] = Form.useForm<{ decision: 'approve' | 'reject'; reason: string }>()
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    if (!requestId) return
    const v = await form.validateFields()
    setSaving(true)
    try {
      await api.post(`/share-requests/${requestId}/arbitrate`, {
        decision: v.decision,
        reason: v.reason.trim(),
      })
      showSuccess(v.decision === 'approve' ? '已裁决同意，授权已生成' : '已裁决维持不同意')
      onDone()
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={requestId !== null}
      title="数据局裁决"
      okText="提交裁决"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ decision: 'approve' }}>
        <Form.Item name="decision" label="裁决结果">
          <Radio.Group
            options={[
              { value: 'approve', label: '同意共享（按申请授权）' },
              { value: 'reject', label: '不同意共享' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="裁决理由"
          rules={[
            { required: true, whitespace: true, message: '请填写裁决理由' },
            { min: 2, max: 1000, message: '裁决理由为 2–1000 个字符' },
          ]}
        >
          <Input.TextArea rows={4} showCount maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
