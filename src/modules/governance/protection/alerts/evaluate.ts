/**
 * One evaluation of every alert rule over a window of the access log. Each new alert is stored once (its
 * fingerprint is unique), audited, and announced to the admins of both parties' orgs through the notification
 * inbox. The periodic job evaluates from the last watermark (at most a day back) to now.
 */
import { recordAudit } from '../../../../platform/audit/index.ts'
import { systemContext } from '../../../../platform/context.ts'
import type { Db } from '../../../../platform/db/index.ts'
import { newId } from '../../../../platform/ids.ts'
import { accessAggregates, type CallAggregate, callCountsByApp } from '../../../sharing/index.ts'
import type { AlertRule, RiskAlertRow } from '../tables.ts'
import { p } from '../tables.ts'
import {
  afterRevocation,
  BUCKETS,
  type Candidate,
  deniedBursts,
  enumerations,
  fingerprint,
  offHoursBulk,
  REFUSED_GRANT_CODES,
  volumeSpikes,
} from './rules.ts'

const WEEK_MS = 7 * 86_400_000
const floorTo = (d: Date, seconds: number) =>
  new Date(Math.floor(d.getTime() / (seconds * 1000)) * seconds * 1000)

async function aggregates(
  db: Db,
  rule: AlertRule,
  from: Date,
  to: Date,
  extra = {},
): Promise<CallAggregate[]> {
  return accessAggregates(db, {
    from: floorTo(from, BUCKETS[rule]),
    to,
    bucketSeconds: BUCKETS[rule],
    ...extra,
  })
}

async function candidates(db: Db, from: Date, to: Date): Promise<Candidate[]> {
  const hours = await aggregates(db, 'volume_spike', from, to)
  const baseline = new Map<string, number>()
  for (const a of hours) {
    if (!a.appId) continue
    const counts = await callCountsByApp(db, new Date(a.bucket.getTime() - WEEK_MS), a.bucket)
    baseline.set(`${a.appId}|${a.bucket.toISOString()}`, counts.get(a.appId) ?? 0)
  }
  return [
    ...volumeSpikes(hours, baseline),
    ...offHoursBulk(await aggregates(db, 'off_hours_bulk', from, to, { offHours: true })),
    ...enumerations(await aggregates(db, 'enumeration', from, to)),
    ...deniedBursts(await aggregates(db, 'denied_burst', from, to, { statuses: [401, 403] })),
    ...afterRevocation(
      await aggregates(db, 'after_revocation', from, to, { byGrant: true, errorCodes: REFUSED_GRANT_CODES }),
    ),
  ]
}

const RULE_LABELS: Record<AlertRule, string> = {
  volume_spike: '调用量突增',
  off_hours_bulk: '非工作时间批量读取',
  enumeration: '疑似遍历',
  denied_burst: '拒绝调用激增',
  after_revocation: '授权失效后仍调用',
}

async function store(db: Db, c: Candidate): Promise<RiskAlertRow | null> {
  const s = c.subject
  return db.transaction().execute(async (trx) => {
    const row = await p(trx)
      .insertInto('riskAlerts')
      .values({
        id: newId(),
        rule: c.rule,
        severity: c.severity,
        fingerprint: fingerprint(c),
        appId: s.appId,
        grantId: s.grantId,
        resourceId: s.resourceId,
        consumerOrgId: s.consumerOrgId,
        consumerRegionCode: s.consumerRegionCode,
        providerOrgId: s.providerOrgId,
        providerRegionCode: s.providerRegionCode,
        windowStart: s.bucket,
        windowEnd: new Date(s.bucket.getTime() + BUCKETS[c.rule] * 1000),
        summary: c.summary,
        details: JSON.stringify(c.details),
      })
      .onConflict((oc) => oc.column('fingerprint').doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) return null
    const orgs = [...new Set([s.consumerOrgId, s.providerOrgId].filter((o): o is string => o !== null))]
    for (const orgId of orgs) {
      await p(trx)
        .insertInto('governanceNotifications')
        .values({
          id: newId(),
          orgId,
          alertId: row.id,
          title: `安全预警：${RULE_LABELS[c.rule]}`,
          body: c.summary,
        })
        .execute()
    }
    await recordAudit(trx, systemContext('risk-monitor'), {
      action: 'governance.alert_raised',
      targetType: 'risk_alert',
      targetId: row.id,
      orgId: s.consumerOrgId,
      regionCode: s.consumerRegionCode,
      details: { rule: c.rule, severity: c.severity, appId: s.appId, grantId: s.grantId },
    })
    return row
  })
}

/** Evaluates [from, to) and stores the alerts not raised before; returns the new ones. */
export async function evaluateAlerts(db: Db, window: { from: Date; to: Date }): Promise<RiskAlertRow[]> {
  const raised: RiskAlertRow[] = []
  for (const c of await candidates(db, window.from, window.to)) {
    const row = await store(db, c)
    if (row) raised.push(row)
  }
  return raised
}

/** The periodic evaluation: from the stored watermark (at most a day back) to now. */
export async function evaluateSinceWatermark(db: Db, now = new Date()): Promise<RiskAlertRow[]> {
  const mark = await p(db)
    .selectFrom('riskWatermarks')
    .select('evaluatedTo')
    .where('id', '=', 1)
    .executeTakeFirst()
  const dayAgo = new Date(now.getTime() - 86_400_000)
  const from = mark && mark.evaluatedTo > dayAgo ? mark.evaluatedTo : dayAgo
  const raised = await evaluateAlerts(db, { from, to: now })
  await p(db)
    .insertInto('riskWatermarks')
    .values({ id: 1, evaluatedTo: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ evaluatedTo: now }))
    .execute()
  return raised
}
