import { API_BASE, ApiError, buildQuery, type Query, request } from '../../api'
import type { ImportReport, Problem } from '../../types'

/** True when the server does not have this endpoint yet (another part of the catalog still being built). */
export function isNotBuilt(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404 && err.code === 'route.not_found'
}

let csrf: string | null = null

/** The session's CSRF token; api.ts keeps its own copy private, so ask /auth/me once. */
async function csrfToken(): Promise<string | null> {
  if (csrf) return csrf
  const me = await request<{ csrfToken: string | null }>('GET', '/auth/me')
  csrf = me.csrfToken
  return csrf
}

function problemOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Problem
    if (body && typeof body === 'object' && 'title' in body) return new ApiError({ ...body, status })
  } catch {
    // not JSON: fall through
  }
  const title = status >= 500 ? '服务器错误，请稍后重试' : `请求失败（${status}）`
  return new ApiError({ type: 'about:blank', title, status, code: 'http.error' })
}

/**
 * POSTs a file as multipart/form-data with the CSRF header, reporting upload progress (0–100).
 * Uses XMLHttpRequest because fetch has no upload progress.
 */
export async function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  try {
    return await send<T>(path, file, options)
  } catch (err) {
    // The cached token belongs to an earlier session (signed out and in again): fetch it anew, once.
    if (!(err instanceof ApiError) || err.code !== 'auth.csrf_invalid') throw err
    csrf = null
    return send<T>(path, file, options)
  }
}

interface UploadOptions {
  query?: Query
  fields?: Record<string, string>
  onProgress?: (percent: number) => void
}

async function send<T>(path: string, file: File, options: UploadOptions): Promise<T> {
  const token = await csrfToken()
  const form = new FormData()
  for (const [key, value] of Object.entries(options.fields ?? {})) form.append(key, value)
  form.append('file', file, file.name)
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${API_BASE}${path}${buildQuery(options.query)}`)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', 'zh-CN')
    if (token) xhr.setRequestHeader('x-csrf-token', token)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onerror = () =>
      reject(
        new ApiError({
          type: 'about:blank',
          title: '网络错误，无法连接服务器',
          status: 0,
          code: 'network.error',
        }),
      )
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(100)
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T)
      } else reject(problemOf(xhr.status, xhr.responseText))
    }
    xhr.send(form)
  })
}

/** Downloads a GET endpoint as a file (keeps the session cookie; shows problem+json errors as ApiError). */
export async function downloadFile(
  path: string,
  query: Query | undefined,
  fallbackName: string,
): Promise<void> {
  const res = await fetch(`${API_BASE}${path}${buildQuery(query)}`, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': 'zh-CN' },
  })
  if (!res.ok) throw problemOf(res.status, await res.text())
  const blob = await res.blob()
  const disposition = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName)
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The import report carried by a 2xx answer or by a 4xx problem (at top level or under `report`). */
export function reportOf(value: unknown): ImportReport | null {
  if (value instanceof ApiError) return reportOf(value.problem)
  if (!value || typeof value !== 'object') return null
  const obj = value as Record<string, unknown>
  if (Array.isArray(obj.problems)) {
    return {
      created: Number(obj.created ?? 0),
      updated: Number(obj.updated ?? 0),
      skipped: Number(obj.skipped ?? 0),
      problems: obj.problems as ImportReport['problems'],
      resources: Array.isArray(obj.resources) ? (obj.resources as ImportReport['resources']) : [],
    }
  }
  return obj.report ? reportOf(obj.report) : null
}
