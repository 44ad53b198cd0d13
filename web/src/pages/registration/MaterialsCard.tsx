import { CheckCircleTwoTone, ExclamationCircleTwoTone, UploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Form, Input, List, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../api'
import { formatTime } from '../../format'
import type { RegistrationDetail } from './types'

const MAX_BYTES = 2 * 1024 * 1024

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '')
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

export async function fileBody(file: File) {
  if (file.size > MAX_BYTES) throw new Error('单个附件不得超过 2 MB')
  return {
    fileName: file.name,
    contentType: file.type || 'application/octet-stream',
    contentBase64: await toBase64(file),
  }
}

/** The material checklist of the application: text per material, attachments, and the evidence records. */
export default function MaterialsCard({
  r,
  onChange,
}: {
  r: RegistrationDetail
  onChange: (next: RegistrationDetail) => void
}) {
  const { message } = App.useApp()
  const editable = r.actions.includes('edit')
  const [saving, setSaving] = useState(false)
  const [form] = Form.useForm<Record<string, string>>()

  async function save(values: Record<string, string>) {
    setSaving(true)
    try {
      onChange(await api.patch<RegistrationDetail>(`/registrations/${r.id}`, { materials: values }))
      message.success('材料已保存')
    } catch (err) {
      message.error(errorText(err))
    } finally {
      setSaving(false)
    }
  }
  async function upload(material: string, file: File) {
    try {
      const body = await fileBody(file)
      onChange(
        await api.post<RegistrationDetail>(`/registrations/${r.id}/attachments`, { material, ...body }),
      )
      message.success(`已上传 ${file.name}`)
    } catch (err) {
      message.error(errorText(err))
    }
  }
  async function evidence() {
    try {
      onChange(await api.post<RegistrationDetail>(`/registrations/${r.id}/evidence`))
      message.success('已生成存证')
    } catch (err) {
      message.error(errorText(err))
    }
  }

  return (
    <Card title="登记材料清单" size="small" style={{ marginTop: 16 }}>
      {r.supplementGaps && r.status === 'supplement_required' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="登记机构一次性告知需补正的事项（补正后重新提交，受理时限重新计算）"
          description={
            <ul style={{ margin: 0 }}>
              {r.supplementGaps.map((g) => (
                <li key={`${g.material}:${g.note}`}>
                  {r.materialChecklist.find((m) => m.code === g.material)?.name ?? g.material}：{g.note}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={r.materials} onFinish={save} disabled={!editable}>
        <List
          dataSource={r.materialChecklist}
          renderItem={(m) => (
            <List.Item key={m.code} data-material={m.code}>
              <div style={{ width: '100%' }}>
                <Space style={{ marginBottom: 4 }}>
                  {m.provided ? (
                    <CheckCircleTwoTone twoToneColor="#52c41a" />
                  ) : (
                    <ExclamationCircleTwoTone twoToneColor={m.required ? '#ff4d4f' : '#d9d9d9'} />
                  )}
                  <Typography.Text strong>{m.name}</Typography.Text>
                  {m.required && <Typography.Text type="secondary">（首次登记必备）</Typography.Text>}
                  {editable && (
                    <Upload
                      showUploadList={false}
                      beforeUpload={(file) => {
                        void upload(m.code, file)
                        return false
                      }}
                    >
                      <Button size="small" icon={<UploadOutlined />}>
                        上传附件
                      </Button>
                    </Upload>
                  )}
                </Space>
                <Form.Item name={m.code} style={{ marginBottom: 0 }}>
                  <Input.TextArea rows={2} maxLength={10000} placeholder={`填写${m.name}`} />
                </Form.Item>
              </div>
            </List.Item>
          )}
        />
        {editable && (
          <Space style={{ marginTop: 12 }}>
            <Button htmlType="submit" type="primary" loading={saving}>
              保存材料
            </Button>
            {r.catalogResourceIds.length > 0 && <Button onClick={evidence}>为关联资源生成存证</Button>}
          </Space>
        )}
      </Form>
      {r.attachments.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={r.attachments}
          columns={[
            {
              title: '附件',
              dataIndex: 'fileName',
              render: (name: string, a) => (
                <a href={`/api/v1/registrations/${r.id}/attachments/${a.id}`}>{name}</a>
              ),
            },
            {
              title: '材料',
              dataIndex: 'material',
              render: (c: string | null) => r.materialChecklist.find((m) => m.code === c)?.name ?? '其他',
            },
            { title: '大小', dataIndex: 'sizeBytes', render: (n: number) => `${Math.ceil(n / 1024)} KB` },
            { title: 'SM3', dataIndex: 'sm3', ellipsis: true },
          ]}
        />
      )}
      {r.evidence.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="catalogResourceId"
          pagination={false}
          title={() => '存证记录（平台对已挂接数据计算的 SM3 摘要）'}
          dataSource={r.evidence}
          columns={[
            { title: '资源', key: 'r', render: (_, e) => `${e.resourceCode} ${e.resourceName}` },
            { title: '行数', dataIndex: 'rowCount' },
            { title: '存证时间', dataIndex: 'takenAt', render: formatTime },
            {
              title: '存证摘要（SM3）',
              dataIndex: 'digest',
              render: (d: string) => (
                <Typography.Text code copyable>
                  {d}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Card>
  )
}
