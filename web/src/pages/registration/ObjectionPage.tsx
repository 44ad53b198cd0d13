import { UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Form, Input, Result, Spin, Upload, type UploadFile } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api, errorText } from '../../api'
import { useFetch } from '../../hooks'
import { KIND_LABELS } from './labels'
import { fileBody } from './MaterialsCard'
import type { PublicNotice } from './types'

interface Values {
  realName: string
  contact: string
  content: string
}

/** 提出异议 (public): real name, contact, reasons and up to three evidence files during the notice period. */
export default function ObjectionPage() {
  const { id = '' } = useParams()
  const notice = useFetch<PublicNotice>(`/public/registrations/notices/${id}`)
  const [files, setFiles] = useState<UploadFile[]>([])
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  if (notice.error) return <Alert type="error" showIcon message="该登记不在公示期内或不存在" />
  if (!notice.data) return <Spin />
  if (done)
    return (
      <Result
        status="success"
        title="异议已提交"
        subTitle="登记机构将复核您的异议，复核过程全程留痕。"
        extra={<Link to="/public/registrations/notices">返回公示列表</Link>}
      />
    )
  async function submit(values: Values) {
    setBusy(true)
    setError(undefined)
    try {
      const attachments = await Promise.all(
        files.flatMap((f) => (f.originFileObj ? [fileBody(f.originFileObj)] : [])),
      )
      await api.post(`/public/registrations/notices/${id}/objections`, { ...values, attachments })
      setDone(true)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const n = notice.data
  return (
    <Card title="对登记提出异议">
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="登记主体">{n.registrantName}</Descriptions.Item>
        <Descriptions.Item label="登记类型">{KIND_LABELS[n.kind]}</Descriptions.Item>
        <Descriptions.Item label="数据名称">{n.dataName}</Descriptions.Item>
        <Descriptions.Item label="内容摘要">{n.summary}</Descriptions.Item>
        <Descriptions.Item label="公示期">
          {n.noticeStartsOn} 至 {n.noticeDue}
        </Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<Values> layout="vertical" style={{ maxWidth: 640 }} onFinish={submit}>
        <Form.Item
          name="realName"
          label="真实姓名"
          rules={[{ required: true, min: 2, message: '请填写真实姓名' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="contact"
          label="联系方式（电话或邮箱）"
          rules={[{ required: true, min: 5, message: '请填写联系方式' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="content"
          label="异议内容与理由"
          rules={[{ required: true, min: 10, message: '请至少填写 10 个字' }]}
        >
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item label="证据材料（最多 3 个，每个不超过 2 MB；PDF、图片、文本或 Office 文档）">
          <Upload
            multiple
            maxCount={3}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, 3))}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          提交异议
        </Button>
      </Form>
    </Card>
  )
}
