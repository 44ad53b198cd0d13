import { Alert, Button, Card, Descriptions, Input, Space } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { useFetch } from '../../hooks'
import { KIND_LABELS, StatusTag } from './labels'
import type { RegistrationKind, RegistrationStatus } from './types'

interface CertificateView {
  number: string
  status: RegistrationStatus
  registrantName: string
  bodyName: string
  kind: RegistrationKind
  dataName: string
  summary: string
  validFrom: string | null
  validUntil: string | null
  version: number
  file: unknown
}

function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  URL.revokeObjectURL(url)
}

/** 登记查询 (public): status and public fields by registration number, with the certificate to download. */
export default function CertificateQueryPage() {
  const { number: initial } = useParams()
  const [number, setNumber] = useState(initial ?? '')
  const found = useFetch<CertificateView>(
    number ? `/public/registrations/certificates/${encodeURIComponent(number)}` : null,
  )
  const c = found.data
  return (
    <Card title="登记结果查询">
      <Input.Search
        defaultValue={initial}
        enterButton="查询"
        placeholder="输入登记编号，如 430300-2026-000001X"
        style={{ maxWidth: 480, marginBottom: 16 }}
        onSearch={(v) => setNumber(v.trim().toUpperCase())}
      />
      {found.error && <Alert type="warning" showIcon message="未查到该登记编号" />}
      {c && (
        <>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="登记编号">{c.number}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <StatusTag status={c.status} />
            </Descriptions.Item>
            <Descriptions.Item label="登记主体">{c.registrantName}</Descriptions.Item>
            <Descriptions.Item label="登记类型">{KIND_LABELS[c.kind]}</Descriptions.Item>
            <Descriptions.Item label="数据名称">{c.dataName}</Descriptions.Item>
            <Descriptions.Item label="内容摘要">{c.summary}</Descriptions.Item>
            <Descriptions.Item label="登记机构">{c.bodyName}</Descriptions.Item>
            <Descriptions.Item label="有效期">
              {c.validFrom} 至 {c.validUntil}
            </Descriptions.Item>
            <Descriptions.Item label="证书版本">{c.version}</Descriptions.Item>
          </Descriptions>
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => download(`${c.number}.json`, c.file)}>下载证书 JSON</Button>
            <Button href={`/api/v1/public/registrations/certificates/${encodeURIComponent(c.number)}/pdf`}>
              下载证书 PDF
            </Button>
            <Link to={`/public/registrations/verify?number=${encodeURIComponent(c.number)}`}>
              <Button type="primary">核验此证书</Button>
            </Link>
          </Space>
        </>
      )}
    </Card>
  )
}
