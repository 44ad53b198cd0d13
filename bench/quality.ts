/**
 * `npm run bench -- quality`: a one-pass quality audit (10 rules compiled into one aggregate statement, exactly as
 * an audit of a datastore resource runs it, with the SQL functions of governance migration 0002) over a generated
 * 10,000,000-row table, against a plain `select count(*)` scan of the same table in the same run. Rounds alternate
 * the two statements; the best and the median of each are reported. Also measured once: the full evaluation
 * (one pass + masked sample queries for failing rules) and the same audit with an 11th rule, uniqueness of the ID
 * number (count distinct: a sort, not parallel), to show what that rule costs.
 * BENCH_DATABASE_URL (required): a PostgreSQL server on which a scratch database is created and dropped.
 * BENCH_ROWS (default 10,000,000), BENCH_ROUNDS (default 3), BENCH_KEEP_DATABASE=1 (keep the scratch database).
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import pg from 'pg'
import { quoteIdent } from '../src/modules/datastore/index.ts'
import { type CompileTarget, compileAudit } from '../src/modules/governance/quality/compile.ts'
import { evaluate } from '../src/modules/governance/quality/evaluate.ts'
import type { RuleSpec } from '../src/modules/governance/quality/rule-types.ts'
import type { AuditSource } from '../src/modules/governance/quality/source.ts'
import { CREDIT_ALPHABET, functionDefinitions } from '../src/modules/governance/quality/sql-checks.ts'
import { loadRegionSource } from '../src/modules/identity/regions.ts'
import { type Figures, gitRevision, machine, ratios, record, table } from './lib.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const TARGET = 1.5
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** Generator helpers: append the right check character (GB 11643, GB 32100) to 17 characters. */
const HELPERS = `
create function bench_id(f text) returns text language sql immutable parallel safe
return f || substr('10X98765432', ((${ID_W.map((w, i) => `substr(f,${i + 1},1)::int*${w}`).join('+')}) % 11) + 1, 1);
create function bench_cc(f text) returns text language sql immutable parallel safe
return f || substr('${CREDIT_ALPHABET}', ((31 - ((${CC_W.map((w, i) => `(strpos('${CREDIT_ALPHABET}', substr(f,${i + 1},1))-1)*${w}`).join('+')}) % 31)) % 31) + 1, 1);
`

/** About 2 % dirty values per column, in patterns an audit must catch. */
function fillSql(from: number, to: number): string {
  return `insert into people (sfzh, xm, xb, sjhm, yx, csrq, qhdm, nl, yzbm, tyxydm)
    select case when g % 53 = 0 then left(v, 17) || case when right(v, 1) = '0' then '1' else '0' end else v end,
           case when g % 61 = 0 then null else '测试' || chr(19968 + g % 500) end,
           (array['1','2','9','3'])[1 + (g % 97 = 0)::int * 3 + (g % 2)::int * (1 - (g % 97 = 0)::int)],
           case when g % 47 = 0 then '12' || lpad(g::text, 9, '0') else '139' || lpad((g % 100000000)::text, 8, '0') end,
           case when g % 43 = 0 then 'user' || g || '@' else 'user' || g || '@example.gov.cn' end,
           case when g % 41 = 0 then '2023-02-29' else (date '1950-01-01' + g % 25000)::text end,
           case when g % 59 = 0 then '999999' else r end,
           case when g % 37 = 0 then '200' else (g % 90)::text end,
           case when g % 31 = 0 then '4111' else '411100' end,
           case when g % 29 = 0 then '91430300MA4L0000X' || 'I'
                else bench_cc('91' || r || upper(lpad(to_hex(g), 9, '0'))) end
      from generate_series(${from}, ${to}) g,
           lateral (select (array['430302','430321','430102','110105'])[1 + g % 4] as r,
                           lpad((1 + g % 28)::text, 2, '0') as d) x,
           lateral (select bench_id(x.r || (1950 + g % 60)::text || lpad((1 + g % 12)::text, 2, '0') || x.d
                                    || lpad((g % 1000)::text, 3, '0')) as v) y`
}

const RULES: RuleSpec[] = [
  { id: 'r1', type: 'not_null', fields: ['xm'], params: {}, threshold: 0, name: '姓名非空' },
  { id: 'r2', type: 'id_number', fields: ['sfzh'], params: {}, threshold: 0, name: '身份号码' },
  { id: 'r3', type: 'credit_code', fields: ['tyxydm'], params: {}, threshold: 0, name: '信用代码' },
  { id: 'r4', type: 'mobile', fields: ['sjhm'], params: {}, threshold: 0, name: '手机' },
  { id: 'r5', type: 'email', fields: ['yx'], params: {}, threshold: 0, name: '邮箱' },
  { id: 'r6', type: 'date', fields: ['csrq'], params: { notFuture: true }, threshold: 0, name: '出生日期' },
  { id: 'r7', type: 'region_code', fields: ['qhdm'], params: {}, threshold: 0, name: '区划' },
  { id: 'r8', type: 'range', fields: ['nl'], params: { min: 0, max: 150 }, threshold: 0, name: '年龄' },
  {
    id: 'r9',
    type: 'enumeration',
    fields: ['xb'],
    params: { values: ['1', '2', '9'] },
    threshold: 0,
    name: '性别',
  },
  {
    id: 'r10',
    type: 'pattern',
    fields: ['yzbm'],
    params: { pattern: '^[0-9]{6}$' },
    threshold: 0,
    name: '邮编',
  },
]
const UNIQUE: RuleSpec = {
  id: 'r11',
  type: 'unique',
  fields: ['sfzh'],
  params: {},
  threshold: 0,
  name: '身份号码唯一',
}

async function timed(client: pg.Client, text: string, params: unknown[] = []) {
  const began = performance.now()
  const res = await client.query(text, params)
  return { seconds: (performance.now() - began) / 1000, rows: res.rows as Record<string, string>[] }
}

async function prepare(client: pg.Client): Promise<number> {
  const began = performance.now()
  await client.query(functionDefinitions())
  await client.query(HELPERS)
  await client.query(`create table people (sfzh text, xm text, xb text, sjhm text, yx text, csrq text, qhdm text,
    nl text, yzbm text, tyxydm text)`)
  const step = 1_000_000
  for (let from = 1; from <= ROWS; from += step)
    await client.query(fillSql(from, Math.min(ROWS, from + step - 1)))
  // A table at rest: autovacuum has run (visibility map set), as it does soon after any large load.
  await client.query('vacuum analyze people')
  return (performance.now() - began) / 1000
}

interface Measured {
  countTimes: number[]
  auditTimes: number[]
  counts: Record<string, string>
  parallel: boolean
  fullSeconds: number
  uniqueSeconds: number
  /** Each rule alone: seconds and CPU per row beyond the bare scan (two parallel processes). */
  perRule: string[]
}

/** Alternating rounds of count(*) and the audit, then the plan, the full evaluation and the 11-rule variant. */
async function measure(client: pg.Client, target: CompileTarget): Promise<Measured> {
  const audit = compileAudit(RULES, target)
  const countTimes: number[] = []
  const auditTimes: number[] = []
  let counts: Record<string, string> = {}
  for (let i = 0; i < ROUNDS; i++) {
    countTimes.push((await timed(client, 'select count(*) from people')).seconds)
    const a = await timed(client, audit.text, audit.params)
    auditTimes.push(a.seconds)
    counts = a.rows[0] ?? {}
  }
  const plan = await client.query(`explain ${audit.text}`, audit.params)
  const parallel = plan.rows.some((r: Record<string, string>) =>
    String(Object.values(r)[0]).includes('Gather'),
  )
  const source: AuditSource = {
    mode: 'functions',
    main: { table: target.table, column: target.column },
    refs: new Map(),
    select: async (q) => (await client.query(q.text, [...q.params])).rows,
    close: async () => {},
  }
  const facts = {
    id: 'bench',
    code: 'bench',
    name: 'bench',
    orgId: 'bench',
    regionCode: '430300',
    status: 'published' as const,
    updateFrequency: 'daily' as const,
    mountStatus: 'mounted' as const,
    lastDataUpdateAt: new Date(),
  }
  const fields = RULES.flatMap((r) => r.fields).map((code) => ({
    code,
    name: code,
    dataType: 'string' as const,
    isKey: false,
    grade: null,
    elementCode: null,
  }))
  const fullBegan = performance.now()
  await evaluate(source, target, facts, fields, RULES, new Date())
  const fullSeconds = (performance.now() - fullBegan) / 1000
  const withUnique = compileAudit([...RULES, UNIQUE], target)
  const uniqueSeconds = (await timed(client, withUnique.text, withUnique.params)).seconds
  // Where the time goes: each rule alone, same plan, minus the scan it shares with count(*).
  const scan = Math.min(...countTimes)
  const perRule: string[] = []
  for (const rule of RULES) {
    const alone = compileAudit([rule], target)
    const seconds = (await timed(client, alone.text, alone.params)).seconds
    perRule.push(
      `${rule.name} ${round(seconds, 2)} s (${round(((seconds - scan) * 2e6) / ROWS, 2)} µs CPU/row)`,
    )
  }
  return { countTimes, auditTimes, counts, parallel, fullSeconds, uniqueSeconds, perRule }
}

function report(
  m: Measured,
  setup: { seconds: number; size: string; load: number[]; version: string },
): void {
  const ours: Figures = {
    auditBestS: round(Math.min(...m.auditTimes), 2),
    auditMedianS: round(median(m.auditTimes), 2),
  }
  const baseline: Figures = {
    auditBestS: round(Math.min(...m.countTimes), 2),
    auditMedianS: round(median(m.countTimes), 2),
  }
  const ratio = ratios(ours, baseline)
  const slowdown = round(Math.min(...m.auditTimes) / Math.min(...m.countTimes), 2)
  const slowdownMedian = round(median(m.auditTimes) / median(m.countTimes), 2)
  const failed = RULES.map((r, i) => `${r.name} ${m.counts[`f${i}`]}/${m.counts[`c${i}`]}`).join('; ')
  const notes = [
    `rows ${ROWS.toLocaleString('en')}, table ${setup.size}, generated in ${round(setup.seconds)} s; ${ROUNDS} alternating rounds`,
    `one-pass audit ÷ count(*): best ${slowdown}×, median ${slowdownMedian}× (target ≤ ${TARGET}×); plan ${m.parallel ? 'parallel (Gather)' : 'serial'}`,
    `full evaluation with masked samples for failing rules: ${round(m.fullSeconds, 2)} s`,
    `with an 11th rule (uniqueness of sfzh, count distinct): ${round(m.uniqueSeconds, 2)} s = ${round(m.uniqueSeconds / Math.min(...m.countTimes), 2)}× count(*)`,
    `failed/checked per rule: ${failed}`,
    `each rule alone (CPU per row beyond the scan, assuming both cores busy): ${m.perRule.join('; ')}`,
    `budget: ≤ ${TARGET}× count(*) leaves ${round(((TARGET - 1) * Math.min(...m.countTimes) * 2e6) / ROWS, 3)} µs of CPU per row for all ten rules`,
    `load average before ${setup.load.map((x) => round(x, 2)).join(' / ')}, after ${loadavg()
      .map((x) => round(x, 2))
      .join(' / ')} (2 cores; other work on the machine shows here)`,
    `git ${gitRevision()}`,
  ]
  const result = {
    name: 'quality',
    date: new Date().toISOString(),
    machine: machine(setup.version),
    ours,
    baseline,
    ratio,
    baselineDescription:
      '`select count(*) from people` on the same table, alternating with the audit in the same run',
    targets: { audit: { target: `≤ ${TARGET}× the count(*) scan`, met: slowdown <= TARGET } },
    notes,
  }
  const summary = [
    `# bench quality — ${result.date}`,
    '',
    `Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.database}.`,
    '',
    `Baseline: ${result.baselineDescription}.`,
    '',
    table([
      ['best (s)', ours.auditBestS ?? 0, baseline.auditBestS ?? 0, ratio.auditBestS ?? ''],
      ['median (s)', ours.auditMedianS ?? 0, baseline.auditMedianS ?? 0, ratio.auditMedianS ?? ''],
    ]),
    '',
    `Target: ${result.targets.audit.target}: ${result.targets.audit.met ? 'met' : 'NOT met'}.`,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n')
  console.log(summary)
  console.log(`recorded ${record(result, summary)}`)
}

export async function run(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL
  if (!base)
    throw new Error('BENCH_DATABASE_URL is required (a PostgreSQL server to create a scratch database on)')
  const name = `bench_quality_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const client = new pg.Client({
    connectionString: withDatabase(base, name),
    types: { getTypeParser: () => (v: string) => v },
  })
  await client.connect()
  const load = loadavg()
  try {
    const seconds = await prepare(client)
    const size = String(
      (await client.query("select pg_size_pretty(pg_total_relation_size('people')) as s")).rows[0]?.s,
    )
    const target: CompileTarget = {
      table: 'public.people',
      column: quoteIdent,
      mode: 'functions',
      today: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      regionCodes: loadRegionSource().map((r) => r.code),
      refs: new Map(),
    }
    const measured = await measure(client, target)
    const version = String((await client.query('select version() as v')).rows[0]?.v ?? 'postgresql')
    report(measured, { seconds, size, load, version })
  } finally {
    await client.end()
    // BENCH_KEEP_DATABASE=1 leaves the generated table for looking into single rules by hand.
    if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${name}`)
    else await admin.query(`drop database if exists ${name}`)
    await admin.end()
  }
}
