/**
 * Calls of the portal developer: the public API with the developer's own bearer token (kept in localStorage, never
 * a staff session). A 401 signs the developer out locally instead of sending anyone to the console login.
 */
import { ApiError, buildQuery, type Query } from '../../api'
import type { Problem } from '../../types'

const TOKEN_KEY = 'shuhui.developer.token'
const NAME_KEY = 'shuhui.developer.name'

export function developerToken(): string | null {
  return localStorage.getItem(TOKEN_KEY)
}

export function developerName(): string | null {
  return localStorage.getItem(NAME_KEY)
}

export function saveDeveloper(token: string, name: string): void {
  localStorage.setItem(TOKEN_KEY, token)
  localStorage.setItem(NAME_KEY, name)
}

export function forgetDeveloper(): void {
  localStorage.removeItem(TOKEN_KEY)
  localStorage.removeItem(NAME_KEY)
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value
}

async function call(method: string, path: string, body?: unknown, query?: Query): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': 'zh-CN' }
  const token = developerToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`/api/v1${path}${buildQuery(query)}`, {
    method,
    headers,
    credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.ok) return res
  if (res.status === 401 && token) forgetDeveloper()
  let problem: unknown = null
  try {
    problem = await res.json()
  } catch {
    problem = null
  }
  if (isProblem(problem)) throw new ApiError({ ...problem, code: problem.code ?? 'unknown' })
  throw new ApiError({
    type: 'about:blank',
    title: `请求失败（${res.status}）`,
    status: res.status,
    code: 'http.error',
  })
}

export async function devRequest<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const res = await call(method, path, body, query)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** Downloads a file that needs the developer token (a plain link cannot carry it). */
export async function devDownload(path: string, fileName: string): Promise<void> {
  const res = await call('GET', path)
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  URL.revokeObjectURL(url)
}
