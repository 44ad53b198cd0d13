/**
 * `shuhui verify <certificate.json> --key <publicKey|file>`: checks a registration certificate offline, with no
 * database and no network, so another province's platform can trust our certificates (互认). The key is an SM2
 * or Ed25519 public key in hex, or a file holding one, or the JSON of GET /api/v1/public/registrations/keys (then
 * the certificate's key id picks the key, and an unknown id is an unknown signer). Revocation and cancellation
 * can only be seen online (POST /api/v1/public/registrations/verify).
 */
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import {
  certificateFacts,
  checkSignature,
  type PublishedKey,
  parseCertificateFile,
} from '../modules/registration/index.ts'
import { shanghaiDate } from '../platform/calendar/dates.ts'

export const VERIFY_USAGE = `用法 / usage:
  npm run shuhui -- verify <证书.json> --key <公钥十六进制|公钥文件|公钥列表.json> [--json]

  --key   登记机构的 SM2/Ed25519 公钥（十六进制），或保存公钥的文件，或 /api/v1/public/registrations/keys 的 JSON
  --json  以 JSON 输出结果

离线核验签名与有效期；撤销、注销状态须在线核验（/public/registrations/verify）。
退出码：0 有效；1 无效（被篡改、签发方未知、已到期或格式错误）；2 用法错误。`

export type OfflineResult = 'valid' | 'expired' | 'tampered' | 'unknown_signer' | 'malformed'

export interface OfflineVerdict {
  readonly result: OfflineResult
  readonly number: string | null
  readonly validUntil: string | null
  readonly keyId: string | null
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function asKey(v: unknown): PublishedKey | null {
  if (!isRecord(v)) return null
  const { keyId, algorithm, publicKey } = v
  if (typeof keyId !== 'string' || typeof publicKey !== 'string') return null
  if (algorithm !== 'SM2' && algorithm !== 'Ed25519') return null
  return { keyId, algorithm, publicKey }
}

/** The keys named by --key; a bare key is taken for the key id and algorithm the certificate names. */
export function readKeys(
  arg: string,
  named: { keyId: string; algorithm: 'SM2' | 'Ed25519' },
): PublishedKey[] {
  const text = existsSync(arg) ? readFileSync(arg, 'utf8').trim() : arg.trim()
  if (/^[0-9a-fA-F]+$/.test(text)) return [{ ...named, publicKey: text.toLowerCase() }]
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('--key 既不是十六进制公钥，也不是公钥 JSON')
  }
  const list = isRecord(json) && Array.isArray(json.items) ? json.items : Array.isArray(json) ? json : [json]
  return list.map(asKey).filter((k): k is PublishedKey => k !== null)
}

const today = (now: Date) => shanghaiDate(now)

export function verifyOffline(certificate: unknown, keyArg: string, now = new Date()): OfflineVerdict {
  const file = parseCertificateFile(certificate)
  if (!file) return { result: 'malformed', number: null, validUntil: null, keyId: null }
  const keyId = file.signature.keyId
  const check = checkSignature(file, readKeys(keyArg, { keyId, algorithm: file.signature.algorithm }))
  const facts = certificateFacts(file.certificate)
  const base = { number: facts?.number ?? null, validUntil: facts?.validUntil ?? null, keyId }
  if (check !== 'valid') return { ...base, result: check }
  if (!facts) return { ...base, result: 'tampered' }
  return { ...base, result: facts.validUntil < today(now) ? 'expired' : 'valid' }
}

const TEXT: Record<OfflineResult, string> = {
  valid: '有效：签名正确且在有效期内（撤销、注销状态请在线核验）',
  expired: '已到期：签名正确，但已过有效期',
  tampered: '签名无效：证书内容被篡改，或所给公钥不是签发机构的公钥',
  unknown_signer: '签发方未知：公钥列表中没有该证书的密钥',
  malformed: '不是登记证书文件',
}

export function verifyMain(argv: readonly string[], out: (line: string) => void = console.log): number {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n\n${VERIFY_USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    out(VERIFY_USAGE)
    return 0
  }
  const [path, ...rest] = positionals
  if (!path || rest.length || !values.key) {
    out(VERIFY_USAGE)
    return 2
  }
  let verdict: OfflineVerdict
  try {
    verdict = verifyOffline(JSON.parse(readFileSync(path, 'utf8')), values.key)
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}`)
    return 2
  }
  if (values.json) out(JSON.stringify(verdict))
  else
    out(
      `${TEXT[verdict.result]}\n登记编号：${verdict.number ?? '—'}\n有效期至：${verdict.validUntil ?? '—'}\n密钥：${verdict.keyId ?? '—'}`,
    )
  return verdict.result === 'valid' ? 0 : 1
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { key: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  })
}
