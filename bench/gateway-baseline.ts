// The baseline for `bench gateway`: bare Fastify (same version) and a pg pool of the same size as Shuhui's,
// answering GET /lookup?sfzh=… with the same point query on the same datastore table: no auth, no grant check,
// no masking, no logging. Started by bench/gateway.ts with BASELINE_DATABASE_URL, BASELINE_TABLE, BASELINE_COLUMNS.
import Fastify from 'fastify'
import pg from 'pg'

const port = Number(process.env.PORT ?? 0)
const table = process.env.BASELINE_TABLE ?? ''
const columns = (process.env.BASELINE_COLUMNS ?? '').split(',').filter(Boolean)
if (!/^datastore\."r_[0-9a-f]{32}"$/.test(table) || columns.some((c) => !/^[a-z_][a-z0-9_]*$/.test(c))) {
  throw new Error('BASELINE_TABLE / BASELINE_COLUMNS missing or malformed')
}
const pool = new pg.Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: 10 })
const text = `select ${columns.map((c) => `"${c}"`).join(', ')} from ${table} where "sfzh" = $1 limit 21`

const app = Fastify({ logger: false })
app.get('/readyz', async () => ({ status: 'ready' }))
app.get<{ Querystring: { sfzh?: string } }>('/lookup', async (request) => {
  const { rows } = await pool.query(text, [String(request.query.sfzh ?? '')])
  return { items: rows }
})
await app.listen({ port, host: '127.0.0.1' })
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)))
})
