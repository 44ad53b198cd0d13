/** Certificates: online verification, tampering of any value, unknown signers, revocation, key rotation, PDF. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testEngines } from '../../../test/support/db.ts'
import { canonicalJson } from '../../platform/audit/canonical.ts'
import type { JsonObject } from '../../platform/db/index.ts'
import { DomainError } from '../../platform/errors.ts'
import { type CertificateFile, checkSignature } from './certificate-format.ts'
import { closeNotices } from './jobs.ts'
import { checkCharacter, formatNumber, isValidNumber } from './numbers.ts'
import { certificatePdf } from './pdf.ts'
import { openRegistrationContext, type RegistrationContext } from './test-context.ts'

const later = (days: number) => new Date(Date.now() + days * 86_400_000)

describe('registration numbers', () => {
  test('the pattern places region, year, zero-padded serial and an ISO 7064 MOD 37,36 check character', () => {
    const n = formatNumber('{region}-{year}-{serial}{check}', '430300', 2026, 42)
    assert.match(n, /^430300-2026-000042[0-9A-Z]$/)
    assert.ok(isValidNumber(n))
    assert.equal(checkCharacter('4303002026000042'), n.slice(-1))
  })
  test('every single mistyped character is caught', () => {
    const n = formatNumber('{region}-{year}-{serial}{check}', '430300', 2026, 123)
    for (let i = 0; i < n.length; i += 1) {
      if (n[i] === '-') continue
      for (const ch of '0123456789') {
        if (ch === n[i]) continue
        const typo = `${n.slice(0, i)}${ch}${n.slice(i + 1)}`
        assert.equal(isValidNumber(typo), false, typo)
      }
    }
  })
})

for (const engine of testEngines()) {
  describe(`registration certificates on ${engine}`, () => {
    let c: RegistrationContext
    let id: string
    let file: CertificateFile
    const verify = (payload: Record<string, unknown>) =>
      c.t.request({ method: 'POST', url: '/api/v1/public/registrations/verify', payload })
    const resultOf = async (payload: Record<string, unknown>) => {
      const res = await verify(payload)
      assert.equal(res.statusCode, 200, res.body)
      return res.json<{ result: string; current: boolean | null; number: string | null }>()
    }
    before(async () => {
      c = await openRegistrationContext(engine)
      id = (await c.toNotice()).id
      assert.equal(await closeNotices(c.t.db, c.t.config, later(40)), 1)
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/registrations/${id}/certificate`,
        headers: c.steward,
      })
      assert.equal(res.statusCode, 200, res.body)
      file = res.json<CertificateFile>()
    })
    after(() => c.close())

    test('the certificate is canonical JSON signed with the body’s SM2 key, published for offline use', async () => {
      assert.equal(file.signature.algorithm, 'SM2')
      assert.equal(
        file.certificate.registrant && (file.certificate.registrant as JsonObject).name,
        '湘潭市公安局',
      )
      const keys = await c.t.request({ method: 'GET', url: '/api/v1/public/registrations/keys' })
      const items = keys.json<{
        items: { keyId: string; algorithm: 'SM2' | 'Ed25519'; publicKey: string }[]
      }>().items
      assert.equal(checkSignature(file, items), 'valid')
      assert.equal((await resultOf({ certificate: file })).result, 'valid')
      const stored = (await c.get(id)).number
      assert.equal(file.certificate.number, stored)
    })

    test('any changed character of any value makes the certificate tampered', async () => {
      const canonical = canonicalJson(file.certificate)
      let checked = 0
      for (const [key, value] of Object.entries(file.certificate)) {
        if (typeof value !== 'string' || value.length === 0) continue
        for (const at of [0, value.length - 1]) {
          const ch = value[at] === 'A' ? 'B' : 'A'
          const changed = { ...file.certificate, [key]: `${value.slice(0, at)}${ch}${value.slice(at + 1)}` }
          assert.notEqual(canonicalJson(changed), canonical)
          const r = await resultOf({ certificate: { ...file, certificate: changed } })
          assert.equal(r.result, 'tampered', `${key}[${at}]`)
          checked += 1
        }
      }
      assert.ok(checked >= 10)
      const nested = structuredClone(file.certificate) as JsonObject
      ;(nested.registrant as JsonObject).name = '某某公司'
      assert.equal((await resultOf({ certificate: { ...file, certificate: nested } })).result, 'tampered')
      const sig = file.signature.value
      const flipped = `${sig.slice(0, 10)}${sig[10] === '0' ? '1' : '0'}${sig.slice(11)}`
      assert.equal(
        (await resultOf({ certificate: { ...file, signature: { ...file.signature, value: flipped } } }))
          .result,
        'tampered',
      )
    })

    test('every single changed byte of the signed text is caught', async () => {
      const keys = (await c.t.request({ method: 'GET', url: '/api/v1/public/registrations/keys' })).json<{
        items: { keyId: string; algorithm: 'SM2' | 'Ed25519'; publicKey: string }[]
      }>().items
      const text = canonicalJson(file.certificate)
      let parsedChanges = 0
      for (let i = 0; i < text.length; i += 1) {
        const ch = text[i] === 'x' ? 'y' : 'x'
        let changed: unknown
        try {
          changed = JSON.parse(`${text.slice(0, i)}${ch}${text.slice(i + 1)}`)
        } catch {
          continue // no longer JSON: the verifier answers 400 malformed
        }
        parsedChanges += 1
        const verdict = checkSignature({ ...file, certificate: changed as JsonObject }, keys)
        assert.equal(verdict, 'tampered', `byte ${i}`)
      }
      assert.ok(parsedChanges > text.length / 2)
    })

    test('an unknown key id is an unknown signer; malformed input is a 400 problem, never a 500', async () => {
      const r = await resultOf({
        certificate: { ...file, signature: { ...file.signature, keyId: 'other-province-key' } },
      })
      assert.equal(r.result, 'unknown_signer')
      const wrongAlg = await resultOf({
        certificate: { ...file, signature: { ...file.signature, algorithm: 'Ed25519' } },
      })
      assert.equal(wrongAlg.result, 'unknown_signer')
      for (const bad of [{ certificate: 'x' }, { certificate: { certificate: {} } }, {}, { qr: '!!' }]) {
        const res = await verify(bad)
        assert.equal(res.statusCode, 400, JSON.stringify(bad))
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      }
    })

    test('the QR payload and the public query by number show the current status', async () => {
      const number = String(file.certificate.number)
      const link = `https://data.example.gov.cn${String(file.certificate.verification)}`
      assert.equal((await resultOf({ qr: link })).result, 'valid')
      assert.equal((await resultOf({ qr: number })).result, 'valid')
      assert.equal((await resultOf({ qr: '430300-2020-000001X' })).result, 'unknown')
      const q = await c.t.request({
        method: 'GET',
        url: `/api/v1/public/registrations/certificates/${number}`,
      })
      assert.equal(q.statusCode, 200, q.body)
      assert.equal(q.json<{ status: string; registrantName: string }>().registrantName, '湘潭市公安局')
      const none = await c.t.request({
        method: 'GET',
        url: '/api/v1/public/registrations/certificates/430300-1999-000001X',
      })
      assert.equal(none.statusCode, 404)
    })

    test('the PDF carries the certificate, or a clear 503 without a CJK font', async () => {
      const number = String(file.certificate.number)
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/public/registrations/certificates/${number}/pdf`,
      })
      if (res.statusCode === 503)
        assert.equal(res.json<{ code: string }>().code, 'registration.pdf_font_missing')
      else {
        assert.equal(res.statusCode, 200)
        assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-')
      }
    })

    test('without a CJK font the PDF is refused with a clear 503 problem, the JSON stays available', async () => {
      const noFont = { ...c.t.config, pdfFontPath: '/nonexistent/font.ttf' }
      await assert.rejects(certificatePdf(noFont, file, 'http://localhost'), (err: unknown) => {
        assert.ok(err instanceof DomainError)
        assert.equal(err.code, 'registration.pdf_font_missing')
        assert.equal(err.status, 503)
        return true
      })
    })

    test('key rotation keeps old certificates verifiable; Ed25519 signs new ones', async () => {
      assert.equal(
        (
          await c.t.request({
            method: 'POST',
            url: '/api/v1/registrations/keys/rotate',
            headers: c.reviewer,
            payload: {},
          })
        ).statusCode,
        403,
      )
      const rotated = await c.t.request({
        method: 'POST',
        url: '/api/v1/registrations/keys/rotate',
        headers: c.bureauAdmin,
        payload: { algorithm: 'Ed25519' },
      })
      assert.equal(rotated.statusCode, 201, rotated.body)
      assert.equal((await resultOf({ certificate: file })).result, 'valid', 'old key still published')
      const keys = await c.t.request({
        method: 'GET',
        url: '/api/v1/registrations/keys',
        headers: c.bureauAdmin,
      })
      const list = keys.json<{ items: { status: string; algorithm: string }[] }>().items
      assert.deepEqual(list.map((k) => `${k.algorithm}:${k.status}`).sort(), [
        'Ed25519:active',
        'SM2:retired',
      ])
      const second = (await c.toNotice()).id
      await closeNotices(c.t.db, c.t.config, later(40))
      const res = await c.t.request({
        method: 'GET',
        url: `/api/v1/registrations/${second}/certificate`,
        headers: c.steward,
      })
      const next = res.json<CertificateFile>()
      assert.equal(next.signature.algorithm, 'Ed25519')
      assert.equal((await resultOf({ certificate: next })).result, 'valid')
    })

    test('a revoked registration verifies as revoked; revocation needs a reason and the body', async () => {
      assert.equal((await c.act(id, 'revoke', c.steward, { reason: '材料虚假' })).statusCode, 403)
      assert.equal((await c.act(id, 'revoke', c.reviewer, {})).statusCode, 400)
      const res = await c.act(id, 'revoke', c.reviewer, { reason: '登记材料虚假，撤销登记' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal((await resultOf({ certificate: file })).result, 'revoked')
      assert.equal((await c.act(id, 'revoke', c.reviewer, { reason: '再次撤销' })).statusCode, 409)
    })
  })
}
