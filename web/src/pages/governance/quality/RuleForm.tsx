import { Form, Input, InputNumber, Modal, Select, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { api, errorText } from '../../../api'
import { useFetch } from '../../../hooks'
import { RULE_LABELS } from './labels'
import ResourcePicker from './ResourcePicker'
import type { QualityRule, RuleParams, RuleType } from './types'

export interface FieldOption {
  code: string
  name: string
}

interface Values {
  type: RuleType
  fields: string[] | string
  name?: string
  thresholdPercent?: number
  enabled?: boolean
  pattern?: string
  values?: string
  min?: number
  max?: number
  notFuture?: boolean
  refResourceId?: string
  refField?: string
  refValueField?: string
}

const MULTI: RuleType[] = ['unique', 'consistency']

function paramsOf(v: Values): RuleParams {
  switch (v.type) {
    case 'pattern':
      return { pattern: v.pattern }
    case 'enumeration':
      return { values: (v.values ?? '').split(/[\s,，、]+/).filter(Boolean) }
    case 'range':
    case 'length':
      return {
        ...(v.min !== undefined && v.min !== null ? { min: v.min } : {}),
        ...(v.max !== undefined && v.max !== null ? { max: v.max } : {}),
      }
    case 'date':
      return { notFuture: v.notFuture ?? false }
    case 'referential':
      return { refResourceId: v.refResourceId, refField: v.refField }
    case 'consistency':
      return { refResourceId: v.refResourceId, refField: v.refField, refValueField: v.refValueField }
    default:
      return {}
  }
}

function RefFields({ resourceId }: { resourceId: string | undefined }) {
  const ref = useFetch<{ fields: FieldOption[] }>(resourceId ? `/catalog/resources/${resourceId}` : null)
  const options = (ref.data?.fields ?? []).map((f) => ({ value: f.code, label: `${f.name}（${f.code}）` }))
  return (
    <>
      <Form.Item name="refField" label="参照资源的主键字段" rules={[{ required: true }]}>
        <Select options={options} placeholder="选择字段" />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.type !== b.type}>
        {({ getFieldValue }) =>
          getFieldValue('type') === 'consistency' && (
            <Form.Item name="refValueField" label="参照资源的比对字段" rules={[{ required: true }]}>
              <Select options={options} placeholder="选择字段" />
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  )
}

/** Create or edit one rule; `initial` pre-fills from a suggestion or an existing rule. */
export default function RuleForm({
  open,
  resourceId,
  fields,
  rule,
  onClose,
  onSaved,
}: {
  open: boolean
  resourceId: string
  fields: FieldOption[]
  rule: QualityRule | null
  onClose: () => void
  onSaved: () => void
}) {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string>()
  const type = Form.useWatch('type', form)
  const refResourceId = Form.useWatch('refResourceId', form)

  useEffect(() => {
    if (!open) return
    setError(undefined)
    form.resetFields()
    if (rule)
      form.setFieldsValue({
        type: rule.type,
        fields: MULTI.includes(rule.type) ? rule.fields : rule.fields[0],
        name: rule.name,
        thresholdPercent: rule.threshold * 100,
        enabled: rule.enabled,
        pattern: rule.params.pattern,
        values: rule.params.values?.join(','),
        min: rule.params.min,
        max: rule.params.max,
        notFuture: rule.params.notFuture,
        refResourceId: rule.params.refResourceId,
        refField: rule.params.refField,
        refValueField: rule.params.refValueField,
      })
  }, [open, rule, form])

  const submit = async () => {
    const v = await form.validateFields()
    const body = {
      type: v.type,
      fields: v.type === 'timeliness' && !v.fields ? [] : Array.isArray(v.fields) ? v.fields : [v.fields],
      params: paramsOf(v),
      threshold: (v.thresholdPercent ?? 0) / 100,
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      enabled: v.enabled ?? true,
    }
    setSaving(true)
    try {
      if (rule) await api.patch(`/quality/rules/${rule.id}`, body)
      else await api.post(`/quality/resources/${resourceId}/rules`, body)
      onSaved()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setSaving(false)
    }
  }

  const fieldOptions = fields.map((f) => ({ value: f.code, label: `${f.name}（${f.code}）` }))
  return (
    <Modal
      open={open}
      title={rule ? '修改质量规则' : '新增质量规则'}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText="保存"
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ type: 'not_null', thresholdPercent: 0, enabled: true }}
      >
        <Form.Item name="type" label="规则类型" rules={[{ required: true }]}>
          <Select options={Object.entries(RULE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="fields"
          label={
            type === 'consistency'
              ? '字段（先主键，后比对字段）'
              : type === 'timeliness'
                ? '时间字段（可不选，按最近一次数据更新判断）'
                : '字段'
          }
          rules={[{ required: type !== 'timeliness', message: '请选择字段' }]}
        >
          <Select
            allowClear
            mode={type && MULTI.includes(type) ? 'multiple' : undefined}
            options={fieldOptions}
            placeholder="选择字段"
          />
        </Form.Item>
        {type === 'pattern' && (
          <Form.Item name="pattern" label="正则表达式（PostgreSQL 语法）" rules={[{ required: true }]}>
            <Input placeholder="例如 ^[0-9]{6}$" />
          </Form.Item>
        )}
        {type === 'enumeration' && (
          <Form.Item name="values" label="允许的取值（逗号或空格分隔）" rules={[{ required: true }]}>
            <Input.TextArea rows={2} placeholder="例如 1,2,9" />
          </Form.Item>
        )}
        {(type === 'range' || type === 'length') && (
          <Form.Item label={type === 'range' ? '数值范围' : '长度范围'}>
            <Form.Item name="min" noStyle>
              <InputNumber placeholder="最小" />
            </Form.Item>
            <span style={{ margin: '0 8px' }}>—</span>
            <Form.Item name="max" noStyle>
              <InputNumber placeholder="最大" />
            </Form.Item>
          </Form.Item>
        )}
        {type === 'date' && (
          <Form.Item name="notFuture" label="不得晚于当天" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {(type === 'referential' || type === 'consistency') && (
          <>
            <Form.Item name="refResourceId" label="参照（权威）资源" rules={[{ required: true }]}>
              <ResourcePicker onChange={(id) => form.setFieldValue('refResourceId', id)} width={480} />
            </Form.Item>
            <RefFields resourceId={refResourceId} />
          </>
        )}
        <Form.Item name="thresholdPercent" label="允许失败比例（%），超过即向提供单位发出整改工单">
          <InputNumber min={0} max={100} step={0.5} />
        </Form.Item>
        <Form.Item name="name" label="规则名称（可不填，自动生成）">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
        {error && <div style={{ color: '#cf1322' }}>{error}</div>}
      </Form>
    </Modal>
  )
}
