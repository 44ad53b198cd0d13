import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
} from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import DiscoveryReview from './DiscoveryReview'
import {
  APPROVERS,
  GRADE_LABELS,
  GradeTag,
  IMPACT_DEGREES,
  IMPACT_OBJECTS,
  MASKING_MODES,
  OPEN_TYPES,
  options,
  PI_CATEGORIES,
  SENSITIVE_TYPES,
  SHARE_TYPES,
} from './labels'
import MaskingPreviewPanel from './MaskingPreviewPanel'
import type { GradingView } from './types'

interface FormValues {
  categoryPath: string
  impactObject: string
  impactDegree: string
  grade?: string
  basis?: string
  piCategories?: string[]
  derivedFrom?: string[]
  reviewed?: boolean
}

const ISSUE_TEXT = (issue: string) => {
  const [kind, value] = issue.split(':')
  return kind === 'share_type'
    ? `共享类型“${SHARE_TYPES[value ?? ''] ?? value}”不符合该级别的默认策略`
    : `开放类型“${OPEN_TYPES[value ?? ''] ?? value}”不符合该级别的默认策略`
}

function GradingForm({ view, onSaved }: { view: GradingView; onSaved: () => void }) {
  const [form] = Form.useForm<FormValues>()
  const [saving, setSaving] = useState(false)
  const d = view.decision
  useEffect(() => {
    form.setFieldsValue({
      categoryPath: d?.categoryPath ?? '',
      impactObject: d?.impactObject ?? 'individual',
      impactDegree: d?.impactDegree ?? 'ordinary',
      basis: d?.basis ?? '',
      piCategories: d?.piCategories ?? [],
      derivedFrom: d?.derivedFrom ?? [],
      reviewed: false,
    })
  }, [d, form])
  const save = async (values: FormValues) => {
    setSaving(true)
    try {
      await api.put(`/governance/resources/${view.resource.id}/grading`, {
        ...values,
        grade: values.grade || undefined,
        basis: values.basis ?? '',
        reviewed: values.reviewed || undefined,
      })
      showSuccess('分级已保存，信息项级别已同步到目录')
      onSaved()
    } catch (err) {
      showError(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Form form={form} layout="vertical" onFinish={save} disabled={!view.canEdit} style={{ maxWidth: 720 }}>
      <Form.Item name="categoryPath" label="分类路径" rules={[{ required: true, message: '请填写分类路径' }]}>
        <Input placeholder="如 公共管理/人口/户籍" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="impactObject" label="影响对象" rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={options(IMPACT_OBJECTS)} />
        </Form.Item>
        <Form.Item name="impactDegree" label="影响程度" rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={options(IMPACT_DEGREES)} />
        </Form.Item>
        <Form.Item name="grade" label="级别（不填按矩阵确定，只可从高）">
          <Select allowClear style={{ width: 200 }} options={options(GRADE_LABELS)} />
        </Form.Item>
      </Space>
      <Form.Item name="piCategories" label="敏感个人信息（个人信息保护法第二十八条）">
        <Select mode="multiple" allowClear options={options(PI_CATEGORIES)} />
      </Form.Item>
      <Form.Item name="derivedFrom" label="汇聚或衍生自（资源ID；就高从严取来源最高级别）">
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="粘贴来源资源ID" />
      </Form.Item>
      <Form.Item name="basis" label="定级依据">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {view.canReview && (
        <Form.Item name="reviewed" valuePropName="checked">
          <Checkbox>数据局审核确认（可低于来源数据的最高级别）</Checkbox>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving}>
        保存分级
      </Button>
    </Form>
  )
}

function GradingTab({ view, reload }: { view: GradingView; reload: () => void }) {
  const d = view.decision
  const p = view.policy
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label="生效级别">
          <GradeTag grade={view.effectiveGrade} />
        </Descriptions.Item>
        <Descriptions.Item label="审核">
          {d?.reviewed ? `${d.reviewerName ?? ''} ${formatTime(d.reviewedAt)}` : '未审核'}
        </Descriptions.Item>
        <Descriptions.Item label="默认共享/开放">
          {p
            ? `${p.shareTypes.map((s) => SHARE_TYPES[s]).join('、')}；${p.openTypes.map((s) => OPEN_TYPES[s]).join('、')}`
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="脱敏与审批">
          {p
            ? `${MASKING_MODES[p.masking]}；审批：${p.approvers.map((a) => APPROVERS[a]).join('、') || '不予共享'}`
            : '—'}
        </Descriptions.Item>
      </Descriptions>
      {view.issues.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message="目录登记与分级策略不一致"
          description={view.issues.map(ISSUE_TEXT).join('；')}
        />
      )}
      <GradingForm view={view} onSaved={reload} />
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={view.fields}
        columns={[
          { title: '信息项', key: 'name', render: (_, f) => `${f.name}（${f.code}）` },
          { title: '目录级别', key: 'grade', render: (_, f) => <GradeTag grade={f.grade} /> },
          {
            title: '敏感类型',
            key: 'type',
            render: (_, f) =>
              f.confirmed ? (
                <Tag color="blue">{f.sensitiveType ? SENSITIVE_TYPES[f.sensitiveType] : '无（已确认）'}</Tag>
              ) : (
                '未确认'
              ),
          },
          {
            title: '信息项定级',
            key: 'decision',
            render: (_, f) =>
              f.decision
                ? `${IMPACT_OBJECTS[f.decision.impactObject] ?? ''} · ${IMPACT_DEGREES[f.decision.impactDegree] ?? ''}`
                : '随资源',
          },
        ]}
      />
    </Space>
  )
}

/** One resource: grading (分类分级), discovery review (敏感数据识别) and masking preview (脱敏预览). */
export default function ResourceProtection({ id }: { id: string }) {
  const [tick, setTick] = useState(0)
  const view = useFetch<GradingView>(`/governance/resources/${id}/grading`, undefined, tick)
  const reload = () => setTick((n) => n + 1)
  if (view.loading && !view.data) return <Spin />
  if (!view.data) return <Alert type="error" showIcon message={view.error?.message ?? '无法加载'} />
  const v = view.data
  return (
    <Card title={`${v.resource.name}（${v.resource.code}）`} extra={<GradeTag grade={v.effectiveGrade} />}>
      <Tabs
        items={[
          { key: 'grading', label: '分类分级', children: <GradingTab view={v} reload={reload} /> },
          {
            key: 'discovery',
            label: '敏感数据识别',
            children: v.canEdit ? (
              <DiscoveryReview resourceId={id} onConfirmed={reload} />
            ) : (
              <Alert type="info" message="仅资源所属单位或辖区数据局可进行识别" />
            ),
          },
          {
            key: 'masking',
            label: '脱敏预览',
            children: v.canEdit ? (
              <MaskingPreviewPanel resourceId={id} refreshKey={tick} />
            ) : (
              <Alert type="info" message="仅资源所属单位或辖区数据局可查看脱敏预览" />
            ),
          },
        ]}
      />
    </Card>
  )
}
