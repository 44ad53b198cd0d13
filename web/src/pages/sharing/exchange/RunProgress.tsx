import { Progress, Space, Typography } from 'antd'
import { duration } from './labels'
import type { ExchangeRun } from './types'

/** Rows, percent, rate and time left of a run. */
export default function RunProgress({ run, compact = false }: { run: ExchangeRun; compact?: boolean }) {
  const status =
    run.status === 'failed'
      ? 'exception'
      : run.status === 'succeeded'
        ? 'success'
        : run.status === 'running'
          ? 'active'
          : 'normal'
  const rate =
    run.rowsPerSecond === null ? '—' : `${Math.round(run.rowsPerSecond).toLocaleString('zh-CN')} 行/秒`
  const rows = `${run.rowsDone.toLocaleString('zh-CN')} / ${run.rowsTotal === null ? '?' : run.rowsTotal.toLocaleString('zh-CN')} 行`
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }}>
      <Progress percent={run.percent ?? 0} status={status} size={compact ? 'small' : 'default'} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {rows} · {rate}
        {run.status === 'running' ? ` · 预计剩余 ${duration(run.etaSeconds)}` : ''}
      </Typography.Text>
    </Space>
  )
}
