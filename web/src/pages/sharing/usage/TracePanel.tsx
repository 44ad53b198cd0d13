import { Alert, Button, Form, Input, Space } from 'antd'
import { useState } from 'react'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import CallsTable from './CallsTable'
import type { GatewayCall } from './types'

interface TraceQuery {
  value: string
  keyField?: string
}

/**
 * 数据溯源 for auditors: which gateway calls asked for or returned the record with this key value (e.g. a 公民身份号码).
 * The server hashes the value with its key and compares hashes; the search itself is written to the audit trail.
 */
export default function TracePanel({ from, to }: { from?: string; to?: string }) {
  const [query, setQuery] = useState<TraceQuery | null>(null)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const result = useFetch<Page<GatewayCall>>(query ? '/sharing/trace' : null, {
    ...query,
    from,
    to,
    page,
    pageSize,
  })
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title="按主键取值（如公民身份号码）查找查询或返回过该记录的调用。取值只以散列形式比对，本次查询将记入审计日志。"
      />
      <Form<TraceQuery>
        layout="inline"
        onFinish={(values) => {
          setPage(1)
          setQuery({
            value: values.value.trim(),
            ...(values.keyField?.trim() ? { keyField: values.keyField.trim() } : {}),
          })
        }}
      >
        <Form.Item name="value" rules={[{ required: true, whitespace: true, message: '请输入主键取值' }]}>
          <Input placeholder="主键取值，如公民身份号码" style={{ width: 260 }} maxLength={200} allowClear />
        </Form.Item>
        <Form.Item name="keyField">
          <Input
            placeholder="主键信息项代码（可选），如 sfzh"
            style={{ width: 220 }}
            maxLength={64}
            allowClear
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="trace-search">
            溯源查询
          </Button>
        </Form.Item>
      </Form>
      {query && (
        <CallsTable
          calls={result.data?.items ?? []}
          loading={result.loading}
          error={result.error}
          pagination={{
            current: page,
            pageSize,
            total: result.data?.total ?? 0,
            onChange: (next, size) => {
              setPage(size === pageSize ? next : 1)
              setPageSize(size)
            },
          }}
        />
      )}
    </Space>
  )
}
