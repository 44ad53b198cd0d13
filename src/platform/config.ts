import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * Every environment variable the server reads, with its default and meaning.
 * README's configuration table is checked against this list by a test, so the two cannot drift.
 */
export const configVariables = [
  { name: 'PORT', default: '8080', desc: 'HTTP port of the API and web console' },
  { name: 'HOST', default: '0.0.0.0', desc: 'Interface to listen on' },
  {
    name: 'DATABASE_URL',
    default: '(empty)',
    desc: 'PostgreSQL ≥ 15 connection string; when empty the embedded PGlite database in DATA_DIR is used',
  },
  { name: 'DATA_DIR', default: './data', desc: 'Where the embedded database and generated dev secrets live' },
  { name: 'ADMIN_USERNAME', default: 'admin', desc: 'Username of the first province-wide bureau_admin' },
  {
    name: 'ADMIN_PASSWORD',
    default: '(generated)',
    desc: 'Password of the first admin; generated and printed once on first start when empty',
  },
  {
    name: 'SECRET_KEY',
    default: '(generated in dev)',
    desc: '64 hex chars; key for SM4 encryption at rest and secret peppers. Required when NODE_ENV=production; in development it is generated once into DATA_DIR/secret.key',
  },
  {
    name: 'NODE_ENV',
    default: 'development',
    desc: '`production` makes SECRET_KEY required and session cookies Secure by default',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    desc: 'pino log level (fatal, error, warn, info, debug, trace, silent)',
  },
  { name: 'SESSION_TTL_HOURS', default: '12', desc: 'Idle lifetime of a console session / login token' },
  {
    name: 'AUTH_CACHE_SECONDS',
    default: '5',
    desc: 'How long a resolved session or app token is cached in memory; bounds how long a revocation made on another replica takes to apply (0 disables)',
  },
  {
    name: 'PGLITE_SHARED_BUFFERS',
    default: '32MB',
    desc: 'shared_buffers of the embedded PGlite database (memory vs. cache trade-off)',
  },
  {
    name: 'APP_TOKEN_TTL_SECONDS',
    default: '900',
    desc: 'Lifetime of an API app access token (client credentials)',
  },
  {
    name: 'LOGIN_MAX_FAILURES',
    default: '5',
    desc: 'Failed logins per username within LOGIN_WINDOW_MINUTES before login is throttled',
  },
  { name: 'LOGIN_WINDOW_MINUTES', default: '15', desc: 'Window for counting failed logins' },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', desc: 'Largest accepted JSON body' },
  {
    name: 'COOKIE_SECURE',
    default: 'false (true in production)',
    desc: 'Mark session cookies Secure (HTTPS only)',
  },
  {
    name: 'JOBS_ENABLED',
    default: 'true',
    desc: 'Run the background job worker and scheduler in this process',
  },
  { name: 'JOBS_POLL_MS', default: '1000', desc: 'How often the job worker looks for due jobs' },
  { name: 'TRUST_PROXY', default: 'false', desc: 'Trust X-Forwarded-* headers (behind a load balancer)' },
  {
    name: 'MOUNT_ALLOWED_HOSTS',
    default: '(empty: any host)',
    desc: 'Comma-separated hosts (or *.suffix patterns) external PostgreSQL mounts and exchange targets may connect to; empty allows any host',
  },
  {
    name: 'SHARE_REPLY_WORKING_DAYS',
    default: '10',
    desc: 'Working days a provider has to decide a conditional share request (national figure unconfirmed)',
  },
  {
    name: 'SHARE_DELIVERY_WORKING_DAYS',
    default: '20',
    desc: 'Working days after approval within which the data must be delivered (national figure unconfirmed)',
  },
  {
    name: 'GATEWAY_SIGNATURE_MAX_SKEW_SECONDS',
    default: '300',
    desc: 'How far a signed gateway request timestamp may be from server time; nonces are remembered this long',
  },
  {
    name: 'GATEWAY_LOG_FLUSH_MS',
    default: '200',
    desc: 'How often buffered gateway call logs are written to the database (also flushed on shutdown)',
  },
  {
    name: 'RECTIFICATION_WORKING_DAYS',
    default: '5',
    desc: 'Working days a provider has to answer a data-quality rectification ticket (no national figure found)',
  },
  {
    name: 'REGISTRATION_ACCEPT_WORKING_DAYS',
    default: '3',
    desc: 'Working days a registration body has to accept or refuse a registration application (measures art. 10)',
  },
  {
    name: 'REGISTRATION_REVIEW_WORKING_DAYS',
    default: '20',
    desc: 'Working days for the formal review of an accepted registration (measures art. 11)',
  },
  {
    name: 'REGISTRATION_NOTICE_WORKING_DAYS',
    default: '10',
    desc: 'Working days a registration stays under public notice, open to objections (measures art. 12)',
  },
  {
    name: 'REGISTRATION_CANCEL_WORKING_DAYS',
    default: '10',
    desc: 'Working days to complete a cancellation after it is accepted (measures art. 9)',
  },
  {
    name: 'REGISTRATION_INITIAL_DUE_WORKING_DAYS',
    default: '20',
    desc: 'Working days after operation starts by which the initial registration is due (measures art. 9)',
  },
  {
    name: 'REGISTRATION_VALIDITY_YEARS',
    default: '3',
    desc: 'Years a registration stays valid from issue, shortened to the end of the operation mandate (measures art. 15)',
  },
  {
    name: 'REGISTRATION_RENEWAL_WINDOW_DAYS',
    default: '60',
    desc: 'Natural days before expiry in which a renewal may be filed (measures art. 15)',
  },
  {
    name: 'REGISTRATION_NUMBER_PATTERN',
    default: '{region}-{year}-{serial}{check}',
    desc: 'Shape of registration numbers: {region} 6-digit region code of the body, {year}, {serial} 6-digit serial, {check} check character (the national coding rule is unconfirmed)',
  },
  {
    name: 'SANDBOX_MIN_GROUP_SIZE',
    default: '10',
    desc: 'Smallest group a sandbox aggregate query may return (k); smaller groups are suppressed',
  },
  {
    name: 'SANDBOX_EPSILON_BUDGET',
    default: '10',
    desc: 'Default differential-privacy budget (total epsilon) of a sandbox scope',
  },
  {
    name: 'OPEN_APPLICATION_REPLY_WORKING_DAYS',
    default: '10',
    desc: 'Working days to decide an application for conditionally open data (no national figure found)',
  },
  {
    name: 'DATA_DEMAND_REPLY_WORKING_DAYS',
    default: '10',
    desc: 'Working days the responsible org has to answer a public data demand (no national figure found)',
  },
  {
    name: 'PUBLIC_BASE_URL',
    default: '(the request host)',
    desc: 'Public address of the site (e.g. https://data.example.gov.cn), used in links printed on certificates and their QR codes',
  },
  {
    name: 'PDF_FONT_PATH',
    default: '(auto)',
    desc: 'Font file with Chinese glyphs for PDF certificates and reports (`path` or `path#PostScriptName` for .ttc); by default the first installed of WenQuanYi, Noto CJK or Droid fallback',
  },
  {
    name: 'PORTAL_DAILY_QUOTA',
    default: '10000',
    desc: 'Open-data API calls a portal developer key may make per day',
  },
  {
    name: 'PORTAL_MIRROR_MAX_ROWS',
    default: '5000000',
    desc: 'Most rows the portal copies from an external database mount into its open-data mirror; larger sources are refused with a clear status',
  },
  {
    name: 'OPERATION_PUBLISH_REQUIRES_REGISTRATION',
    default: 'false',
    desc: 'When true an operation product can be published only with a valid registration certificate (some provinces, e.g. Hainan, require every product registered; the national measures ask for the initial registration within 20 working days after delivery)',
  },
  {
    name: 'OPERATION_INVOICE_DUE_DAYS',
    default: '30',
    desc: 'Calendar days after issue by which an operation invoice is due; unpaid invoices past it show as overdue',
  },
  {
    name: 'OPERATION_REPORT_REMINDER_DAYS',
    default: '30',
    desc: 'Days before 31 March from which authorizers are reminded of the annual price report of the previous year',
  },
] as const

export type ConfigVariable = (typeof configVariables)[number]['name']

export interface Config {
  readonly port: number
  readonly host: string
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly adminUsername: string
  readonly adminPassword: string | undefined
  /** 32 bytes: SM4 key material and HMAC pepper. */
  readonly secretKey: Buffer
  readonly production: boolean
  readonly logLevel: string
  readonly sessionTtlHours: number
  readonly appTokenTtlSeconds: number
  readonly authCacheSeconds: number
  readonly pgliteSharedBuffers: string
  readonly loginMaxFailures: number
  readonly loginWindowMinutes: number
  readonly bodyLimitBytes: number
  readonly cookieSecure: boolean
  readonly jobsEnabled: boolean
  readonly jobsPollMs: number
  readonly trustProxy: boolean
  /** Empty means any host. Entries are exact host names or `*.suffix` patterns, lower case. */
  readonly mountAllowedHosts: readonly string[]
  readonly shareReplyWorkingDays: number
  readonly shareDeliveryWorkingDays: number
  readonly gatewaySignatureMaxSkewSeconds: number
  readonly gatewayLogFlushMs: number
  readonly rectificationWorkingDays: number
  readonly registration: RegistrationSettings
  readonly sandboxMinGroupSize: number
  readonly sandboxEpsilonBudget: number
  readonly openApplicationReplyWorkingDays: number
  readonly dataDemandReplyWorkingDays: number
  readonly portalDailyQuota: number
  readonly portalMirrorMaxRows: number
  readonly operation: OperationSettings
  readonly pdfFontPath: string | undefined
  /** Without a trailing slash; undefined means links use the host each request came to. */
  readonly publicBaseUrl: string | undefined
}

export interface RegistrationSettings {
  readonly acceptWorkingDays: number
  readonly reviewWorkingDays: number
  readonly noticeWorkingDays: number
  readonly cancelWorkingDays: number
  readonly initialDueWorkingDays: number
  readonly validityYears: number
  readonly renewalWindowDays: number
  readonly numberPattern: string
}

export interface OperationSettings {
  readonly publishRequiresRegistration: boolean
  readonly invoiceDueDays: number
  readonly reportReminderDays: number
}

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>

function int(env: Env, name: ConfigVariable, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return n
}

function bool(env: Env, name: ConfigVariable, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false, got "${raw}"`)
}

function memorySize(env: Env, name: ConfigVariable, fallback: string): string {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  if (!/^\d{1,6}(kB|MB|GB)$/.test(raw)) throw new ConfigError(`${name} must look like 32MB, got "${raw}"`)
  return raw
}

/** A registration number pattern must place the serial and the check character; other text is literal. */
function numberPattern(env: Env, name: ConfigVariable, fallback: string): string {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const unknown = [...raw.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1])
    .filter((p) => !['region', 'year', 'serial', 'check'].includes(p ?? ''))
  if (unknown.length > 0 || !raw.includes('{serial}') || !raw.includes('{check}') || raw.length > 64) {
    throw new ConfigError(
      `${name} may use {region}, {year}, {serial} and {check}, and must contain {serial} and {check}, got "${raw}"`,
    )
  }
  return raw
}

function baseUrl(env: Env, name: ConfigVariable): string | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`)
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new ConfigError(`${name} must be an http(s) URL without query or fragment, got "${raw}"`)
  }
  return raw.replace(/\/+$/, '')
}

function hostList(env: Env, name: ConfigVariable): readonly string[] {
  const raw = env[name]?.trim()
  if (!raw) return []
  const hosts = raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '')
  for (const host of hosts) {
    if (!/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$|^\[?[0-9a-f:.]+\]?$/.test(host)) {
      throw new ConfigError(
        `${name} entries must be host names, *.suffix patterns or IP addresses, got "${host}"`,
      )
    }
  }
  return hosts
}

/** Whether `host` matches the allowlist (an empty list allows every host). */
export function hostAllowed(allowed: readonly string[], host: string): boolean {
  if (allowed.length === 0) return true
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return allowed.some((entry) =>
    entry.startsWith('*.') ? h.endsWith(entry.slice(1)) : entry.replace(/^\[|\]$/g, '') === h,
  )
}

function readSecretKey(env: Env, production: boolean, dataDir: string): Buffer {
  const raw = env.SECRET_KEY?.trim()
  if (raw) {
    if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new ConfigError('SECRET_KEY must be 64 hexadecimal characters')
    return Buffer.from(raw, 'hex')
  }
  if (production) throw new ConfigError('SECRET_KEY is required when NODE_ENV=production')
  // Development only: a random key kept beside the embedded database so restarts can still decrypt.
  const file = join(dataDir, 'secret.key')
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, key.toString('hex'), { mode: 0o600 })
  return key
}

/** Parses the environment once; throws ConfigError with a readable message on any bad value. */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production'
  const dataDir = resolve(env.DATA_DIR?.trim() || './data')
  const databaseUrl = env.DATABASE_URL?.trim() || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://')
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must have at least 8 characters')
  }
  const config: Config = {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir,
    adminUsername: env.ADMIN_USERNAME?.trim() || 'admin',
    adminPassword,
    secretKey: readSecretKey(env, production, dataDir),
    production,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    appTokenTtlSeconds: int(env, 'APP_TOKEN_TTL_SECONDS', 900, 60, 86400),
    authCacheSeconds: int(env, 'AUTH_CACHE_SECONDS', 5, 0, 300),
    pgliteSharedBuffers: memorySize(env, 'PGLITE_SHARED_BUFFERS', '32MB'),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowMinutes: int(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 512 * 1024 * 1024),
    cookieSecure: bool(env, 'COOKIE_SECURE', production),
    jobsEnabled: bool(env, 'JOBS_ENABLED', true),
    jobsPollMs: int(env, 'JOBS_POLL_MS', 1000, 10, 60_000),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    mountAllowedHosts: hostList(env, 'MOUNT_ALLOWED_HOSTS'),
    shareReplyWorkingDays: int(env, 'SHARE_REPLY_WORKING_DAYS', 10, 1, 365),
    shareDeliveryWorkingDays: int(env, 'SHARE_DELIVERY_WORKING_DAYS', 20, 1, 365),
    gatewaySignatureMaxSkewSeconds: int(env, 'GATEWAY_SIGNATURE_MAX_SKEW_SECONDS', 300, 10, 3600),
    gatewayLogFlushMs: int(env, 'GATEWAY_LOG_FLUSH_MS', 200, 10, 60_000),
    rectificationWorkingDays: int(env, 'RECTIFICATION_WORKING_DAYS', 5, 1, 365),
    registration: {
      acceptWorkingDays: int(env, 'REGISTRATION_ACCEPT_WORKING_DAYS', 3, 1, 365),
      reviewWorkingDays: int(env, 'REGISTRATION_REVIEW_WORKING_DAYS', 20, 1, 365),
      noticeWorkingDays: int(env, 'REGISTRATION_NOTICE_WORKING_DAYS', 10, 1, 365),
      cancelWorkingDays: int(env, 'REGISTRATION_CANCEL_WORKING_DAYS', 10, 1, 365),
      initialDueWorkingDays: int(env, 'REGISTRATION_INITIAL_DUE_WORKING_DAYS', 20, 1, 365),
      validityYears: int(env, 'REGISTRATION_VALIDITY_YEARS', 3, 1, 10),
      renewalWindowDays: int(env, 'REGISTRATION_RENEWAL_WINDOW_DAYS', 60, 1, 365),
      numberPattern: numberPattern(env, 'REGISTRATION_NUMBER_PATTERN', '{region}-{year}-{serial}{check}'),
    },
    sandboxMinGroupSize: int(env, 'SANDBOX_MIN_GROUP_SIZE', 10, 2, 1000),
    sandboxEpsilonBudget: int(env, 'SANDBOX_EPSILON_BUDGET', 10, 1, 1000),
    openApplicationReplyWorkingDays: int(env, 'OPEN_APPLICATION_REPLY_WORKING_DAYS', 10, 1, 365),
    dataDemandReplyWorkingDays: int(env, 'DATA_DEMAND_REPLY_WORKING_DAYS', 10, 1, 365),
    portalDailyQuota: int(env, 'PORTAL_DAILY_QUOTA', 10000, 1, 100_000_000),
    portalMirrorMaxRows: int(env, 'PORTAL_MIRROR_MAX_ROWS', 5_000_000, 1, 1_000_000_000),
    operation: {
      publishRequiresRegistration: bool(env, 'OPERATION_PUBLISH_REQUIRES_REGISTRATION', false),
      invoiceDueDays: int(env, 'OPERATION_INVOICE_DUE_DAYS', 30, 1, 365),
      reportReminderDays: int(env, 'OPERATION_REPORT_REMINDER_DAYS', 30, 1, 90),
    },
    pdfFontPath: env.PDF_FONT_PATH?.trim() || undefined,
    publicBaseUrl: baseUrl(env, 'PUBLIC_BASE_URL'),
  }
  return Object.freeze(config)
}
