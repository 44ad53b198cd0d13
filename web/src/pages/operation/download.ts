import { API_BASE, ApiError, buildQuery, type Query } from '../../api'

/** Fetches a file (PDF, Excel) with the session and saves it; a problem answer becomes an ApiError for showError. */
export async function download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
  const res = await fetch(`${API_BASE}${path}${buildQuery(query)}`, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': 'zh-CN' },
  })
  if (!res.ok) {
    const text = await res.text()
    let body: { title?: string; detail?: string; code?: string } = {}
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      // not a problem body
    }
    throw new ApiError({
      type: 'about:blank',
      title: body.title ?? `下载失败（${res.status}）`,
      ...(body.detail ? { detail: body.detail } : {}),
      status: res.status,
      code: body.code ?? 'http.error',
    })
  }
  const disposition = res.headers.get('content-disposition') ?? ''
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName
  const url = URL.createObjectURL(await res.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
