import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tooltip } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { DATA_TYPE_LABELS, optionsOf } from '../labels'
import { EMPTY_FIELD } from './formValues'

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/
const cell = { style: { marginBottom: 0 } }

interface Row {
  key: number
  name: number
  index: number
}

/** 信息项 editor: one table row per field, with add / remove / move; errors show on the cell's input. */
export default function FieldTable() {
  return (
    <Form.List name="fields">
      {(rows, { add, remove, move }) => {
        const data: Row[] = rows.map((row, index) => ({ key: row.key, name: row.name, index }))
        const columns: ColumnsType<Row> = [
          { title: '序号', key: 'index', width: 56, render: (_, r) => r.index + 1 },
          {
            title: '信息项名称',
            key: 'name',
            width: 170,
            render: (_, r) => (
              <Form.Item
                {...cell}
                name={[r.name, 'name']}
                rules={[{ required: true, whitespace: true, message: '必填' }, { max: 100 }]}
              >
                <Input placeholder="如：姓名" />
              </Form.Item>
            ),
          },
          {
            title: '信息项代码',
            key: 'code',
            width: 150,
            render: (_, r) => (
              <Form.Item
                {...cell}
                name={[r.name, 'code']}
                // Re-check a duplicate when the other row's code changes.
                dependencies={rows.filter((o) => o.name !== r.name).map((o) => ['fields', o.name, 'code'])}
                rules={[
                  { required: true, message: '必填' },
                  { pattern: COLUMN_NAME, message: '字母、数字、下划线，字母开头' },
                  ({ getFieldValue }) => ({
                    validator: (_, value?: string) => {
                      const all = (getFieldValue('fields') as { code?: string }[] | undefined) ?? []
                      const same = all.filter((f) => value && f?.code?.toLowerCase() === value.toLowerCase())
                      return same.length > 1 ? Promise.reject(new Error('代码重复')) : Promise.resolve()
                    },
                  }),
                ]}
              >
                <Input placeholder="如：xm" style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            ),
          },
          {
            title: '数据类型',
            key: 'dataType',
            width: 130,
            render: (_, r) => (
              <Form.Item {...cell} name={[r.name, 'dataType']} rules={[{ required: true, message: '必选' }]}>
                <Select options={optionsOf(DATA_TYPE_LABELS)} />
              </Form.Item>
            ),
          },
          {
            title: '长度',
            key: 'length',
            width: 100,
            render: (_, r) => (
              <Form.Item {...cell} name={[r.name, 'length']}>
                <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            ),
          },
          {
            title: '描述',
            key: 'description',
            width: 180,
            render: (_, r) => (
              <Form.Item {...cell} name={[r.name, 'description']} rules={[{ max: 500 }]}>
                <Input />
              </Form.Item>
            ),
          },
          {
            title: '主键',
            key: 'isKey',
            width: 64,
            render: (_, r) => (
              <Form.Item {...cell} name={[r.name, 'isKey']} valuePropName="checked">
                <Switch size="small" />
              </Form.Item>
            ),
          },
          {
            title: '数据元代码',
            key: 'elementCode',
            width: 130,
            render: (_, r) => (
              <Form.Item {...cell} name={[r.name, 'elementCode']} rules={[{ max: 64 }]}>
                <Input placeholder="如 DE00001" />
              </Form.Item>
            ),
          },
          {
            title: <Tooltip title="一数一源：每个标准数据元只能有一个权威来源">权威来源</Tooltip>,
            key: 'authoritative',
            width: 84,
            render: (_, r) => (
              <Form.Item
                {...cell}
                name={[r.name, 'authoritative']}
                valuePropName="checked"
                dependencies={[['fields', r.name, 'elementCode']]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, checked?: boolean) =>
                      checked && !getFieldValue(['fields', r.name, 'elementCode'])
                        ? Promise.reject(new Error('须先填写数据元代码'))
                        : Promise.resolve(),
                  }),
                ]}
              >
                <Switch size="small" />
              </Form.Item>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 110,
            fixed: 'right',
            render: (_, r) => (
              <Space size={0}>
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={r.index === 0}
                  onClick={() => move(r.index, r.index - 1)}
                  aria-label="上移"
                />
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={r.index === rows.length - 1}
                  onClick={() => move(r.index, r.index + 1)}
                  aria-label="下移"
                />
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => remove(r.name)}
                  aria-label="删除信息项"
                />
              </Space>
            ),
          },
        ]
        return (
          <>
            <Table<Row>
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={data}
              pagination={false}
              scroll={{ x: 1150 }}
              locale={{ emptyText: '暂无信息项，发布前至少需要一个' }}
            />
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ ...EMPTY_FIELD })}
              style={{ marginTop: 8 }}
            >
              添加信息项
            </Button>
          </>
        )
      }}
    </Form.List>
  )
}
