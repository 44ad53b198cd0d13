import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiError, api } from '../../api'
import { showError } from '../../feedback'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'

interface Scope {
  id: string
  label: string
  role: 'member' | 'approver'
  requiresApproval: boolean
  epsilonBudget: number
  epsilonSpent: number
  epsilonRemaining: number
  minGroupSize: number
  resources: {
    id: string
    code: string
    name: string
    source?: 'hosted' | 'external' | 'http' | 'unmounted'
    usable?: boolean
    fields: { code: string; name: string; dataType: string; isKey: boolean }[]
  }[]
}

const SOURCE_TAGS: Record<string, { color: string; text: string }> = {
  hosted: { color: 'blue', text: '平台托管' },
  external: { color: 'purple', text: '外部数据库' },
  http: { color: 'default', text: 'HTTP 接口（不可计算）' },
  unmounted: { color: 'default', text: '未挂载（不可计算）' },
}

interface Result {
  queryId: string
  status: 'done' | 'pending'
  columns: string[]
  rows: (string | number | boolean | null)[][]
  suppressedGroups: number
  minGroupSize: number
  noisy: boolean
  epsilonSpent: number
  epsilonRemaining: number
}

interface LogItem {
  id: string
  actorName: string
  sqlText: string
  epsilon: number | null
  status: string
  errorCode: string | null
  rowCount: number | null
  createdAt: string
}

const STATUS: Record<string, [string, string]> = {
  done: ['green', '已完成'],
  refused: ['red', '已拒绝'],
  pending: ['gold', '待审批'],
  rejected: ['default', '已驳回'],
}

/** Short Chinese names of the refusals the query log shows by code. */
const REFUSALS: Record<string, string> = {
  'sandbox.bounds_required': '缺少截断边界',
  'sandbox.bounds_invalid': '截断边界不合法',
  'sandbox.dp_unsupported': '加噪不支持 min/max',
  'sandbox.budget_exhausted': '隐私预算不足',
  'sandbox.differencing': '差分攻击',
  'sandbox.unique_group': '按唯一标识分组',
  'sandbox.select_star': 'SELECT *',
  'sandbox.sql_invalid': '语句无法解析',
  'sandbox.column_unknown': '数据项不可用',
}

/** Shown while ε is set: the differential-privacy rules the server enforces (docs/sandbox.md). */
function NoiseHelp({ code, minGroupSize }: { code: string; minGroupSize: number }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 8 }}
      message="加噪查询（差分隐私）的写法"
      description={
        <>
          <div>
            sum 与 avg 须给出截断边界，每个值先截断到边界内再聚合，例如：
            <Typography.Text code>
              SELECT qh, count(*), avg(nl CLAMPED BETWEEN 0 AND 100) FROM "{code}" GROUP BY qh
            </Typography.Text>
          </div>
          <div>
            边界取该数据项的合理范围：过宽噪声大，过窄结果偏。加噪查询不支持 min / max，可改用带边界的
            avg，或按区间计数（WHERE nl BETWEEN 60 AND 200 的 count(*)）。
          </div>
          <div>
            ε 在各聚合项间平均分配；未选 count(*) 时另分一份用于判断分组规模。分组按加噪后的规模与{' '}
            {minGroupSize} 比较，加噪结果不报告被抑制的分组数。假定每人一条记录。
          </div>
        </>
      }
    />
  )
}

/** The sandbox query editor (可用不可见): aggregates only, small groups suppressed, optional noise within a budget. */
export default function SandboxPage() {
  const scopes = useFetch<{ items: Scope[] }>('/sandbox/scopes')
  const [scopeId, setScopeId] = useState<string>()
  const scope = scopes.data?.items.find((s) => s.id === scopeId) ?? scopes.data?.items[0]
  const [sql, setSql] = useState('')
  const [epsilon, setEpsilon] = useState<number | null>(null)
  const [result, setResult] = useState<Result | null>(null)
  const [refusal, setRefusal] = useState<{ code: string; text: string } | null>(null)
  const [running, setRunning] = useState(false)
  const [tick, setTick] = useState(0)
  const log = useFetch<Page<LogItem>>(
    scope ? '/sandbox/queries' : null,
    { scopeId: scope?.id, pageSize: 10 },
    tick,
  )
  const run = async () => {
    if (!scope) return
    setRunning(true)
    setRefusal(null)
    try {
      setResult(
        await api.post<Result>('/sandbox/queries', {
          scopeId: scope.id,
          sql,
          ...(epsilon ? { epsilon } : {}),
        }),
      )
      scopes.reload()
    } catch (err) {
      // A refusal is an answer about the query: show it in place, next to the editor, not as a passing toast.
      if (err instanceof ApiError && err.status < 500 && err.code.startsWith('sandbox.'))
        setRefusal({ code: err.code, text: err.problem.detail ?? err.problem.title })
      else showError(err)
      setResult(null)
    } finally {
      setRunning(false)
      setTick((n) => n + 1)
    }
  }
  const decide = async (id: string, step: 'approve' | 'reject') => {
    try {
      await api.post(`/sandbox/queries/${id}/${step}`)
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  if (!scopes.loading && !scope)
    return (
      <Card title="隐私计算沙箱">
        <Empty description="暂无可用的沙箱空间（授权运营项目批准实施后开通）" />
      </Card>
    )
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title="隐私计算沙箱（可用不可见）" loading={scopes.loading}>
        {scope && (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <Select
                style={{ width: 320 }}
                value={scope.id}
                onChange={setScopeId}
                options={(scopes.data?.items ?? []).map((s) => ({ value: s.id, label: s.label }))}
              />
              <span>隐私预算</span>
              <Progress
                style={{ width: 200 }}
                percent={Math.round((scope.epsilonSpent / Math.max(scope.epsilonBudget, 1e-9)) * 100)}
                format={() => `剩余 ε ${scope.epsilonRemaining}`}
              />
              {scope.requiresApproval && <Tag color="gold">查询需审批</Tag>}
            </Space>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={`只返回聚合结果（count、sum、avg、min、max 与 GROUP BY），少于 ${scope.minGroupSize} 条记录的分组不显示；不允许 SELECT *、LIMIT/OFFSET、关联与子查询。填写 ε 即为加噪查询，sum/avg 须写 CLAMPED BETWEEN 截断边界。`}
            />
            {scope.resources.map((r) => (
              <Typography.Paragraph
                key={r.id}
                style={{ marginBottom: 4 }}
                type={r.usable === false ? 'secondary' : undefined}
              >
                <Typography.Text code>"{r.code}"</Typography.Text> {r.name}
                {r.source && SOURCE_TAGS[r.source] ? (
                  <Tag color={SOURCE_TAGS[r.source]?.color} style={{ marginLeft: 6 }}>
                    {SOURCE_TAGS[r.source]?.text}
                  </Tag>
                ) : null}
                ：{r.fields.map((f) => `${f.code}（${f.name}${f.isKey ? '，唯一标识' : ''}）`).join('、')}
              </Typography.Paragraph>
            ))}
            <Input.TextArea
              aria-label="SQL"
              rows={4}
              value={sql}
              onChange={(e) => setSql(e.target.value)}
              placeholder={
                epsilon
                  ? `SELECT qh, count(*), avg(nl CLAMPED BETWEEN 0 AND 100) FROM "${scope.resources[0]?.code ?? ''}" GROUP BY qh`
                  : `SELECT qh, count(*), avg(nl) FROM "${scope.resources[0]?.code ?? ''}" GROUP BY qh`
              }
              style={{ fontFamily: 'monospace', marginTop: 8 }}
            />
            <Space style={{ marginTop: 8 }}>
              <InputNumber
                placeholder="ε（可选，加噪）"
                min={0.01}
                step={0.1}
                value={epsilon}
                onChange={(v) => setEpsilon(v)}
                style={{ width: 160 }}
              />
              <Button
                type="primary"
                loading={running}
                disabled={!sql.trim() || scope.role !== 'member'}
                onClick={run}
              >
                运行
              </Button>
            </Space>
            {epsilon ? (
              <NoiseHelp code={scope.resources[0]?.code ?? ''} minGroupSize={scope.minGroupSize} />
            ) : null}
            {refusal && (
              <Alert
                type="error"
                showIcon
                closable
                onClose={() => setRefusal(null)}
                style={{ marginTop: 8 }}
                message={`查询被拒绝：${REFUSALS[refusal.code] ?? refusal.code}`}
                description={refusal.text}
              />
            )}
          </>
        )}
      </Card>
      {result && (
        <Card title={result.status === 'pending' ? '已提交审批' : '查询结果'} size="small">
          {result.status === 'done' && (
            <>
              <Typography.Paragraph type="secondary">
                {result.noisy
                  ? `已加入差分隐私噪声（ε ${result.epsilonSpent}），分组按加噪规模抑制`
                  : `精确结果；被抑制的小分组 ${result.suppressedGroups} 个`}
                ；剩余预算 ε {result.epsilonRemaining}
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey={(_, i) => String(i)}
                pagination={false}
                dataSource={result.rows.map((row) =>
                  Object.fromEntries(result.columns.map((c, i) => [c, row[i]])),
                )}
                columns={result.columns.map((c) => ({
                  title: c,
                  dataIndex: c,
                  key: c,
                  render: (v: unknown) => String(v ?? '—'),
                }))}
                locale={{ emptyText: <Empty description="所有分组均小于最小分组规模，结果已抑制" /> }}
              />
            </>
          )}
        </Card>
      )}
      <Card title="查询日志" size="small">
        <Table
          rowKey="id"
          size="small"
          loading={log.loading}
          pagination={false}
          dataSource={log.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无查询" /> }}
          columns={[
            {
              title: '时间',
              dataIndex: 'createdAt',
              key: 't',
              width: 170,
              render: (v: string) => v.slice(0, 19).replace('T', ' '),
            },
            { title: '查询人', dataIndex: 'actorName', key: 'a', width: 100 },
            { title: '语句', dataIndex: 'sqlText', key: 's', ellipsis: true },
            { title: 'ε', dataIndex: 'epsilon', key: 'e', width: 60, render: (v: number | null) => v ?? '—' },
            ...(scope?.role === 'approver'
              ? [
                  {
                    title: '审批',
                    key: 'decide',
                    width: 130,
                    render: (_: unknown, q: LogItem) =>
                      q.status === 'pending' && (
                        <Space size={4}>
                          <Button size="small" type="primary" onClick={() => decide(q.id, 'approve')}>
                            批准
                          </Button>
                          <Button size="small" onClick={() => decide(q.id, 'reject')}>
                            驳回
                          </Button>
                        </Space>
                      ),
                  },
                ]
              : []),
            {
              title: '状态',
              key: 'st',
              width: 160,
              render: (_, q) => {
                const [c, l] = STATUS[q.status] ?? ['default', q.status]
                return (
                  <span>
                    <Tag color={c}>{l}</Tag>
                    {q.errorCode && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={q.errorCode}>
                        {REFUSALS[q.errorCode] ?? q.errorCode}
                      </Typography.Text>
                    )}
                  </span>
                )
              },
            },
          ]}
        />
      </Card>
    </Space>
  )
}
