import { Empty } from 'antd'

export default function ExchangePage() {
  return <Empty description="建设中" />
}
