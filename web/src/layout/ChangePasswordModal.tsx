import { Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { api } from '../api'
import { useAuth } from '../auth'
import { showFormError, showSuccess } from '../feedback'

interface Values {
  currentPassword: string
  newPassword: string
  confirmPassword: string
}

export const PASSWORD_RULE = {
  pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,}$/,
  message: '密码至少 8 位，且须同时包含字母和数字',
}

export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const { refresh } = useAuth()

  const submit = async () => {
    const values = await form.validateFields()
    setSaving(true)
    try {
      await api.post<void>('/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      })
      showSuccess('密码已修改')
      form.resetFields()
      onClose()
      // The server may rotate the session; pick up the fresh user and CSRF token.
      await refresh().catch(() => undefined)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      title="修改密码"
      open={open}
      okText="确认修改"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        form.resetFields()
        onClose()
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item
          name="currentPassword"
          label="当前密码"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          rules={[{ required: true, message: '请输入新密码' }, PASSWORD_RULE]}
          extra="至少 8 位，须同时包含字母和数字"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
