import { Form, Input, Modal } from 'antd'
import { useState } from 'react'

/** Asks for a reason (refuse, reject, revoke, objection decisions) or a list of gaps, then calls onOk. */
export default function StepModal({
  title,
  open,
  gaps,
  onCancel,
  onOk,
}: {
  title: string
  open: boolean
  /** Ask for supplement gaps (one per line: 材料：说明) instead of a reason. */
  gaps?: boolean
  onCancel: () => void
  onOk: (text: string) => Promise<void>
}) {
  const [form] = Form.useForm<{ text: string }>()
  const [busy, setBusy] = useState(false)
  return (
    <Modal
      title={title}
      open={open}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
      onOk={async () => {
        const { text } = await form.validateFields()
        setBusy(true)
        try {
          await onOk(text.trim())
          form.resetFields()
        } finally {
          setBusy(false)
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="text"
          label={gaps ? '需补正的全部事项（每行一项，一次性告知）' : '理由'}
          rules={[{ required: true, min: 2, message: gaps ? '请列明补正事项' : '请填写理由' }]}
        >
          <Input.TextArea rows={gaps ? 5 : 3} maxLength={gaps ? 5000 : 1000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
