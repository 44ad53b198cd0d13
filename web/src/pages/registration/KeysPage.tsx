import { App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, errorText } from '../../api'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import type { SigningKey } from './types'

/** 签名密钥: the body's signing keys; rotation keeps old public keys published so old certificates verify. */
export default function KeysPage() {
  const { message, modal } = App.useApp()
  const [algorithm, setAlgorithm] = useState<'SM2' | 'Ed25519'>('SM2')
  const keys = useFetch<{ items: SigningKey[] }>('/registrations/keys')
  const rotate = () =>
    modal.confirm({
      title: `轮换签名密钥（${algorithm}）`,
      content: '新证书将由新密钥签名；旧公钥继续公布，已签发的证书仍可核验。',
      onOk: async () => {
        try {
          await api.post('/registrations/keys/rotate', { algorithm })
          message.success('已轮换')
          keys.reload()
        } catch (err) {
          message.error(errorText(err))
        }
      },
    })
  return (
    <Card
      title="登记机构签名密钥"
      extra={
        <Space>
          <Select
            value={algorithm}
            onChange={setAlgorithm}
            options={[
              { value: 'SM2', label: 'SM2（默认）' },
              { value: 'Ed25519', label: 'Ed25519' },
            ]}
          />
          <Button type="primary" onClick={rotate}>
            轮换密钥
          </Button>
        </Space>
      }
    >
      <Table<SigningKey>
        rowKey="keyId"
        loading={keys.loading}
        dataSource={keys.data?.items ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              description={keys.error ? errorText(keys.error) : '尚无密钥（首次签发证书时自动生成 SM2 密钥）'}
            />
          ),
        }}
        columns={[
          {
            title: '密钥编号',
            dataIndex: 'keyId',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: '算法', dataIndex: 'algorithm' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: SigningKey['status']) =>
              s === 'active' ? <Tag color="success">使用中</Tag> : <Tag>已轮换（仍公布）</Tag>,
          },
          {
            title: '公钥',
            dataIndex: 'publicKey',
            ellipsis: true,
            render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text>,
          },
          { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
        ]}
      />
    </Card>
  )
}
