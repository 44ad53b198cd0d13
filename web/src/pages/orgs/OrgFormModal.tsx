import { Form, Input, Modal, Select, Switch } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import OrgSelect from '../../components/OrgSelect'
import RegionTreeSelect from '../../components/RegionTreeSelect'
import { showFormError, showSuccess } from '../../feedback'
import { orgTypeOptions } from '../../labels'
import type { Org, OrgType } from '../../types'
import { CREDIT_CODE_FORMAT, creditCodeChecksumOk } from './creditCode'

interface Values {
  name: string
  type: OrgType
  regionCode: string
  parentId?: string | null
  creditCode?: string
  active?: boolean
}

interface Props {
  open: boolean
  /** null creates a new org. */
  org: Org | null
  defaultRegionCode: string | null
  onClose: () => void
  onSaved: (org: Org) => void
}

export default function OrgFormModal({ open, org, defaultRegionCode, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const initialValues: Partial<Values> = org
    ? {
        name: org.name,
        type: org.type,
        regionCode: org.regionCode,
        parentId: org.parentId,
        creditCode: org.creditCode ?? '',
        active: org.status === 'active',
      }
    : { type: 'department', regionCode: defaultRegionCode ?? undefined, creditCode: '' }

  const submit = async () => {
    const values = await form.validateFields()
    const creditCode = values.creditCode?.trim().toUpperCase() || null
    setSaving(true)
    try {
      const saved = org
        ? await api.patch<Org>(`/orgs/${org.id}`, {
            name: values.name.trim(),
            type: values.type,
            parentId: values.parentId ?? null,
            creditCode,
            status: values.active ? 'active' : 'disabled',
          })
        : await api.post<Org>('/orgs', {
            name: values.name.trim(),
            type: values.type,
            regionCode: values.regionCode,
            ...(values.parentId ? { parentId: values.parentId } : {}),
            ...(creditCode ? { creditCode } : {}),
          })
      showSuccess(org ? '单位已更新' : '单位已创建')
      onSaved(saved)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={org ? `编辑单位：${org.name}` : '新建单位'}
      okText="保存"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        <Form.Item
          name="name"
          label="单位名称"
          rules={[
            { required: true, whitespace: true, message: '请输入单位名称' },
            { min: 2, max: 100, message: '单位名称为 2–100 个字符' },
          ]}
        >
          <Input placeholder="如：湘潭市数据局" />
        </Form.Item>
        <Form.Item name="type" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
          {/* An enterprise's type comes from its registration and cannot be changed. */}
          <Select
            options={orgTypeOptions(org?.type === 'enterprise')}
            disabled={org?.type === 'enterprise'}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="行政区划"
          rules={[{ required: true, message: '请选择行政区划' }]}
          extra={org ? '单位创建后不能更改所属行政区划' : undefined}
        >
          <RegionTreeSelect disabled={!!org} />
        </Form.Item>
        <Form.Item name="parentId" label="上级单位" extra="可选；输入名称搜索">
          <OrgSelect initialLabel={org?.parentName} excludeId={org?.id} placeholder="无上级单位" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码"
          normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
          extra="18 位，由数字和大写字母组成（不含 I、O、S、V、Z）"
          rules={[
            {
              pattern: CREDIT_CODE_FORMAT,
              message: '格式不正确：应为 18 位数字或大写字母（不含 I、O、S、V、Z）',
            },
            {
              warningOnly: true,
              validator: (_, value: string | undefined) =>
                !value || !CREDIT_CODE_FORMAT.test(value) || creditCodeChecksumOk(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error('校验位似乎不正确，请核对')),
            },
          ]}
        >
          <Input maxLength={18} placeholder="可选" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {org && (
          <Form.Item name="active" label="状态" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
