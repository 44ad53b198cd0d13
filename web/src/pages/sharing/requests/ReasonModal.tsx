import { Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { showFormError, showSuccess } from '../../../feedback'

interface Props {
  open: boolean
  title: string
  /** API path (under /api/v1) that takes `{ reason }`. */
  path: string
  label: string
  okText: string
  done: string
  danger?: boolean
  placeholder?: string
  onClose: () => void
  onDone: () => void
}

/** A decision that must give a reason: 不同意, 申诉, 暂停 or 撤销 an authorisation. */
export default function ReasonModal({
  open,
  title,
  path,
  label,
  okText,
  done,
  danger,
  placeholder,
  onClose,
  onDone,
}: Props) {
  const [form] = Form.useForm<{ reason: string }>()
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    const { reason } = await form.validateFields()
    setSaving(true)
    try {
      await api.post(path, { reason: reason.trim() })
      showSuccess(done)
      onDone()
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={label}
          rules={[
            { required: true, whitespace: true, message: `请填写${label}` },
            { min: 2, max: 1000, message: `${label}为 2–1000 个字符` },
          ]}
        >
          <Input.TextArea rows={4} showCount maxLength={1000} placeholder={placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
