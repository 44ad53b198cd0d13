import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Progress, Radio, Result, Space, Steps, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { errorText } from '../../../api'
import { useAuth } from '../../../auth'
import { showError } from '../../../feedback'
import type { ImportMode, ImportReport } from '../../../types'
import { downloadFile, isNotBuilt, reportOf, uploadFile } from '../http'
import { Building } from '../states'
import ReportView from './ReportView'

type Step = 0 | 1 | 2 | 3

/** 上传 → 校验报告 (dry run) → 确认导入 (mode) → 结果. */
export default function ImportPage() {
  const navigate = useNavigate()
  const { hasRole } = useAuth()
  const [step, setStep] = useState<Step>(0)
  const [file, setFile] = useState<File | null>(null)
  const [percent, setPercent] = useState<number | null>(null)
  const [check, setCheck] = useState<ImportReport | null>(null)
  const [mode, setMode] = useState<ImportMode>('allOrNothing')
  const [result, setResult] = useState<{ report: ImportReport | null; error: string | null } | null>(null)
  const [missing, setMissing] = useState(false)

  const send = (dryRun: boolean) =>
    uploadFile<ImportReport>('/catalog/import', file as File, {
      query: dryRun ? { mode: 'skipInvalid', dryRun: true } : { mode },
      onProgress: setPercent,
    })

  const validate = async () => {
    if (!file) return
    setPercent(0)
    try {
      setCheck(reportOf(await send(true)))
      setStep(1)
    } catch (err) {
      if (isNotBuilt(err)) setMissing(true)
      const report = reportOf(err)
      if (report) {
        setCheck(report)
        setStep(1)
      } else showError(err)
    } finally {
      setPercent(null)
    }
  }

  const commit = async () => {
    setPercent(0)
    try {
      setResult({ report: reportOf(await send(false)), error: null })
    } catch (err) {
      setResult({ report: reportOf(err), error: errorText(err) })
    } finally {
      setPercent(null)
      setStep(3)
    }
  }

  const restart = () => {
    setStep(0)
    setFile(null)
    setCheck(null)
    setResult(null)
  }

  if (!hasRole('data_steward', 'org_admin'))
    return <Result status="403" title="无权导入" subTitle="只有数据专员或单位管理员可以为本单位导入目录。" />
  if (missing) return <Building what="Excel 导入" />

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/catalog')}
            aria-label="返回"
          />
          导入 Excel 目录
        </Space>
      }
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            downloadFile('/catalog/template.xlsx', undefined, '数据资源编目模板.xlsx').catch((err) =>
              showError(isNotBuilt(err) ? new Error('模板下载功能建设中') : err),
            )
          }
        >
          下载模板
        </Button>
      }
    >
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: '上传' }, { title: '校验报告' }, { title: '确认导入' }, { title: '结果' }]}
      />
      {step === 0 && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f)
              return false
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽 .xlsx 文件到此处</p>
            <p className="ant-upload-hint">
              按中文表头识别，支持「资源目录 + 信息项」两表格式和每行一个信息项的单表格式
            </p>
          </Upload.Dragger>
          {percent !== null && <Progress percent={percent} status="active" />}
          <Button type="primary" disabled={!file} loading={percent !== null} onClick={() => void validate()}>
            上传并校验
          </Button>
        </Space>
      )}
      {step === 1 && check && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text type="secondary">文件：{file?.name}（校验不写入任何数据）</Typography.Text>
          <ReportView report={check} dryRun />
          <Space>
            <Button onClick={restart}>修改后重新上传</Button>
            <Button type="primary" onClick={() => setStep(2)} disabled={check.created + check.updated === 0}>
              下一步
            </Button>
          </Space>
        </Space>
      )}
      {step === 2 && check && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value as ImportMode)}
            options={[
              { value: 'allOrNothing', label: '全部或全不：有任何问题则不导入' },
              {
                value: 'skipInvalid',
                label: `跳过错误行：只导入没有问题的 ${check.created + check.updated} 条`,
              },
            ]}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          />
          {mode === 'allOrNothing' && check.problems.length > 0 && (
            <Alert type="warning" showIcon title="文件仍有问题，按「全部或全不」导入将被拒绝" />
          )}
          {percent !== null && <Progress percent={percent} status="active" />}
          <Space>
            <Button onClick={() => setStep(1)}>上一步</Button>
            <Button type="primary" loading={percent !== null} onClick={() => void commit()}>
              确认导入
            </Button>
          </Space>
        </Space>
      )}
      {step === 3 && result && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Result
            status={result.error ? 'error' : 'success'}
            title={result.error ? '导入未完成' : '导入完成'}
            subTitle={
              result.error ??
              `新建 ${result.report?.created ?? 0} 条，更新 ${result.report?.updated ?? 0} 条，跳过 ${result.report?.skipped ?? 0} 条`
            }
            extra={[
              <Button key="again" onClick={restart}>
                再导入一个文件
              </Button>,
              <Button key="list" type="primary" onClick={() => navigate('/catalog')}>
                查看数据目录
              </Button>,
            ]}
          />
          {result.report && <ReportView report={result.report} dryRun={false} />}
        </Space>
      )}
    </Card>
  )
}
