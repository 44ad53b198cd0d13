/**
 * `shuhui verify` offline: a certificate issued by the platform is checked with only the public key (hex, key
 * file or the published key list), in a separate process with no database; tampering, a wrong key and an
 * unknown key id are refused.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { closeNotices } from '../modules/registration/jobs.ts'
import { openRegistrationContext, type RegistrationContext } from '../modules/registration/test-context.ts'
import { sm2GenerateKeyPair } from '../platform/crypto/index.ts'
import type { JsonObject } from '../platform/db/index.ts'
import { verifyMain, verifyOffline } from './verify.ts'

const run = promisify(execFile)
const root = new URL('../..', import.meta.url).pathname

interface File {
  certificate: JsonObject
  signature: { algorithm: 'SM2' | 'Ed25519'; keyId: string; value: string }
}

describe('shuhui verify (offline)', () => {
  let c: RegistrationContext
  let dir: string
  let file: File
  let keys: { items: { keyId: string; publicKey: string }[] }
  let certPath: string
  before(async () => {
    c = await openRegistrationContext('pglite')
    dir = await mkdtemp(join(tmpdir(), 'shuhui-verify-'))
    const r = await c.toNotice()
    await closeNotices(c.t.db, c.t.config, new Date(Date.now() + 40 * 86_400_000))
    const res = await c.t.request({
      method: 'GET',
      url: `/api/v1/registrations/${r.id}/certificate`,
      headers: c.steward,
    })
    file = res.json<File>()
    keys = (await c.t.request({ method: 'GET', url: '/api/v1/public/registrations/keys' })).json()
    certPath = join(dir, 'certificate.json')
    await writeFile(certPath, JSON.stringify(file, null, 2))
    await writeFile(join(dir, 'keys.json'), JSON.stringify(keys))
    await c.close()
  })
  after(() => rm(dir, { recursive: true, force: true }))

  test('a separate process verifies with the public key alone', async () => {
    const key = keys.items[0]?.publicKey ?? ''
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', 'verify', certPath, '--key', key, '--json'],
      { cwd: root },
    )
    const verdict = JSON.parse(stdout) as { result: string; number: string }
    assert.equal(verdict.result, 'valid')
    assert.equal(verdict.number, file.certificate.number)
    const tampered = join(dir, 'tampered.json')
    await writeFile(
      tampered,
      JSON.stringify({ ...file, certificate: { ...file.certificate, dataName: '伪造的数据名称' } }),
    )
    const failed = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', 'verify', tampered, '--key', key],
      { cwd: root },
    ).then(
      () => 0,
      (e: { code?: number; stdout?: string }) => {
        assert.match(e.stdout ?? '', /签名无效/)
        return e.code
      },
    )
    assert.equal(failed, 1)
  })

  test('the published key list picks the key by id; wrong keys and unknown ids are refused', () => {
    const lines: string[] = []
    const out = (l: string) => lines.push(l)
    assert.equal(verifyMain([certPath, '--key', join(dir, 'keys.json')], out), 0)
    assert.match(lines.join('\n'), /有效/)
    const wrong = sm2GenerateKeyPair().publicKey
    assert.equal(verifyOffline(file, wrong).result, 'tampered')
    const other = JSON.stringify({ items: [{ keyId: 'another-body', algorithm: 'SM2', publicKey: wrong }] })
    assert.equal(verifyOffline(file, other).result, 'unknown_signer')
    assert.equal(verifyOffline({ nothing: true }, wrong).result, 'malformed')
    const future = new Date(`${String(file.certificate.validUntil)}T00:00:00Z`)
    future.setUTCDate(future.getUTCDate() + 2)
    assert.equal(verifyOffline(file, join(dir, 'keys.json'), future).result, 'expired')
    assert.equal(verifyMain([certPath], out), 2, 'the key is required')
  })
})
