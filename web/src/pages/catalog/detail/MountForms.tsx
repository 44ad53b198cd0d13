import { InboxOutlined } from '@ant-design/icons'
import { Button, Checkbox, Form, Input, Progress, Radio, Space, Upload } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { showError, showFormError, showSuccess } from '../../../feedback'
import type { MountInfo } from '../../../types'
import { uploadFile } from '../http'

type Format = 'csv' | 'xlsx' | 'jsonl'

function formatOf(name: string): Format | null {
  const ext = name.toLowerCase().split('.').at(-1)
  if (ext === 'csv') return 'csv'
  if (ext === 'xlsx') return 'xlsx'
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl'
  return null
}

interface UploadProps {
  id: string
  /** Called when the upload starts (the parent polls the load progress meanwhile) and when it ends. */
  onBusy: (busy: boolean) => void
  onDone: () => void
}

/** (a) Load a CSV / XLSX / JSON Lines file into the platform datastore, with upload progress. */
export function UploadMount({ id, onBusy, onDone }: UploadProps) {
  const [percent, setPercent] = useState<number | null>(null)
  const [skip, setSkip] = useState(false)
  const [gbk, setGbk] = useState(false)
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Upload.Dragger
        accept=".csv,.xlsx,.jsonl,.ndjson"
        showUploadList={false}
        disabled={percent !== null}
        customRequest={({ file }) => {
          const f = file as File
          const format = formatOf(f.name)
          if (!format) {
            showError(new Error('只支持 CSV、XLSX 或 JSON Lines 文件'))
            return
          }
          setPercent(0)
          onBusy(true)
          uploadFile<MountInfo>(`/catalog/resources/${id}/mount/upload`, f, {
            query: { format, mode: skip ? 'skip' : undefined, encoding: gbk ? 'gbk' : undefined },
            onProgress: setPercent,
          })
            .then((info) => {
              const load = info?.lastLoad
              if (load?.status === 'failed') showError(new Error(load.error ?? '数据载入失败'))
              else showSuccess(`已载入 ${load?.rowsLoaded ?? info?.rowCount ?? 0} 行数据`)
            })
            .catch(showError)
            .finally(() => {
              setPercent(null)
              onBusy(false)
              onDone()
            })
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖拽文件到此处上传</p>
        <p className="ant-upload-hint">
          支持 CSV、XLSX、JSON Lines；列按信息项代码对应，类型按声明检查；重传即整体替换
        </p>
      </Upload.Dragger>
      <Space>
        <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
          跳过不合格行（默认有不合格行则整个文件不载入）
        </Checkbox>
        <Checkbox checked={gbk} onChange={(e) => setGbk(e.target.checked)}>
          GBK 编码
        </Checkbox>
      </Space>
      {percent !== null && (
        <Progress percent={percent} status="active" format={(p) => (p === 100 ? '载入中' : `${p}%`)} />
      )}
    </Space>
  )
}

interface ExternalValues {
  kind: 'postgres' | 'http'
  url: string
  schema?: string
  table?: string
}

/** (b) A table in an external PostgreSQL, or (c) an external HTTP API URL. */
export function ExternalMount({
  id,
  current,
  onSaved,
}: {
  id: string
  current: MountInfo | null
  onSaved: () => void
}) {
  const [form] = Form.useForm<ExternalValues>()
  const kind = Form.useWatch('kind', form) ?? 'postgres'
  const [saving, setSaving] = useState(false)
  const initialKind = current?.kind === 'http' ? 'http' : 'postgres'
  const save = async (values: ExternalValues) => {
    setSaving(true)
    try {
      const body =
        values.kind === 'http'
          ? { kind: 'http', url: values.url.trim() }
          : {
              kind: 'postgres',
              url: values.url.trim(),
              table: values.table?.trim(),
              ...(values.schema?.trim() ? { schema: values.schema.trim() } : {}),
            }
      await api.put<MountInfo>(`/catalog/resources/${id}/mount`, body)
      showSuccess('挂接配置已保存')
      form.resetFields(['url'])
      onSaved()
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Form<ExternalValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: initialKind, schema: 'public' }}
      onFinish={(v) => void save(v)}
      style={{ maxWidth: 640 }}
    >
      <Form.Item name="kind" label="挂接方式">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'postgres', label: '外部 PostgreSQL 表' },
            { value: 'http', label: '外部 API 接口' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="url"
        label={kind === 'http' ? '接口地址' : '数据库连接串'}
        extra={
          kind === 'http' ? undefined : '加密保存，保存后不再显示；形如 postgres://用户:密码@主机:5432/库名'
        }
        rules={[
          { required: true, whitespace: true, message: kind === 'http' ? '请输入接口地址' : '请输入连接串' },
          {
            pattern: kind === 'http' ? /^https?:\/\/\S+$/i : /^postgres(ql)?:\/\/\S+$/i,
            message: kind === 'http' ? '应以 http:// 或 https:// 开头' : '应以 postgres:// 开头',
          },
        ]}
      >
        {kind === 'http' ? <Input placeholder="https://" /> : <Input.Password placeholder="postgres://" />}
      </Form.Item>
      {kind === 'postgres' && (
        <Form.Item label="模式 / 表名" required style={{ marginBottom: 0 }}>
          <Form.Item name="schema" style={{ display: 'inline-block', width: 160, marginRight: 8 }}>
            <Input placeholder="public" />
          </Form.Item>
          <Form.Item
            name="table"
            rules={[{ required: true, whitespace: true, message: '请输入表名' }]}
            style={{ display: 'inline-block', width: 'calc(100% - 168px)' }}
          >
            <Input placeholder="表名" />
          </Form.Item>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving}>
        保存挂接
      </Button>
    </Form>
  )
}
