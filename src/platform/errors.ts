/**
 * Transport-neutral domain errors. Services throw them; one HTTP error handler (src/platform/http/problem.ts)
 * turns them into RFC 9457 problem+json. Every code is registered here through defineErrors so that
 * docs/errors.md can be checked against the running catalogue and no code is silently invented.
 */

export type Lang = 'zh-CN' | 'en'

export interface ErrorDef {
  readonly status: number
  /** Short title in Simplified Chinese (default language). */
  readonly zh: string
  readonly en: string
}

export interface RegisteredError extends ErrorDef {
  readonly code: string
}

export interface LocalizedText {
  readonly zh: string
  readonly en: string
}

export interface FieldIssue {
  /** Where the problem is, e.g. `body.password` or `query.pageSize`. */
  readonly field: string
  readonly message: string
  /** Chinese wording of `message`; the problem body shows the one matching the request's language. */
  readonly messageZh?: string
}

export interface DomainErrorOptions {
  readonly detail?: LocalizedText
  readonly fields?: readonly FieldIssue[]
  /** Extra machine-readable members added to the problem body (never secrets). */
  readonly extra?: Readonly<Record<string, unknown>>
  /** Seconds, sent as Retry-After for 429 and 503. */
  readonly retryAfter?: number
  readonly cause?: unknown
}

const registry = new Map<string, RegisteredError>()

export class DomainError extends Error {
  readonly code: string
  readonly status: number
  readonly def: RegisteredError
  readonly detail: LocalizedText | undefined
  readonly fields: readonly FieldIssue[] | undefined
  readonly extra: Readonly<Record<string, unknown>> | undefined
  readonly retryAfter: number | undefined

  constructor(def: RegisteredError, options: DomainErrorOptions = {}) {
    super(`${def.code}: ${options.detail?.en ?? def.en}`, { cause: options.cause })
    this.name = 'DomainError'
    this.def = def
    this.code = def.code
    this.status = def.status
    this.detail = options.detail
    this.fields = options.fields
    this.extra = options.extra
    this.retryAfter = options.retryAfter
  }
}

export type ErrorFactory<C extends string> = (code: C, options?: DomainErrorOptions) => DomainError

/**
 * Registers a group of error codes and returns a typed factory: `throw orgError('org.not_found')`.
 * Codes are global and permanent: a retired code is never reused for another meaning.
 */
export function defineErrors<const T extends Record<string, ErrorDef>>(
  defs: T,
): ErrorFactory<Extract<keyof T, string>> {
  for (const [code, def] of Object.entries(defs)) {
    if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(code)) throw new Error(`bad error code ${code}`)
    const existing = registry.get(code)
    if (existing && (existing.status !== def.status || existing.zh !== def.zh)) {
      throw new Error(`error code ${code} registered twice with different meanings`)
    }
    registry.set(code, Object.freeze({ code, ...def }))
  }
  return (code, options) => {
    const def = registry.get(code)
    if (!def) throw new Error(`unregistered error code ${code}`)
    return new DomainError(def, options)
  }
}

export function registeredErrors(): readonly RegisteredError[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code))
}

export function errorDef(code: string): RegisteredError | undefined {
  return registry.get(code)
}

export const platformError = defineErrors({
  'request.invalid': { status: 400, zh: '请求参数不合法', en: 'The request is invalid' },
  'request.malformed_json': {
    status: 400,
    zh: '请求体不是合法的 JSON',
    en: 'The request body is not valid JSON',
  },
  'request.body_too_large': { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  'request.unsupported_media_type': {
    status: 415,
    zh: '不支持的请求内容类型',
    en: 'Unsupported content type',
  },
  'route.not_found': { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  'auth.required': { status: 401, zh: '请先登录', en: 'Authentication is required' },
  'auth.token_invalid': {
    status: 401,
    zh: '访问令牌无效或已过期',
    en: 'The access token is invalid or expired',
  },
  'auth.forbidden': { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  'auth.csrf_invalid': {
    status: 403,
    zh: '缺少或错误的 CSRF 令牌，请刷新页面后重试',
    en: 'Missing or wrong CSRF token; reload the page and try again',
  },
  'rate.limited': { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  'resource.conflict': { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  'internal.error': { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  'service.unavailable': { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
})
