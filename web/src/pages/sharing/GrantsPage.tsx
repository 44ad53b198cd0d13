import { Empty } from 'antd'

export default function GrantsPage() {
  return <Empty description="建设中" />
}
