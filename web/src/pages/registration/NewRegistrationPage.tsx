import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Steps } from 'antd'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { api, errorText } from '../../api'
import { useAuth } from '../../auth'
import { useDebounced, useFetch } from '../../hooks'
import type { Page, Resource } from '../../types'
import { KIND_LABELS } from './labels'
import type { RegistrationDetail, RegistrationKind } from './types'

interface Values {
  kind: RegistrationKind
  targetId?: string
  dataName?: string
  summary?: string
  catalogResourceIds?: string[]
  operationStartedOn?: { format(f: string): string }
  mandateEndsOn?: { format(f: string): string }
  reason?: string
}

/** Step 1 of the application wizard: what is registered; materials and uploads follow on the detail page. */
export default function NewRegistrationPage() {
  const { user } = useAuth()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [form] = Form.useForm<Values>()
  const kind = Form.useWatch('kind', form) ?? 'initial'
  const [error, setError] = useState<string>()
  const [saving, setSaving] = useState(false)
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 300)
  const resources = useFetch<Page<Resource>>(user ? '/catalog/resources' : null, {
    orgId: user?.orgId,
    q: q || undefined,
    pageSize: 50,
  })
  const targets = useFetch<Page<{ id: string; dataName: string; number: string | null }>>('/registrations', {
    box: 'mine',
    status: 'valid',
    pageSize: 100,
  })

  async function save(values: Values) {
    setSaving(true)
    setError(undefined)
    try {
      const created = await api.post<RegistrationDetail>('/registrations', {
        kind: values.kind,
        ...(values.kind === 'initial' ? {} : { targetId: values.targetId }),
        dataName: values.dataName?.trim() || undefined,
        summary: values.summary?.trim() || undefined,
        catalogResourceIds: values.catalogResourceIds?.length ? values.catalogResourceIds : undefined,
        operationStartedOn: values.operationStartedOn?.format('YYYY-MM-DD'),
        mandateEndsOn: values.mandateEndsOn?.format('YYYY-MM-DD'),
        reason: values.reason?.trim() || undefined,
      })
      navigate(`/registrations/${created.id}`)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card title="新建登记申请">
      <Steps
        current={0}
        style={{ marginBottom: 24 }}
        items={[{ title: '登记对象' }, { title: '材料清单与上传' }, { title: '提交与受理' }]}
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={{ kind: 'initial', targetId: params.get('target') ?? undefined }}
        onFinish={save}
      >
        <Form.Item name="kind" label="登记类型" rules={[{ required: true }]}>
          <Select options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {kind !== 'initial' && (
          <Form.Item
            name="targetId"
            label="针对的登记"
            rules={[{ required: true, message: '请选择有效的登记' }]}
          >
            <Select
              placeholder="选择本单位有效的登记"
              options={(targets.data?.items ?? []).map((r) => ({
                value: r.id,
                label: `${r.number ?? ''} ${r.dataName}`,
              }))}
            />
          </Form.Item>
        )}
        {(kind === 'initial' || kind === 'change' || kind === 'correction') && (
          <>
            <Form.Item
              name="dataName"
              label="数据资源或产品名称"
              rules={kind === 'initial' ? [{ required: true, message: '请填写名称' }] : []}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="summary" label="内容摘要（公示）">
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item
              name="catalogResourceIds"
              label="关联目录资源（已挂接平台数据存储的资源将自动生成存证）"
            >
              <Select
                mode="multiple"
                showSearch={{ filterOption: false, onSearch: setSearch }}
                loading={resources.loading}
                placeholder="搜索本单位的目录资源"
                options={(resources.data?.items ?? []).map((r) => ({
                  value: r.id,
                  label: `${r.code} ${r.name}`,
                }))}
              />
            </Form.Item>
          </>
        )}
        {kind === 'initial' && (
          <Space size="large">
            <Form.Item name="operationStartedOn" label="运营开始日期（据此计算首次登记期限）">
              <DatePicker />
            </Form.Item>
            <Form.Item name="mandateEndsOn" label="授权运营期限届满日">
              <DatePicker />
            </Form.Item>
          </Space>
        )}
        {kind !== 'initial' && (
          <Form.Item name="reason" label="事由">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存草稿，下一步填写材料
          </Button>
          <Button onClick={() => navigate('/registrations')}>取消</Button>
        </Space>
      </Form>
    </Card>
  )
}
