import { App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../api'
import { formatTime } from '../../format'
import StepModal from './StepModal'
import type { RegistrationDetail } from './types'

const OBJECTION_STATUS = {
  pending: { label: '待复核', color: 'processing' },
  upheld: { label: '成立', color: 'error' },
  dismissed: { label: '不成立', color: 'default' },
} as const

/** Objections raised during public notice; the body decides each (upheld ends the registration). */
export default function ObjectionsCard({
  r,
  onChange,
}: {
  r: RegistrationDetail
  onChange: (next: RegistrationDetail) => void
}) {
  const { message } = App.useApp()
  const [deciding, setDeciding] = useState<{ id: string; decision: 'uphold' | 'dismiss' }>()
  const canDecide = r.actions.includes('decide_objection')
  if (r.objections.length === 0 && !['public_notice', 'objection_review'].includes(r.status)) return null
  return (
    <Card title="公示与异议" size="small">
      {r.objections.length === 0 ? (
        <Empty description="公示期内暂无异议" />
      ) : (
        <List
          dataSource={r.objections}
          renderItem={(o) => (
            <List.Item
              key={o.id}
              actions={
                canDecide && o.status === 'pending'
                  ? [
                      <Button
                        key="d"
                        size="small"
                        onClick={() => setDeciding({ id: o.id, decision: 'dismiss' })}
                      >
                        不成立
                      </Button>,
                      <Button
                        key="u"
                        size="small"
                        danger
                        onClick={() => setDeciding({ id: o.id, decision: 'uphold' })}
                      >
                        成立（终止登记）
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    <span>{o.realName}</span>
                    <Typography.Text type="secondary">{o.contact}</Typography.Text>
                    <Tag color={OBJECTION_STATUS[o.status].color}>{OBJECTION_STATUS[o.status].label}</Tag>
                  </Space>
                }
                description={
                  <div>
                    <div>{o.content}</div>
                    {o.attachments.map((a) => (
                      <a
                        key={a.id}
                        href={`/api/v1/registrations/${r.id}/attachments/${a.id}`}
                        style={{ marginRight: 12 }}
                      >
                        {a.fileName}
                      </a>
                    ))}
                    <div>
                      <Typography.Text type="secondary">提出于 {formatTime(o.createdAt)}</Typography.Text>
                    </div>
                    {o.decisionReason && <div>复核意见：{o.decisionReason}</div>}
                  </div>
                }
              />
            </List.Item>
          )}
        />
      )}
      {deciding && (
        <StepModal
          title={deciding.decision === 'uphold' ? '异议成立（终止登记）' : '异议不成立'}
          open
          onCancel={() => setDeciding(undefined)}
          onOk={async (reason) => {
            try {
              onChange(
                await api.post<RegistrationDetail>(
                  `/registrations/${r.id}/objections/${deciding.id}/decide`,
                  {
                    decision: deciding.decision,
                    reason,
                  },
                ),
              )
              setDeciding(undefined)
            } catch (err) {
              message.error(errorText(err))
            }
          }}
        />
      )}
    </Card>
  )
}
