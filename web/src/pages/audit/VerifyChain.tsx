import { SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../../api'
import { showError } from '../../feedback'
import type { AuditVerifyResult } from '../../types'

/** 「校验哈希链」: asks the server to recompute the audit hash chain and shows the verdict. */
export function VerifyButton({ onResult }: { onResult: (result: AuditVerifyResult) => void }) {
  const [running, setRunning] = useState(false)
  return (
    <Button
      icon={<SafetyCertificateOutlined />}
      loading={running}
      onClick={async () => {
        setRunning(true)
        try {
          onResult(await api.get<AuditVerifyResult>('/audit/verify'))
        } catch (err) {
          showError(err)
        } finally {
          setRunning(false)
        }
      }}
    >
      校验哈希链
    </Button>
  )
}

export function VerifyResultAlert({ result, onClose }: { result: AuditVerifyResult; onClose: () => void }) {
  return result.ok ? (
    <Alert
      type="success"
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      title={`审计链完整，已校验 ${result.checked} 条`}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      title="审计链校验失败，记录可能被篡改"
      description={
        <span>
          已校验 {result.checked} 条，首个异常记录 ID：
          <Typography.Text code copyable>
            {result.firstBrokenId ?? '未知'}
          </Typography.Text>
        </span>
      }
    />
  )
}
