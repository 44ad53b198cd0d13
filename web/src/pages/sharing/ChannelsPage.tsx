import { Empty } from 'antd'

export default function ChannelsPage() {
  return <Empty description="建设中" />
}
