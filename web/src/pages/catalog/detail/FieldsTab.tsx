import { CheckOutlined } from '@ant-design/icons'
import { Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { ResourceField } from '../../../types'
import { DATA_TYPE_LABELS } from '../labels'

const GRADE_LABELS: Record<string, string> = {
  core: '核心数据',
  important: '重要数据',
  general_4: '一般数据4级',
  general_3: '一般数据3级',
  general_2: '一般数据2级',
  general_1: '一般数据1级',
}

const yes = (v: boolean) => (v ? <CheckOutlined style={{ color: '#52c41a' }} /> : null)

const columns: ColumnsType<ResourceField> = [
  { title: '序号', key: 'position', width: 64, render: (_, __, i) => i + 1 },
  { title: '信息项名称', dataIndex: 'name', key: 'name', width: 180 },
  {
    title: '信息项代码',
    dataIndex: 'code',
    key: 'code',
    width: 150,
    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
  },
  {
    title: '数据类型',
    dataIndex: 'dataType',
    key: 'dataType',
    width: 110,
    render: (v: ResourceField['dataType']) => DATA_TYPE_LABELS[v] ?? v,
  },
  { title: '长度', dataIndex: 'length', key: 'length', width: 80, render: (v: number | null) => v ?? '—' },
  { title: '描述', dataIndex: 'description', key: 'description', render: (v: string) => v || '—' },
  { title: '主键', dataIndex: 'isKey', key: 'isKey', width: 64, render: yes },
  {
    title: '分级',
    dataIndex: 'grade',
    key: 'grade',
    width: 110,
    render: (v: string | null) => (v ? (GRADE_LABELS[v] ?? v) : '待定级'),
  },
  { title: '数据元代码', dataIndex: 'elementCode', key: 'elementCode', width: 120, render: (v) => v ?? '—' },
  { title: '权威来源', dataIndex: 'authoritative', key: 'authoritative', width: 84, render: yes },
]

export default function FieldsTab({ fields }: { fields: ResourceField[] }) {
  return (
    <Table<ResourceField>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={fields}
      pagination={fields.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 1100 }}
      locale={{ emptyText: '暂无信息项' }}
    />
  )
}
