import { Alert, Button, Card, Empty, List, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'

interface Status {
  dueDate: string
  reminderFrom: string
  state: 'submitted' | 'not_due' | 'due' | 'overdue'
  late: boolean
  submissions: {
    id: string
    revision: number
    digest: string
    submittedByName: string
    submittedAt: string
  }[]
  reminders: { kind: 'report_due' | 'report_overdue'; dueOn: string; message: string; createdAt: string }[]
}

export interface Reminder {
  operatorOrgId: string
  operatorOrgName: string
  year: number
  kind: 'report_due' | 'report_overdue'
  message: string
  submitted: boolean
  createdAt: string
}

const STATE: Record<Status['state'], [string, string]> = {
  submitted: ['green', '已报送'],
  not_due: ['default', '未到报送期'],
  due: ['gold', '待报送'],
  overdue: ['red', '逾期未报送'],
}

/** The annual report's submission: due and overdue state, the authorizer's submit button, revisions, reminders. */
export function AnnualReportSubmission({
  operatorOrgId,
  year,
  authorizer,
}: {
  operatorOrgId: string
  year: number
  authorizer: boolean
}) {
  const [tick, setTick] = useState(0)
  const status = useFetch<Status>('/operation/reports/annual/submissions', { operatorOrgId, year }, tick)
  const s = status.data
  if (!s) return null
  const submit = async () => {
    try {
      const r = await api.post<{ revision: number }>('/operation/reports/annual/submissions', {
        operatorOrgId,
        year,
      })
      showSuccess(`年度报告已报送（第 ${r.revision} 版）`)
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  const [color, label] = STATE[s.state]
  const latest = s.submissions[0]
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      title={
        <Space>
          年度报告报送
          <Tag color={color}>{label}</Tag>
          {s.late && <Tag color="orange">逾期后报送</Tag>}
        </Space>
      }
      extra={
        authorizer && (
          <Popconfirm
            title={latest ? '重新报送将形成新版本，以最新版本为准。继续？' : '按当前数据固化并报送年度报告？'}
            onConfirm={submit}
          >
            <Button type="primary">{latest ? '重新报送' : '报送年度报告'}</Button>
          </Popconfirm>
        )
      }
    >
      <Alert
        type={s.state === 'overdue' ? 'error' : s.state === 'due' ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        message={
          latest
            ? `已于 ${formatTime(latest.submittedAt)} 报送第 ${latest.revision} 版（报送截止日 ${s.dueDate}）`
            : `报送截止日 ${s.dueDate}，自 ${s.reminderFrom} 起提醒授权方`
        }
      />
      {s.reminders.length > 0 && (
        <List
          size="small"
          style={{ marginBottom: 12 }}
          dataSource={s.reminders}
          renderItem={(r) => (
            <List.Item>
              <Space>
                <Tag color={r.kind === 'report_overdue' ? 'red' : 'gold'}>
                  {r.kind === 'report_overdue' ? '逾期' : '提醒'}
                </Tag>
                {r.message}
                <Typography.Text type="secondary">{formatTime(r.createdAt)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={s.submissions}
        locale={{ emptyText: <Empty description="尚未报送" /> }}
        columns={[
          { title: '版本', dataIndex: 'revision', key: 'r', width: 70 },
          { title: '报送人', dataIndex: 'submittedByName', key: 'by', width: 120 },
          { title: '报送时间', dataIndex: 'submittedAt', key: 'at', width: 170, render: formatTime },
          {
            title: 'SM3 摘要',
            dataIndex: 'digest',
            key: 'd',
            render: (d: string) => (
              <Typography.Text code copyable={{ text: d }}>{`${d.slice(0, 16)}…`}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  )
}

/** Open reminders for the bureau (or the operator's own): reports due or overdue, not yet submitted. */
export function ReportReminders() {
  const list = useFetch<{ items: Reminder[] }>('/operation/reports/reminders')
  const open = (list.data?.items ?? []).filter((r) => !r.submitted)
  if (open.length === 0) return null
  return (
    <Alert
      type={open.some((r) => r.kind === 'report_overdue') ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 12 }}
      message="年度收费情况报告报送提醒"
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {open.map((r) => (
            <li key={`${r.operatorOrgId}-${r.year}-${r.kind}`}>{r.message}</li>
          ))}
        </ul>
      }
    />
  )
}
