import { Button, Card, Empty, Input, Popconfirm, Space, Table } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { showError, showSuccess } from '../../feedback'
import { useFetch } from '../../hooks'
import { MODE_LABELS, ScopeStatusTag } from './labels'
import type { ProjectMode } from './types'

interface ConsentItem {
  projectId: string
  projectCode: string
  projectName: string
  mode: ProjectMode
  authorizerOrgName: string
  resourceId: string
  resourceCode: string
  resourceName: string
  status: string
  addedAt: string
}

/** Providers decide whether a resource they shared may enter an operation project. */
export default function ConsentsPage() {
  const list = useFetch<{ items: ConsentItem[] }>('/operation/consents')
  const [note, setNote] = useState('')
  const decide = async (c: ConsentItem, consent: boolean) => {
    try {
      await api.post(`/operation/projects/${c.projectId}/resources/${c.resourceId}/consent`, {
        consent,
        note: note.trim() || null,
      })
      showSuccess(consent ? '已同意' : '已不同意')
      list.reload()
    } catch (err) {
      showError(err)
    }
  }
  return (
    <Card title="授权运营数据使用同意">
      <Input
        placeholder="意见（可选）"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        style={{ width: 320, marginBottom: 12 }}
      />
      <Table
        rowKey={(c) => `${c.projectId}-${c.resourceId}`}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无需要本单位同意的事项" /> }}
        columns={[
          { title: '数据资源', key: 'r', render: (_, c) => `${c.resourceName}（${c.resourceCode}）` },
          { title: '授权运营项目', key: 'p', render: (_, c) => `${c.projectName}（${MODE_LABELS[c.mode]}）` },
          { title: '授权方', dataIndex: 'authorizerOrgName', key: 'a' },
          {
            title: '状态',
            dataIndex: 'status',
            key: 's',
            render: (s: string) => <ScopeStatusTag status={s} />,
          },
          {
            title: '操作',
            key: 'ops',
            render: (_, c) =>
              c.status === 'awaiting_consent' && (
                <Space size={4}>
                  <Popconfirm title="同意该资源纳入授权运营？" onConfirm={() => decide(c, true)}>
                    <Button size="small" type="primary">
                      同意
                    </Button>
                  </Popconfirm>
                  <Popconfirm title="不同意？" onConfirm={() => decide(c, false)}>
                    <Button size="small" danger>
                      不同意
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  )
}
