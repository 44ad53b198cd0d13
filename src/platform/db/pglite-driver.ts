import type { PGlite } from '@electric-sql/pglite'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

/**
 * PGlite is a single connection. Kysely asks for a connection per query and keeps one for the length of a
 * transaction, so a promise lock hands the one connection out exclusively; without it a query from another
 * request would run inside somebody else's transaction.
 */
export class ConnectionLock {
  #tail: Promise<void> = Promise.resolve()

  async acquire(): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((resolve) => {
      release = resolve
    })
    const previous = this.#tail
    this.#tail = previous.then(() => next)
    await previous
    return release
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pg: PGlite,
    readonly release: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.parameters.length === 0 && query.query.kind === 'RawNode') {
      // Raw scripts (migrations) may hold several statements, which only the simple protocol accepts.
      const results = await this.pg.exec(query.sql)
      const last = results.at(-1)
      return { rows: (last?.rows ?? []) as R[], numAffectedRows: BigInt(last?.affectedRows ?? 0) }
    }
    const result = await this.pg.query<R>(query.sql, [...query.parameters])
    const kind = query.query.kind
    const mutates = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode'
    return mutates || result.affectedRows
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows }
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; the interface still requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries')
  }
}

class PGliteDriver implements Driver {
  constructor(
    private readonly pg: PGlite,
    private readonly lock: ConnectionLock,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.lock.acquire()
    return new PGliteConnection(this.pg, release)
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    await this.pg.query(`begin${level}`)
    void conn
  }

  async commitTransaction(): Promise<void> {
    await this.pg.query('commit')
  }

  async rollbackTransaction(): Promise<void> {
    await this.pg.query('rollback')
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    ;(conn as PGliteConnection).release()
  }

  async destroy(): Promise<void> {}
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly lock: ConnectionLock,
  ) {}
  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.lock)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return new PostgresIntrospector(db)
  }
}
