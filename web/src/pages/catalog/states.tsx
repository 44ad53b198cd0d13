import { ToolOutlined } from '@ant-design/icons'
import { Button, Empty, Result, Spin } from 'antd'
import type { ReactNode } from 'react'
import { errorText } from '../../api'
import { isNotBuilt } from './http'

/** Placeholder for parts of the catalog whose server endpoints are not deployed yet. */
export function Building({ what }: { what: string }) {
  return (
    <Empty
      image={<ToolOutlined style={{ fontSize: 48, color: '#bfbfbf' }} />}
      description={`${what}功能建设中，敬请期待`}
    />
  )
}

interface LoadStateProps {
  loading: boolean
  error: Error | null
  /** What is loading, for the "功能建设中" and error texts. */
  what: string
  onRetry?: () => void
  empty?: boolean
  emptyText?: string
  children: ReactNode
}

/** Loading spinner, "功能建设中", error with retry, empty state, or the content. */
export function LoadState({ loading, error, what, onRetry, empty, emptyText, children }: LoadStateProps) {
  if (error && isNotBuilt(error)) return <Building what={what} />
  if (error)
    return (
      <Result
        status="warning"
        title={`${what}加载失败`}
        subTitle={errorText(error)}
        extra={onRetry && <Button onClick={onRetry}>重试</Button>}
      />
    )
  if (loading && empty !== false)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    )
  if (empty) return <Empty description={emptyText ?? '暂无数据'} />
  return <>{children}</>
}
