import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Row,
  Segmented,
  Select,
  Statistic,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../api'
import { showError, showSuccess } from '../../feedback'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { DueText } from './labels'
import type { Demand, OpenFacets } from './types'

interface Stats {
  total: number
  replied: number
  pending: number
  overdue: number
  onTimeRate: number | null
}

function DemandForm({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm()
  const [busy, setBusy] = useState(false)
  // The orgs that already open data are the likely answerers; without a choice the province bureau answers.
  const orgs = useFetch<{ facets: OpenFacets }>(open ? '/public/resources' : null, { pageSize: 1 })
  const submit = async () => {
    const values = await form.validateFields()
    setBusy(true)
    try {
      await api.post('/public/demands', values)
      showSuccess('需求已提交，相关单位将在答复期限内公开答复')
      form.resetFields()
      onDone()
      onClose()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      title="提出数据需求"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="提交"
      confirmLoading={busy}
    >
      <Form form={form} name="demand" layout="vertical">
        <Form.Item
          name="title"
          label="需要什么数据"
          rules={[{ required: true, min: 4, message: '标题至少 4 个字' }]}
        >
          <Input maxLength={100} placeholder="如：公共停车场实时空余泊位" />
        </Form.Item>
        <Form.Item
          name="description"
          label="详细说明与用途"
          rules={[{ required: true, min: 10, message: '请具体描述（至少 10 个字）' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item name="orgId" label="希望答复的单位（不选由省数据局受理）">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(orgs.data?.facets.orgs ?? []).map((o) => ({ value: o.value, label: o.label }))}
          />
        </Form.Item>
        <Form.Item
          name="askerName"
          label="称呼（公开显示）"
          rules={[{ required: true, message: '请填写称呼' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contact" label="联系方式（不公开，选填）">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** Public data demands: file one, read the orgs' public replies, see the statistics. */
export default function DemandsPage() {
  const [status, setStatus] = useState<'all' | 'pending' | 'replied'>('all')
  const [page, setPage] = useState(1)
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [open, setOpen] = useState(false)
  const list = useFetch<Page<Demand>>(
    '/public/demands',
    { status: status === 'all' ? undefined : status, q, page, pageSize: 10 },
    tick,
  )
  const stats = useFetch<Stats>('/public/demands/stats', undefined, tick)
  return (
    <div style={{ maxWidth: 1000, margin: '0 auto' }}>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {[
          ['需求总数', stats.data?.total],
          ['已答复', stats.data?.replied],
          ['超期未答复', stats.data?.overdue],
          [
            '按期答复率',
            stats.data?.onTimeRate === null || stats.data?.onTimeRate === undefined
              ? '-'
              : `${Math.round(stats.data.onTimeRate * 100)}%`,
          ],
        ].map(([label, value]) => (
          <Col xs={12} md={6} key={String(label)}>
            <Card size="small">
              <Statistic title={label} value={value ?? '-'} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title="数据需求"
        extra={
          <Button type="primary" onClick={() => setOpen(true)}>
            提出数据需求
          </Button>
        }
      >
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col>
            <Segmented
              value={status}
              onChange={(v) => {
                setStatus(v as typeof status)
                setPage(1)
              }}
              options={[
                { value: 'all', label: '全部' },
                { value: 'pending', label: '待答复' },
                { value: 'replied', label: '已答复' },
              ]}
            />
          </Col>
          <Col flex="auto">
            <Input.Search
              allowClear
              placeholder="搜索需求"
              onSearch={(v) => {
                setQ(v.trim() || undefined)
                setPage(1)
              }}
              style={{ maxWidth: 320 }}
            />
          </Col>
        </Row>
        {list.error && <Alert type="error" showIcon message={errorText(list.error)} />}
        <List
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无数据需求" /> }}
          pagination={
            list.data && list.data.total > 10
              ? {
                  current: page,
                  pageSize: 10,
                  total: list.data.total,
                  onChange: setPage,
                  showSizeChanger: false,
                }
              : false
          }
          renderItem={(d) => (
            <List.Item key={d.id}>
              <List.Item.Meta
                title={
                  <span>
                    {d.title}{' '}
                    {d.status === 'replied' ? (
                      <Tag color="green">已答复</Tag>
                    ) : (
                      <Tag color="processing">待答复</Tag>
                    )}
                  </span>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ marginBottom: 4 }}>{d.description}</Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.askerName} · {d.createdOn} · 答复单位：{d.orgName} · 答复期限：
                    </Typography.Text>
                    <DueText due={d.replyDue} overdue={d.overdue} />
                    {d.reply && (
                      <Alert
                        style={{ marginTop: 8 }}
                        type="success"
                        message={`${d.orgName} 答复（${d.repliedOn}${d.repliedOnTime === false ? '，超期' : ''}）`}
                        description={d.reply}
                      />
                    )}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <DemandForm open={open} onClose={() => setOpen(false)} onDone={() => setTick((n) => n + 1)} />
    </div>
  )
}
