import { EditOutlined } from '@ant-design/icons'
import { Button, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { StatusTag } from '../../components/tags'
import { ORG_TYPE_LABELS } from '../../labels'
import type { Org } from '../../types'

export function orgColumns<T extends Org>(onEdit: ((org: T) => void) | null): ColumnsType<T> {
  const columns: ColumnsType<T> = [
    {
      title: '名称',
      dataIndex: 'name',
      key: 'name',
      minWidth: 240,
      render: (name: string) => <strong>{name}</strong>,
    },
    {
      title: '类型',
      dataIndex: 'type',
      key: 'type',
      width: 170,
      render: (type: Org['type']) => ORG_TYPE_LABELS[type] ?? type,
    },
    { title: '行政区划', dataIndex: 'regionName', key: 'regionName', width: 120 },
    {
      title: '上级单位',
      dataIndex: 'parentName',
      key: 'parentName',
      minWidth: 140,
      render: (name: string | null) => name ?? '—',
    },
    {
      title: '统一社会信用代码',
      dataIndex: 'creditCode',
      key: 'creditCode',
      width: 200,
      render: (code: string | null) =>
        code ? <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }}>{code}</Typography.Text> : '—',
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (status: Org['status']) => <StatusTag status={status} />,
    },
  ]
  if (onEdit) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, org) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(org)}>
          编辑
        </Button>
      ),
    })
  }
  return columns
}
