import { Alert, Col, Row, Space, Statistic, Table, Tag } from 'antd'
import { Link } from 'react-router-dom'
import type { ImportedResource, ImportProblem, ImportReport } from '../../../types'

const ACTION_LABELS: Record<string, { text: string; color: string }> = {
  created: { text: '新建', color: 'success' },
  updated: { text: '更新草稿', color: 'processing' },
  skipped: { text: '跳过', color: 'default' },
}

export function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  return (
    <Table<ImportProblem>
      rowKey={(p) => `${p.sheet}:${p.row}:${p.column}:${p.message}`}
      size="small"
      dataSource={problems}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: '未发现问题' }}
      data-testid="import-problems"
      columns={[
        {
          title: '工作表',
          dataIndex: 'sheet',
          key: 'sheet',
          width: 110,
          render: (v: string | null) => v ?? '—',
        },
        { title: '行', dataIndex: 'row', key: 'row', width: 70, render: (v: number | null) => v ?? '—' },
        {
          title: '列',
          key: 'column',
          width: 160,
          render: (_, p) => [p.column, p.header].filter(Boolean).join(' · ') || '—',
        },
        { title: '问题', dataIndex: 'message', key: 'message' },
      ]}
    />
  )
}

export function ResourceRows({ rows, linked }: { rows: ImportedResource[]; linked: boolean }) {
  return (
    <Table<ImportedResource>
      rowKey={(r) => `${r.sheet}:${r.row}`}
      size="small"
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      columns={[
        { title: '行', dataIndex: 'row', key: 'row', width: 70 },
        {
          title: '信息资源名称',
          key: 'name',
          render: (_, r) => (linked && r.id ? <Link to={`/catalog/${r.id}`}>{r.name}</Link> : r.name || '—'),
        },
        {
          title: '信息资源代码',
          dataIndex: 'code',
          key: 'code',
          width: 170,
          render: (v: string | null) => v ?? '自动生成',
        },
        {
          title: '处理',
          dataIndex: 'action',
          key: 'action',
          width: 100,
          render: (a: string) => (
            <Tag color={ACTION_LABELS[a]?.color ?? 'default'}>{ACTION_LABELS[a]?.text ?? a}</Tag>
          ),
        },
      ]}
    />
  )
}

/** Counts, problems and rows of an import report (dry run or real). */
export default function ReportView({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  const verb = dryRun ? '可' : '已'
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {report.problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={`发现 ${report.problems.length} 处问题`}
          description="请按下表修改文件后重新上传；也可以在确认导入时选择「跳过错误行」，只导入没有问题的资源。"
        />
      ) : (
        <Alert type="success" showIcon title="校验通过，未发现问题" />
      )}
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={`${verb}新建`} value={report.created} />
        </Col>
        <Col span={6}>
          <Statistic title={`${verb}更新`} value={report.updated} />
        </Col>
        <Col span={6}>
          <Statistic title="跳过" value={report.skipped} />
        </Col>
        <Col span={6}>
          <Statistic title="问题数" value={report.problems.length} />
        </Col>
      </Row>
      {report.problems.length > 0 && <ProblemTable problems={report.problems} />}
      {report.resources.length > 0 && <ResourceRows rows={report.resources} linked={!dryRun} />}
    </Space>
  )
}
