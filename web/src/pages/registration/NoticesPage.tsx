import { Button, Card, Empty, Input, Table, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { KIND_LABELS } from './labels'
import type { PublicNotice, RegistrationKind } from './types'

/** 登记公示 (public): registrations under notice with the four public fields; anyone may object. */
export default function NoticesPage() {
  const [page, setPage] = useState(1)
  const [q, setQ] = useState<string>()
  const list = useFetch<Page<PublicNotice>>('/public/registrations/notices', { q, page, pageSize: 20 })
  return (
    <Card title="公共数据资源登记公示">
      <Typography.Paragraph type="secondary">
        公示期内，任何单位和个人均可实名提出异议并提交证据材料；登记机构复核后，异议成立的登记将终止。
      </Typography.Paragraph>
      <Input.Search
        allowClear
        placeholder="搜索数据名称或摘要"
        style={{ width: 300, marginBottom: 16 }}
        onSearch={(v) => {
          setQ(v.trim() || undefined)
          setPage(1)
        }}
      />
      <Table<PublicNotice>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: <Empty description={list.error ? list.error.message : '当前没有公示中的登记'} />,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (t) => `共 ${t} 条`,
        }}
        columns={[
          { title: '登记主体', dataIndex: 'registrantName', width: 180 },
          {
            title: '登记类型',
            dataIndex: 'kind',
            width: 100,
            render: (k: RegistrationKind) => KIND_LABELS[k],
          },
          { title: '数据名称', dataIndex: 'dataName', width: 220 },
          { title: '内容摘要', dataIndex: 'summary', ellipsis: true },
          {
            title: '公示期',
            key: 'period',
            width: 200,
            render: (_, n) => `${n.noticeStartsOn ?? ''} 至 ${n.noticeDue ?? ''}`,
          },
          {
            title: '',
            key: 'op',
            width: 100,
            render: (_, n) => (
              <Link to={`/public/registrations/notices/${n.id}/objection`}>
                <Button size="small">提出异议</Button>
              </Link>
            ),
          },
        ]}
      />
    </Card>
  )
}
