import type { EChartsCoreOption } from 'echarts/core'
import * as echarts from 'echarts/core'
import { type CSSProperties, useEffect, useRef } from 'react'

/**
 * Minimal React binding for ECharts. echarts-for-react 3.0.6 imports `tslib` without declaring it, so it does
 * not resolve in the Vite build here; this does the same for our needs: init, setOption, resize, dispose.
 */
export default function EChart({ option, style }: { option: EChartsCoreOption; style?: CSSProperties }) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    if (!el.current) return
    const instance = echarts.init(el.current)
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(el.current)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={el} style={{ width: '100%', ...style }} />
}
