/**
 * The alert rules (监测预警) over the gateway access log, each a pure function from aggregates to candidate
 * alerts. Buckets are fixed (aligned to the epoch), so the fingerprint rule|subject|bucket is the same however
 * the evaluation windows fall, and a bucket raises an alert at most once.
 */
import type { CallAggregate } from '../../../sharing/index.ts'
import type { AlertRule, AlertSeverity } from '../tables.ts'

export const THRESHOLDS = {
  /** Calls in an hour against the app's own hourly average over the 7 days before. */
  spikeFactor: 5,
  spikeMinCalls: 100,
  /** Rows returned in an hour between 22:00 and 06:00 Beijing time. */
  offHoursRows: 1000,
  /** Distinct record keys asked for or returned in 10 minutes. */
  enumerationKeys: 200,
  /** Refused (401/403) calls of one caller in 5 minutes. */
  deniedCalls: 20,
} as const

export const BUCKETS: Record<AlertRule, number> = {
  volume_spike: 3600,
  off_hours_bulk: 3600,
  enumeration: 600,
  denied_burst: 300,
  after_revocation: 3600,
}

export const REFUSED_GRANT_CODES = [
  'gateway.grant_revoked',
  'gateway.grant_suspended',
  'gateway.grant_expired',
]

export interface Candidate {
  readonly rule: AlertRule
  readonly severity: AlertSeverity
  readonly subject: CallAggregate
  readonly summary: string
  readonly details: Record<string, string | number | null>
}

const callerOf = (a: CallAggregate) => a.appId ?? a.clientId ?? 'unknown'

export function fingerprint(c: Candidate): string {
  const grant = c.rule === 'after_revocation' ? `|${c.subject.grantId ?? ''}` : ''
  return `${c.rule}|${callerOf(c.subject)}${grant}|${c.subject.bucket.toISOString()}`
}

export function volumeSpikes(
  hours: readonly CallAggregate[],
  baseline: ReadonlyMap<string, number>,
): Candidate[] {
  return hours.flatMap((a) => {
    if (!a.appId) return []
    const perHour = (baseline.get(`${a.appId}|${a.bucket.toISOString()}`) ?? 0) / (7 * 24)
    const threshold = Math.max(THRESHOLDS.spikeMinCalls, THRESHOLDS.spikeFactor * perHour)
    if (a.calls < threshold) return []
    return [
      {
        rule: 'volume_spike' as const,
        severity: a.calls >= 4 * threshold ? ('high' as const) : ('medium' as const),
        subject: a,
        summary: `应用一小时内调用 ${a.calls} 次，为其近7日小时均值（${perHour.toFixed(1)}）的 ${perHour ? (a.calls / perHour).toFixed(1) : '∞'} 倍`,
        details: { calls: a.calls, baselinePerHour: Math.round(perHour * 10) / 10, threshold },
      },
    ]
  })
}

export function offHoursBulk(hours: readonly CallAggregate[]): Candidate[] {
  return hours
    .filter((a) => a.rows >= THRESHOLDS.offHoursRows)
    .map((a) => ({
      rule: 'off_hours_bulk' as const,
      severity: a.rows >= 10 * THRESHOLDS.offHoursRows ? ('high' as const) : ('medium' as const),
      subject: a,
      summary: `非工作时间（22:00–06:00）一小时内读取 ${a.rows} 行数据`,
      details: { rows: a.rows, calls: a.calls, threshold: THRESHOLDS.offHoursRows },
    }))
}

export function enumerations(windows: readonly CallAggregate[]): Candidate[] {
  return windows
    .filter((a) => a.distinctKeys >= THRESHOLDS.enumerationKeys)
    .map((a) => ({
      rule: 'enumeration' as const,
      severity: 'high' as const,
      subject: a,
      summary: `10分钟内查询或获取 ${a.distinctKeys} 个不同记录键值，疑似遍历`,
      details: { distinctKeys: a.distinctKeys, calls: a.calls, threshold: THRESHOLDS.enumerationKeys },
    }))
}

export function deniedBursts(windows: readonly CallAggregate[]): Candidate[] {
  return windows
    .filter((a) => a.calls >= THRESHOLDS.deniedCalls)
    .map((a) => ({
      rule: 'denied_burst' as const,
      severity: a.calls >= 5 * THRESHOLDS.deniedCalls ? ('high' as const) : ('medium' as const),
      subject: a,
      summary: `5分钟内被拒绝调用 ${a.calls} 次`,
      details: { denied: a.calls, clientId: a.clientId, threshold: THRESHOLDS.deniedCalls },
    }))
}

const AFTER: Record<string, [AlertSeverity, string]> = {
  'gateway.grant_revoked': ['high', '授权撤销后'],
  'gateway.grant_suspended': ['medium', '授权暂停期间'],
  'gateway.grant_expired': ['low', '授权过期后'],
}

export function afterRevocation(hours: readonly CallAggregate[]): Candidate[] {
  return hours.flatMap((a) => {
    const known = a.errorCode ? AFTER[a.errorCode] : undefined
    if (!known) return []
    return [
      {
        rule: 'after_revocation' as const,
        severity: known[0],
        subject: a,
        summary: `${known[1]}仍尝试调用 ${a.calls} 次`,
        details: { attempts: a.calls, errorCode: a.errorCode },
      },
    ]
  })
}
