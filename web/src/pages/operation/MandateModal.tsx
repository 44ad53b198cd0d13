import { DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { showFormError, showSuccess } from '../../feedback'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { AGREEMENT_CLAUSES } from './labels'
import type { ProjectView } from './types'

/** The authorizer mandates an operator and records the agreement's 13 clauses. */
export default function MandateModal({
  project,
  open,
  onClose,
}: {
  project: ProjectView
  open: boolean
  onClose: () => void
}) {
  const [form] = Form.useForm()
  const [saving, setSaving] = useState(false)
  const operators = useFetch<Page<{ id: string; name: string }>>(open ? '/orgs' : null, {
    type: 'operator',
    pageSize: 200,
  })
  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      await api.post(`/operation/projects/${project.id}/mandates`, {
        operatorOrgId: v.operatorOrgId,
        content: v.content,
        termStart: v.term[0].format('YYYY-MM-DD'),
        termEnd: v.term[1].format('YYYY-MM-DD'),
        agreementNo: v.agreementNo,
        agreement: Object.fromEntries(AGREEMENT_CLAUSES.map(([k]) => [k, v[`clause_${k}`]])),
        authorizerShareBp: Math.round(Number(v.sharePercent) * 100),
        signedOn: v.signedOn.format('YYYY-MM-DD'),
      })
      showSuccess('已授权运营机构')
      onClose()
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      title="授权运营机构并签订授权协议"
      open={open}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      width={760}
      okText="授权"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ sharePercent: 10 }}>
        <Form.Item name="operatorOrgId" label="运营机构" rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={operators.loading}
            options={(operators.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="content" label="授权内容" rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="term" label="授权期限（在项目期限内）" rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="agreementNo" label="协议编号" rules={[{ required: true }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="signedOn" label="签订日期" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="sharePercent" label="授权方收益分成（%）" rules={[{ required: true }]}>
            <InputNumber min={0} max={100} precision={2} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>授权协议条款（13 项）</Typography.Title>
        {AGREEMENT_CLAUSES.map(([k, label]) => (
          <Form.Item
            key={k}
            name={`clause_${k}`}
            label={label}
            rules={[{ required: true, message: `请填写${label}` }]}
          >
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  )
}
