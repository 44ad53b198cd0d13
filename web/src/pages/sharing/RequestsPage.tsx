import { Empty } from 'antd'

export default function RequestsPage() {
  return <Empty description="建设中" />
}
