import { Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { useUser } from '../../auth'
import OrgSelect from '../../components/OrgSelect'
import { showFormError } from '../../feedback'
import type { ApiApp } from '../../types'

interface Values {
  orgId: string
  name: string
  description?: string
}

export interface CreatedApp {
  app: ApiApp
  clientSecret: string
}

interface Props {
  open: boolean
  onClose: () => void
  onCreated: (created: CreatedApp) => void
}

export default function AppFormModal({ open, onClose, onCreated }: Props) {
  const me = useUser()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)

  const submit = async () => {
    const values = await form.validateFields()
    setSaving(true)
    try {
      const description = values.description?.trim()
      const created = await api.post<CreatedApp>('/apps', {
        orgId: values.orgId,
        name: values.name.trim(),
        ...(description ? { description } : {}),
      })
      onCreated(created)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title="注册 API 应用"
      okText="注册"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ orgId: me.orgId }}>
        {/* An enterprise registers apps for itself only (and may not search the org directory). */}
        <Form.Item
          name="orgId"
          label="所属单位"
          hidden={me.orgType === 'enterprise'}
          rules={[{ required: true, message: '请选择所属单位' }]}
        >
          {me.orgType === 'enterprise' ? (
            <Input />
          ) : (
            <OrgSelect initialLabel={me.orgName} allowClear={false} />
          )}
        </Form.Item>
        <Form.Item
          name="name"
          label="应用名称"
          rules={[
            { required: true, whitespace: true, message: '请输入应用名称' },
            { max: 100, message: '不超过 100 个字符' },
          ]}
        >
          <Input placeholder="如：政务服务网数据接口" />
        </Form.Item>
        <Form.Item name="description" label="描述" rules={[{ max: 500, message: '不超过 500 个字符' }]}>
          <Input.TextArea rows={3} placeholder="可选：用途、对接系统、联系人等" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
