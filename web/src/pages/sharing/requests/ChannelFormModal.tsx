import { Form, Input, Modal, Select } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import OrgSelect from '../../../components/OrgSelect'
import { showFormError, showSuccess } from '../../../feedback'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { PROTOCOL_LABELS } from './labels'
import type { Channel, ChannelProtocol, Grant } from './types'

interface Values {
  name: string
  providerOrgId: string
  consumerOrgId: string
  protocol: ChannelProtocol
  description?: string
  grantId?: string | null
}

interface Props {
  open: boolean
  /** The channel to edit, or null to register a new one. */
  channel: Channel | null
  onClose: () => void
  onSaved: () => void
}

/** Registers or edits a legacy point-to-point channel; choosing the replacing grant retires it. */
export default function ChannelFormModal({ open, channel, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const provider = Form.useWatch('providerOrgId', form)
  const consumer = Form.useWatch('consumerOrgId', form)
  const grants = useFetch<Page<Grant>>(open && provider && consumer ? '/grants' : null, { pageSize: 200 })
  const candidates = (grants.data?.items ?? []).filter(
    (g) => g.providerOrgId === provider && g.consumerOrgId === consumer && g.status !== 'revoked',
  )

  useEffect(() => {
    if (!open) return
    form.setFieldsValue(
      channel
        ? {
            name: channel.name,
            providerOrgId: channel.providerOrgId,
            consumerOrgId: channel.consumerOrgId,
            protocol: channel.protocol,
            description: channel.description,
            grantId: channel.grantId,
          }
        : { protocol: 'database', grantId: null },
    )
  }, [open, channel, form])

  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      if (channel) {
        await api.patch(`/sharing/channels/${channel.id}`, {
          name: v.name.trim(),
          protocol: v.protocol,
          description: v.description?.trim() ?? '',
          grantId: v.grantId ?? null,
        })
      } else {
        await api.post('/sharing/channels', {
          name: v.name.trim(),
          providerOrgId: v.providerOrgId,
          consumerOrgId: v.consumerOrgId,
          protocol: v.protocol,
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
          ...(v.grantId ? { grantId: v.grantId } : {}),
        })
      }
      showSuccess(v.grantId ? '已保存，通道已由枢纽授权替代（退役）' : '已保存')
      onSaved()
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={channel ? '修改点对点通道' : '登记点对点通道'}
      okText="保存"
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="name"
          label="通道名称"
          rules={[
            { required: true, whitespace: true, min: 2, max: 100, message: '请填写 2–100 个字符的名称' },
          ]}
        >
          <Input placeholder="如：户籍信息前置机直连" />
        </Form.Item>
        <Form.Item
          name="providerOrgId"
          label="数据提供单位"
          rules={[{ required: true, message: '请选择提供单位' }]}
        >
          <OrgSelect disabled={channel !== null} initialLabel={channel?.providerOrgName} />
        </Form.Item>
        <Form.Item
          name="consumerOrgId"
          label="数据使用单位"
          rules={[{ required: true, message: '请选择使用单位' }]}
        >
          <OrgSelect
            disabled={channel !== null}
            initialLabel={channel?.consumerOrgName}
            excludeId={provider}
          />
        </Form.Item>
        <Form.Item name="protocol" label="连接方式">
          <Select options={Object.entries(PROTOCOL_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder="建设时间、承载的数据、对接系统等"
          />
        </Form.Item>
        <Form.Item
          name="grantId"
          label="替代它的共享授权（选择即视为退役）"
          extra={provider && consumer ? undefined : '先选择提供单位和使用单位'}
        >
          <Select
            allowClear
            loading={grants.loading}
            placeholder={candidates.length ? '选择枢纽中的共享授权' : '两单位之间暂无可用的共享授权'}
            options={candidates.map((g) => ({ value: g.id, label: `${g.resourceName}（${g.appName}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
