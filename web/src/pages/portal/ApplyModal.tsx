import { Form, Input, Modal, Radio } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { showError, showSuccess } from '../../feedback'
import { devRequest } from './devApi'
import { DELIVERY_LABELS } from './labels'
import type { OpenRequest } from './types'

interface Values {
  purpose: string
  scenario: string
  delivery: OpenRequest['delivery']
}

/** A developer applies for conditionally open data: purpose, scenario and how it should be delivered. */
export default function ApplyModal({
  resourceCode,
  open,
  onClose,
}: {
  resourceCode: string
  open: boolean
  onClose: () => void
}) {
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const navigate = useNavigate()
  const submit = async () => {
    const values = await form.validateFields()
    setBusy(true)
    try {
      const made = await devRequest<OpenRequest>('POST', '/public/portal/applications', {
        resourceCode,
        ...values,
      })
      showSuccess('申请已提交，提供单位将在答复期限内办理')
      onClose()
      navigate(`/portal/developer/applications/${made.id}`)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      title="申请使用有条件开放数据"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="提交申请"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ delivery: 'sandbox' }}>
        <Form.Item
          name="purpose"
          label="用途"
          rules={[{ required: true, min: 4, message: '请具体说明用途（至少 4 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="scenario"
          label="应用场景"
          rules={[{ required: true, min: 4, message: '请具体说明应用场景（至少 4 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="delivery" label="获取方式">
          <Radio.Group
            options={Object.entries(DELIVERY_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
