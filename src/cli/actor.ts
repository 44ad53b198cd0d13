/**
 * The person a command-line run acts as. The CLI runs with shell and database access, so it needs no password;
 * it acts as a named, active user so that every change it makes is audited under that user's name.
 */
import { sql } from 'kysely'
import type { RequestContext, UserActor } from '../platform/context.ts'
import type { Db } from '../platform/db/index.ts'
import { newId } from '../platform/ids.ts'

export class CliUserError extends Error {}

/**
 * Reads the user by username. Identity exports no lookup by username yet, so this reads its users and orgs
 * tables directly (read-only); move it behind identity's index.ts when such a lookup exists.
 */
export async function cliActor(db: Db, username: string): Promise<UserActor> {
  const { rows } = await sql<{
    id: string
    username: string
    displayName: string
    orgId: string
    roles: string[]
    scopeRegionCode: string | null
    status: string
    regionCode: string
  }>`select u.id, u.username, u.display_name as "displayName", u.org_id as "orgId", u.roles,
       u.scope_region_code as "scopeRegionCode", u.status, o.region_code as "regionCode"
     from users u join orgs o on o.id = u.org_id where u.username = ${username}`.execute(db)
  const u = rows[0]
  if (!u) throw new CliUserError(`用户不存在：${username}`)
  if (u.status !== 'active') throw new CliUserError(`用户已停用：${username}`)
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    regionCode: u.regionCode,
    roles: u.roles,
    scopeRegionCode: u.scopeRegionCode,
    sessionId: 'cli',
    via: 'bearer',
  }
}

export function cliContext(actor: UserActor, command: string): RequestContext {
  return { actor, requestId: `cli:${command}:${newId()}`, ip: null, lang: 'zh-CN' }
}
