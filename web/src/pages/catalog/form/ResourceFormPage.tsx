import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Space, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { api } from '../../../api'
import { useAuth, useUser } from '../../../auth'
import { showSuccess } from '../../../feedback'
import { useFetch } from '../../../hooks'
import type { ResourceDetail } from '../../../types'
import { LoadState } from '../states'
import FieldTable from './FieldTable'
import { type FormValues, NEW_RESOURCE, toFormValues, toInput } from './formValues'
import MetadataFields from './MetadataFields'
import { applyServerErrors } from './serverErrors'

const EDITABLE = new Set(['draft', 'returned'])

function ResourceForm({ existing }: { existing: ResourceDetail | null }) {
  const [form] = Form.useForm<FormValues>()
  const navigate = useNavigate()
  const [saving, setSaving] = useState(false)

  const save = async () => {
    let values: FormValues
    try {
      values = await form.validateFields()
    } catch {
      return
    }
    const input = toInput(values)
    setSaving(true)
    try {
      const saved = existing
        ? await api.patch<ResourceDetail>(`/catalog/resources/${existing.id}`, input)
        : await api.post<ResourceDetail>('/catalog/resources', {
            ...input,
            ...(values.code?.trim() ? { code: values.code.trim() } : {}),
          })
      showSuccess(existing ? '已保存' : `已创建草稿：${saved.code}`)
      navigate(`/catalog/${saved.id}`)
    } catch (err) {
      applyServerErrors(form, err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={existing ? toFormValues(existing) : NEW_RESOURCE}
      scrollToFirstError={{ block: 'center' }}
      onFinish={() => void save()}
    >
      <Card title="基本信息（核心元数据）" style={{ marginBottom: 16 }}>
        <MetadataFields existing={existing} />
      </Card>
      <Card title="信息项" style={{ marginBottom: 16 }}>
        <FieldTable />
      </Card>
      <Space>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
          保存草稿
        </Button>
        <Button onClick={() => navigate(existing ? `/catalog/${existing.id}` : '/catalog')}>取消</Button>
      </Space>
    </Form>
  )
}

/** /catalog/new and /catalog/:id/edit. */
export default function ResourceFormPage({ id }: { id?: string }) {
  const user = useUser()
  const { hasRole } = useAuth()
  const navigate = useNavigate()
  const detail = useFetch<ResourceDetail>(id ? `/catalog/resources/${id}` : null)
  const canCatalog = hasRole('data_steward', 'org_admin')
  const existing = detail.data ?? null
  const blocked = !canCatalog
    ? '只有数据专员或单位管理员可以编目'
    : existing && !EDITABLE.has(existing.status)
      ? '只有草稿或已退回的资源可以修改；已发布的资源请先「撤回修订」'
      : existing && existing.orgId !== user.orgId
        ? '只能修改本单位的数据资源'
        : null

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {id ? `编辑数据资源${existing ? `：${existing.name}` : ''}` : '新建数据资源'}
        </Typography.Title>
      </Space>
      {existing?.status === 'returned' && existing.returnReason && (
        <Alert type="warning" showIcon title="审核退回" description={existing.returnReason} />
      )}
      <LoadState loading={detail.loading} error={detail.error} what="数据资源" onRetry={detail.reload}>
        {blocked ? (
          <Alert type="info" showIcon title={blocked} />
        ) : (
          (!id || existing) && <ResourceForm existing={existing} />
        )}
      </LoadState>
    </Space>
  )
}
