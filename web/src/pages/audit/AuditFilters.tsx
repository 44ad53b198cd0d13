import { SearchOutlined } from '@ant-design/icons'
import { Button, DatePicker, Form, Input } from 'antd'
import type { Dayjs } from 'dayjs'
import OrgSelect from '../../components/OrgSelect'
import { wallTimeToIso } from '../../format'

export interface AuditQuery {
  action?: string
  actorId?: string
  orgId?: string
  targetType?: string
  targetId?: string
  from?: string
  to?: string
}

interface Values {
  action?: string
  actorId?: string
  orgId?: string
  targetType?: string
  targetId?: string
  range?: [Dayjs | null, Dayjs | null] | null
}

const clean = (value: string | undefined) => value?.trim() || undefined

/** Filter bar; times are entered and sent as Beijing time. */
export default function AuditFilters({ onChange }: { onChange: (query: AuditQuery) => void }) {
  const [form] = Form.useForm<Values>()

  const apply = (values: Values) => {
    const [from, to] = values.range ?? [null, null]
    onChange({
      action: clean(values.action),
      actorId: clean(values.actorId),
      orgId: values.orgId,
      targetType: clean(values.targetType),
      targetId: clean(values.targetId),
      from: from ? wallTimeToIso(from) : undefined,
      to: to ? wallTimeToIso(to) : undefined,
    })
  }

  return (
    <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 12, marginBottom: 16 }}>
      <Form.Item name="action">
        <Input allowClear placeholder="动作，如 org.create" style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="actorId">
        <Input allowClear placeholder="操作人 ID" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="orgId">
        <OrgSelect placeholder="全部单位" style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="targetType">
        <Input allowClear placeholder="对象类型，如 org" style={{ width: 150 }} />
      </Form.Item>
      <Form.Item name="targetId">
        <Input allowClear placeholder="对象 ID" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} placeholder={['开始时间', '结束时间']} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields()
            onChange({})
          }}
        >
          重置
        </Button>
      </Form.Item>
    </Form>
  )
}
