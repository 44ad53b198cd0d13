// The baseline for `bench http`: the same Fastify version with no database, auth, hooks or plugins,
// answering the same paths with the same bytes from memory.
import Fastify from 'fastify'

const port = Number(process.env.PORT ?? 0)
const orgsBody = process.env.ORGS_BODY ?? '{"items":[],"total":0,"page":1,"pageSize":20}'
const app = Fastify({ logger: false })
app.get('/healthz', async () => ({ status: 'ok' }))
app.get('/readyz', async () => ({ status: 'ready' }))
app.get('/api/v1/orgs', async (_req, reply) => reply.type('application/json; charset=utf-8').send(orgsBody))
await app.listen({ port, host: '127.0.0.1' })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
