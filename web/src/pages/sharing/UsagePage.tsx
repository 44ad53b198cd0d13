import { Empty } from 'antd'

export default function UsagePage() {
  return <Empty description="建设中" />
}
