import { Alert, Button, Empty, Progress, Select, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { GRADE_LABELS, options, SENSITIVE_TYPES } from './labels'
import type { DiscoveryRun } from './types'

interface Choice {
  type: string | null
  grade: string | null
}

/** 敏感数据识别: run discovery, review each proposal (type, grade), confirm. */
export default function DiscoveryReview({
  resourceId,
  onConfirmed,
}: {
  resourceId: string
  onConfirmed: () => void
}) {
  const [tick, setTick] = useState(0)
  const latest = useFetch<{ run: DiscoveryRun | null }>(
    `/governance/resources/${resourceId}/discovery`,
    undefined,
    tick,
  )
  const run = latest.data?.run ?? null
  const [choices, setChoices] = useState<Record<string, Choice>>({})
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    setChoices(
      Object.fromEntries(
        (run?.proposals ?? []).map((p) => [p.code, { type: p.type, grade: p.suggestedGrade }]),
      ),
    )
  }, [run])
  const discover = async () => {
    setBusy(true)
    try {
      await api.post(`/catalog/resources/${resourceId}/discover`)
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  const confirm = async () => {
    if (!run) return
    setBusy(true)
    try {
      await api.post(`/governance/discoveries/${run.id}/confirm`, {
        fields: Object.entries(choices).map(([code, c]) => ({
          code,
          type: c.type,
          grade: c.grade,
          ...(c.type === 'bank_card' ? { piCategories: ['financial_account'] } : {}),
        })),
      })
      showSuccess('识别结果已确认：类型用于脱敏，级别已写入目录')
      setTick((n) => n + 1)
      onConfirmed()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  const set = (code: string, patch: Partial<Choice>) =>
    setChoices((all) => ({ ...all, [code]: { type: null, grade: null, ...all[code], ...patch } }))
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" onClick={discover} loading={busy}>
          {run ? '重新识别' : '开始识别'}
        </Button>
        {run && (
          <Typography.Text type="secondary">
            {formatTime(run.createdAt)} 抽样 {run.sampledRows} 行
            {run.confirmedAt ? `，已于 ${formatTime(run.confirmedAt)} 确认` : ''}
          </Typography.Text>
        )}
      </Space>
      {run && run.sampledRows === 0 && (
        <Alert type="info" showIcon message="该资源没有可抽样的平台库表数据，仅按信息项名称识别" />
      )}
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        loading={latest.loading}
        dataSource={run?.proposals ?? []}
        locale={{ emptyText: <Empty description="尚未识别" /> }}
        columns={[
          { title: '信息项', key: 'name', render: (_, p) => `${p.name}（${p.code}）` },
          {
            title: '依据',
            key: 'evidence',
            render: (_, p) => (
              <Space size={4} wrap>
                {p.byName && <Tag>名称：{SENSITIVE_TYPES[p.byName]}</Tag>}
                {p.byValues && (
                  <Tag color="blue">
                    数据：{SENSITIVE_TYPES[p.byValues] ?? '日期'} {Math.round(p.valueShare * 100)}%
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: '置信度',
            key: 'confidence',
            width: 140,
            render: (_, p) => <Progress percent={Math.round(p.confidence * 100)} size="small" />,
          },
          {
            title: '敏感类型',
            key: 'type',
            width: 180,
            render: (_, p) => (
              <Select
                allowClear
                placeholder="无"
                style={{ width: 160 }}
                disabled={Boolean(run?.confirmedAt)}
                value={choices[p.code]?.type ?? undefined}
                options={options(SENSITIVE_TYPES)}
                onChange={(v: string | undefined) => set(p.code, { type: v ?? null })}
              />
            ),
          },
          {
            title: '级别',
            key: 'grade',
            width: 180,
            render: (_, p) => (
              <Select
                allowClear
                placeholder="不改变"
                style={{ width: 160 }}
                disabled={Boolean(run?.confirmedAt)}
                value={choices[p.code]?.grade ?? undefined}
                options={options(GRADE_LABELS)}
                onChange={(v: string | undefined) => set(p.code, { grade: v ?? null })}
              />
            ),
          },
        ]}
      />
      {run && !run.confirmedAt && (
        <Button type="primary" onClick={confirm} loading={busy}>
          确认识别结果
        </Button>
      )}
    </Space>
  )
}
