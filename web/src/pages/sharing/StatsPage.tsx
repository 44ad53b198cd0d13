import { Empty } from 'antd'

export default function StatsPage() {
  return <Empty description="建设中" />
}
