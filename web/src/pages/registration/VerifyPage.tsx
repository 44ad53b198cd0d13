import { UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Input, Result, Space, Tabs, Typography, Upload } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { api, errorText } from '../../api'
import { formatTime } from '../../format'
import { VERIFY_LABELS } from './labels'
import type { VerifyResult } from './types'

function Verdict({ v }: { v: VerifyResult }) {
  const l = VERIFY_LABELS[v.result]
  const good = v.result === 'valid'
  return (
    <Result
      status={good ? 'success' : v.result === 'expired' || v.result === 'unknown' ? 'warning' : 'error'}
      title={<span data-testid="verify-result">核验结果：{l.label}</span>}
      subTitle={l.text}
      extra={
        v.number && (
          <Descriptions
            column={1}
            size="small"
            bordered
            style={{ maxWidth: 560, margin: '0 auto', textAlign: 'left' }}
          >
            <Descriptions.Item label="登记编号">{v.number}</Descriptions.Item>
            {v.dataName && <Descriptions.Item label="数据名称">{v.dataName}</Descriptions.Item>}
            {v.registrantName && <Descriptions.Item label="登记主体">{v.registrantName}</Descriptions.Item>}
            {v.bodyName && <Descriptions.Item label="登记机构">{v.bodyName}</Descriptions.Item>}
            {v.validUntil && <Descriptions.Item label="有效期至">{v.validUntil}</Descriptions.Item>}
            {v.version !== null && (
              <Descriptions.Item label="证书版本">
                {v.version}
                {v.current === false && '（已有更新版本）'}
              </Descriptions.Item>
            )}
            {v.keyId && <Descriptions.Item label="签名密钥">{v.keyId}</Descriptions.Item>}
            <Descriptions.Item label="核验时间">{formatTime(v.checkedAt)}</Descriptions.Item>
          </Descriptions>
        )
      }
    />
  )
}

/** 证书核验 (public): paste the certificate JSON, upload the file, or arrive from the QR link. */
export default function VerifyPage() {
  const [params] = useSearchParams()
  const [text, setText] = useState('')
  const [result, setResult] = useState<VerifyResult>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function verify(body: { certificate: unknown } | { qr: string }) {
    setBusy(true)
    setError(undefined)
    setResult(undefined)
    try {
      setResult(await api.post<VerifyResult>('/public/registrations/verify', body))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  function verifyText(value: string) {
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch {
      setError('不是合法的 JSON：请粘贴完整的证书文件内容')
      return
    }
    void verify({ certificate: parsed })
  }
  const number = params.get('number')
  const version = params.get('version')
  // biome-ignore lint/correctness/useExhaustiveDependencies: verify once per scanned link
  useEffect(() => {
    if (number)
      void verify({
        qr: `/public/registrations/verify?number=${encodeURIComponent(number)}&version=${version ?? ''}`,
      })
  }, [number, version])

  return (
    <Card title="登记证书核验">
      <Typography.Paragraph type="secondary">
        证书为登记机构以 SM2（或 Ed25519）签名的 JSON 文件。可在此在线核验，也可下载
        <a href="/api/v1/public/registrations/keys" target="_blank" rel="noreferrer">
          登记机构公钥
        </a>
        后用 <Typography.Text code>shuhui verify 证书.json --key 公钥</Typography.Text> 离线核验。 也可
        <Link to="/public/registrations/certificates">按登记编号查询登记结果</Link>。
      </Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'paste',
            label: '粘贴证书 JSON',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  rows={8}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder='{"certificate": {...}, "signature": {...}}'
                  data-testid="certificate-json"
                />
                <Button
                  type="primary"
                  loading={busy}
                  disabled={!text.trim()}
                  onClick={() => verifyText(text)}
                >
                  核验
                </Button>
              </Space>
            ),
          },
          {
            key: 'file',
            label: '上传证书文件',
            children: (
              <Upload
                accept=".json,application/json"
                showUploadList={false}
                beforeUpload={(file) => {
                  void file.text().then(verifyText)
                  return false
                }}
              >
                <Button icon={<UploadOutlined />}>选择证书文件（.json）</Button>
              </Upload>
            ),
          },
          {
            key: 'number',
            label: '登记编号 / 扫码链接',
            children: (
              <Input.Search
                enterButton="核验"
                placeholder="输入登记编号，或粘贴二维码中的链接"
                loading={busy}
                onSearch={(v) => v.trim() && void verify({ qr: v.trim() })}
              />
            ),
          },
        ]}
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} />}
      {result && <Verdict v={result} />}
    </Card>
  )
}
