import { Alert, Checkbox, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import RegionTreeSelect from '../../../components/RegionTreeSelect'
import { showFormError } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { SCHEDULE_LABELS } from './labels'
import type { ExchangeJob, ExchangeMode, FileFormat, Schedule, TargetKind, UsableGrant } from './types'

interface Values {
  grantId: string
  name: string
  targetKind: TargetKind
  targetUrl?: string
  targetSchema?: string
  targetTable?: string
  fileFormat: FileFormat
  fields: string[]
  mode: ExchangeMode
  watermarkField?: string
  regionField?: string
  regionCode?: string
  schedule: Schedule
  cron?: string
  chunkSize: number
}

const WATERMARK_TYPES = new Set(['integer', 'decimal', 'date', 'datetime', 'string'])
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

interface Props {
  open: boolean
  onClose: () => void
  onCreated: (job: ExchangeJob) => void
}

/** 新建交换任务: a grant of the user's org, the target, fields, mode and schedule. */
export default function JobFormModal({ open, onClose, onCreated }: Props) {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const grants = useFetch<{ items: UsableGrant[] }>(open ? '/exchange/grants' : null)
  const grantId = Form.useWatch('grantId', form)
  const targetKind = Form.useWatch('targetKind', form)
  const mode = Form.useWatch('mode', form)
  const schedule = Form.useWatch('schedule', form)
  const grant = grants.data?.items.find((g) => g.id === grantId)

  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      const body = {
        grantId: v.grantId,
        name: v.name.trim(),
        targetKind: v.targetKind,
        ...(v.targetKind === 'postgres'
          ? { targetUrl: v.targetUrl, targetSchema: v.targetSchema || 'public', targetTable: v.targetTable }
          : { fileFormat: v.fileFormat }),
        fields: v.fields,
        mode: v.mode,
        ...(v.mode === 'incremental' ? { watermarkField: v.watermarkField } : {}),
        ...(v.regionCode
          ? { regionCode: v.regionCode, regionField: grant?.rowScope?.field ?? v.regionField }
          : {}),
        schedule: v.schedule,
        ...(v.schedule === 'cron' ? { cron: v.cron } : {}),
        chunkSize: v.chunkSize,
      }
      onCreated(await api.post<ExchangeJob>('/exchange/jobs', body))
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }

  const items = grants.data?.items ?? []
  return (
    <Modal
      open={open}
      title="新建交换任务"
      okText="创建"
      width={720}
      confirmLoading={saving}
      okButtonProps={{ disabled: items.length === 0 }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {!grants.loading && items.length === 0 ? (
        <Empty description="本单位暂无可用于库表交换或文件交付的有效授权。请先在「共享申请」中申请交付方式为库表交换或文件的授权。" />
      ) : (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            targetKind: 'file',
            fileFormat: 'csv',
            mode: 'full',
            schedule: 'manual',
            chunkSize: 10000,
            targetSchema: 'public',
          }}
          onValuesChange={(changed: Partial<Values>) => {
            if (changed.grantId) {
              const g = items.find((x) => x.id === changed.grantId)
              form.setFieldsValue({
                fields: g?.fields.map((f) => f.code) ?? [],
                watermarkField: undefined,
                regionCode: undefined,
                ...(g?.deliveryMode === 'file' ? { targetKind: 'file' } : {}),
              })
            }
          }}
        >
          <Form.Item name="grantId" label="共享授权" rules={[{ required: true, message: '请选择授权' }]}>
            <Select
              loading={grants.loading}
              placeholder="选择本单位获得的库表交换/文件交付授权"
              options={items.map((g) => ({
                value: g.id,
                label: `${g.resourceName ?? g.resourceCode}（${g.resourceCode}）· ${g.providerOrgName ?? ''} · 有效期至 ${formatTime(g.validUntil).slice(0, 10)}`,
              }))}
            />
          </Form.Item>
          {grant?.rowScope && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              message={`授权限定行范围：仅交付「${grant.rowScope.field}」在区划 ${grant.rowScope.regionCode} 之内的数据（回流 / 直达基层）。`}
            />
          )}
          <Form.Item
            name="name"
            label="任务名称"
            rules={[
              { required: true, whitespace: true, message: '请输入任务名称' },
              { max: 100, message: '不超过 100 个字符' },
            ]}
          >
            <Input placeholder="如：全省户籍人口回流湘潭" />
          </Form.Item>
          <Form.Item name="targetKind" label="交付目标">
            <Radio.Group>
              <Radio value="file">文件下载（gzip）</Radio>
              <Radio value="postgres" disabled={grant?.deliveryMode === 'file'}>
                本单位 PostgreSQL 数据库表
              </Radio>
            </Radio.Group>
          </Form.Item>
          {targetKind === 'postgres' ? (
            <>
              <Form.Item
                name="targetUrl"
                label="目标数据库连接串"
                extra="加密保存，保存后不再显示；主机须在平台允许的范围内。"
                rules={[
                  { required: true, message: '请输入连接串' },
                  { pattern: /^postgres(ql)?:\/\//, message: '应以 postgres:// 开头' },
                ]}
              >
                <Input.Password placeholder="postgres://用户名:密码@主机:5432/数据库" autoComplete="off" />
              </Form.Item>
              <Space size="large">
                <Form.Item
                  name="targetSchema"
                  label="模式（schema）"
                  rules={[{ pattern: IDENT, message: '字母、数字、下划线' }]}
                >
                  <Input style={{ width: 200 }} />
                </Form.Item>
                <Form.Item
                  name="targetTable"
                  label="目标表"
                  extra="不存在时自动创建"
                  rules={[
                    { required: true, message: '请输入表名' },
                    { pattern: IDENT, message: '字母、数字、下划线，不以数字开头' },
                  ]}
                >
                  <Input style={{ width: 240 }} placeholder="如 hjrk" />
                </Form.Item>
              </Space>
            </>
          ) : (
            <Form.Item name="fileFormat" label="文件格式">
              <Radio.Group>
                <Radio value="csv">CSV</Radio>
                <Radio value="jsonl">JSON Lines</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item
            name="fields"
            label="交换信息项"
            rules={[{ required: true, message: '至少选择一个信息项' }]}
          >
            <Checkbox.Group>
              {(grant?.fields ?? []).map((f) => (
                <Checkbox key={f.code} value={f.code}>
                  {f.name}（{f.code}）{f.isKey && <Tag color="blue">主键</Tag>}
                  {f.masked && <Tag color="orange">脱敏</Tag>}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Space size="large" align="start">
            <Form.Item name="mode" label="交换方式">
              <Radio.Group>
                <Radio value="full">全量（目标先清空）</Radio>
                <Radio value="incremental">增量</Radio>
              </Radio.Group>
            </Form.Item>
            {mode === 'incremental' && (
              <Form.Item
                name="watermarkField"
                label="水位字段"
                tooltip="每次只交付该字段大于上次交付值的数据（如更新时间）"
                rules={[{ required: true, message: '请选择水位字段' }]}
              >
                <Select
                  style={{ width: 220 }}
                  options={(grant?.fields ?? [])
                    .filter((f) => WATERMARK_TYPES.has(f.dataType))
                    .map((f) => ({ value: f.code, label: `${f.name}（${f.code}）` }))}
                />
              </Form.Item>
            )}
          </Space>
          <Space size="large" align="start">
            {!grant?.rowScope && (
              <Form.Item name="regionField" label="区划字段（可选）">
                <Select
                  allowClear
                  style={{ width: 220 }}
                  options={(grant?.fields ?? []).map((f) => ({
                    value: f.code,
                    label: `${f.name}（${f.code}）`,
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item name="regionCode" label="只交付该区划的数据（可选）">
              <RegionTreeSelect
                allowClear
                rootCode={grant?.rowScope?.regionCode ?? null}
                style={{ width: 260 }}
              />
            </Form.Item>
          </Space>
          <Space size="large" align="start">
            <Form.Item name="schedule" label="执行计划">
              <Select
                style={{ width: 200 }}
                options={Object.entries(SCHEDULE_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            {schedule === 'cron' && (
              <Form.Item
                name="cron"
                label="cron 表达式（北京时间）"
                rules={[{ required: true, message: '请输入 cron 表达式' }]}
              >
                <Input style={{ width: 200 }} placeholder="30 2 * * *" />
              </Form.Item>
            )}
            <Form.Item name="chunkSize" label="每批行数">
              <InputNumber min={100} max={100000} step={1000} style={{ width: 140 }} />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Modal>
  )
}
