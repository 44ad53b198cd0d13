import { Alert, Button, Input, Modal, Segmented, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { useFetch } from '../../../hooks'
import type { Page } from '../../../types'
import { DueText } from '../labels'
import type { Demand } from '../types'

/** The console inbox of public data demands: the named org (or the bureau over it) replies publicly. */
export default function DemandsInbox() {
  const [status, setStatus] = useState<string>('pending')
  const [page, setPage] = useState(1)
  const [q, setQ] = useState<string>()
  const [tick, setTick] = useState(0)
  const [replying, setReplying] = useState<Demand | null>(null)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const list = useFetch<Page<Demand>>(
    '/portal/demands',
    {
      status: status === 'all' || status === 'overdue' ? undefined : status,
      overdue: status === 'overdue' || undefined,
      q,
      page,
      pageSize: 20,
    },
    tick,
  )
  const send = async () => {
    if (!replying) return
    setBusy(true)
    try {
      await api.post(`/portal/demands/${replying.id}/reply`, { reply: text })
      showSuccess('已公开答复')
      setReplying(null)
      setText('')
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(String(v))
            setPage(1)
          }}
          options={[
            { value: 'pending', label: '待答复' },
            { value: 'overdue', label: '已超期' },
            { value: 'replied', label: '已答复' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="搜索需求"
          onSearch={(v) => {
            setQ(v.trim() || undefined)
            setPage(1)
          }}
          style={{ width: 240 }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={errorText(list.error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '暂无数据需求' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: '需求', dataIndex: 'title', width: 220 },
          { title: '说明', dataIndex: 'description', ellipsis: true, width: 260 },
          { title: '答复单位', dataIndex: 'orgName' },
          { title: '提出', dataIndex: 'createdOn' },
          {
            title: '答复期限',
            key: 'due',
            render: (_, d) =>
              d.status === 'pending' ? (
                <DueText due={d.replyDue} overdue={d.overdue} />
              ) : (
                <Tag color="green">已答复 {d.repliedOn}</Tag>
              ),
          },
          {
            title: '操作',
            key: 'op',
            render: (_, d) =>
              d.canReply ? (
                <Button size="small" type="primary" onClick={() => setReplying(d)}>
                  答复
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={replying !== null}
        title={`公开答复：${replying?.title ?? ''}`}
        onCancel={() => setReplying(null)}
        onOk={send}
        okText="公开答复"
        confirmLoading={busy}
        okButtonProps={{ disabled: text.trim().length < 4 }}
      >
        <p>{replying?.description}</p>
        <Input.TextArea
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={4000}
          placeholder="答复将在开放平台公开显示"
        />
      </Modal>
    </>
  )
}
