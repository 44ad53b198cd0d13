import { Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { useAuth, useUser } from '../../auth'
import OrgSelect from '../../components/OrgSelect'
import RegionTreeSelect from '../../components/RegionTreeSelect'
import { showFormError, showSuccess } from '../../feedback'
import { ALL_ROLES, roleOptions } from '../../labels'
import { PASSWORD_RULE } from '../../layout/ChangePasswordModal'
import type { Role, Status, User } from '../../types'

interface Values {
  username: string
  displayName: string
  orgId: string
  roles: Role[]
  password?: string
  scopeRegionCode?: string
  status?: Status
}

interface Props {
  open: boolean
  /** null creates a new user. */
  user: User | null
  onClose: () => void
  /** initialPassword is set when the server generated one for a new user. */
  onSaved: (user: User, initialPassword?: string) => void
}

export default function UserFormModal({ open, user, onClose, onSaved }: Props) {
  const me = useUser()
  const { hasRole } = useAuth()
  const isBureauAdmin = hasRole('bureau_admin')
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const assignable = isBureauAdmin ? ALL_ROLES : ALL_ROLES.filter((role) => role !== 'bureau_admin')

  const initialValues: Partial<Values> = user
    ? {
        displayName: user.displayName,
        orgId: user.orgId,
        roles: user.roles,
        status: user.status,
        scopeRegionCode: user.scopeRegionCode ?? undefined,
      }
    : { orgId: isBureauAdmin ? undefined : me.orgId, roles: [] }

  const submit = async () => {
    const values = await form.validateFields()
    setSaving(true)
    try {
      if (user) {
        const saved = await api.patch<User>(`/users/${user.id}`, {
          displayName: values.displayName.trim(),
          roles: values.roles,
          orgId: values.orgId,
          status: values.status,
          ...(isBureauAdmin ? { scopeRegionCode: values.scopeRegionCode ?? null } : {}),
        })
        showSuccess('用户已更新')
        onSaved(saved)
      } else {
        const res = await api.post<{ user: User; initialPassword?: string }>('/users', {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          orgId: values.orgId,
          roles: values.roles,
          ...(values.password ? { password: values.password } : {}),
          ...(values.scopeRegionCode ? { scopeRegionCode: values.scopeRegionCode } : {}),
        })
        showSuccess('用户已创建')
        onSaved(res.user, res.initialPassword)
      }
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={user ? `编辑用户：${user.username}` : '新建用户'}
      okText="保存"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {!user && (
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, message: '请输入用户名' },
              {
                pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/,
                message: '2–64 位，以字母或数字开头，可含字母、数字及 . _ @ -',
              },
            ]}
          >
            <Input placeholder="登录用的用户名，创建后不可修改" autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 64 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="orgId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <OrgSelect initialLabel={user?.orgName ?? (isBureauAdmin ? null : me.orgName)} allowClear={false} />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请至少选择一个角色' }]}>
          <Select mode="multiple" options={roleOptions(assignable)} placeholder="选择角色" />
        </Form.Item>
        {isBureauAdmin && (
          <Form.Item name="scopeRegionCode" label="管辖区划" extra="可选；管理员可管理该区划及下级区划的数据">
            <RegionTreeSelect allowClear placeholder="不限定（按所属单位）" />
          </Form.Item>
        )}
        {!user && (
          <Form.Item
            name="password"
            label="初始密码"
            rules={[PASSWORD_RULE]}
            extra="留空则由系统生成初始密码，用户首次登录后须修改"
          >
            <Input.Password placeholder="留空自动生成" autoComplete="new-password" />
          </Form.Item>
        )}
        {user && (
          <Form.Item name="status" label="状态">
            <Select
              options={[
                { value: 'active', label: '启用' },
                { value: 'disabled', label: '停用' },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
