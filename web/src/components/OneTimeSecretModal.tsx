import { ExclamationCircleFilled } from '@ant-design/icons'
import { Alert, Button, Descriptions, Modal, Typography } from 'antd'

export interface SecretField {
  label: string
  value: string
  /** Rendered as a prominent monospace block. */
  secret?: boolean
}

interface Props {
  open: boolean
  title: string
  fields: SecretField[]
  onClose: () => void
}

/** Shows a credential exactly once with copy buttons; the server never returns it again. */
export default function OneTimeSecretModal({ open, title, fields, onClose }: Props) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      width={560}
      footer={
        <Button type="primary" onClick={onClose}>
          我已复制保存
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        icon={<ExclamationCircleFilled />}
        title="请立即复制保存，关闭后将无法再次查看"
        style={{ marginBottom: 16 }}
      />
      <Descriptions
        column={1}
        bordered
        size="small"
        items={fields.map((field) => ({
          key: field.label,
          label: field.label,
          children: (
            <Typography.Paragraph
              copyable={{ text: field.value, tooltips: ['复制', '已复制'] }}
              code={field.secret}
              strong={field.secret}
              style={{
                marginBottom: 0,
                wordBreak: 'break-all',
                fontFamily: field.secret ? 'monospace' : undefined,
              }}
              data-testid={field.secret ? 'one-time-secret' : undefined}
            >
              {field.value}
            </Typography.Paragraph>
          ),
        }))}
      />
    </Modal>
  )
}
