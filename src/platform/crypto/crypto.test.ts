import assert from 'node:assert/strict'
import {
  createCipheriv,
  createHmac,
  generateKeyPairSync,
  sign as nodeSign,
  randomBytes,
  scryptSync,
} from 'node:crypto'
import { describe, it } from 'node:test'
import { sm2 as smCrypto, sm3 as smCryptoSm3 } from 'sm-crypto-v2'
import {
  CryptoError,
  type CryptoErrorCode,
  constantTimeEqualHex,
  ed25519GenerateKeyPair,
  ed25519PublicKeyFromPrivate,
  ed25519Sign,
  ed25519Verify,
  hashPassword,
  openSecret,
  randomToken,
  sealSecret,
  sm2GenerateKeyPair,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2Verify,
  sm3,
  sm3Hmac,
  sm4DecryptBlockEcb,
  sm4EncryptBlockEcb,
  verifyPassword,
} from './index.ts'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')

function assertCryptoError(fn: () => unknown, code: CryptoErrorCode): void {
  assert.throws(fn, (err: unknown) => err instanceof CryptoError && err.code === code)
}

describe('SM3 (GB/T 32905)', () => {
  it('matches the standard example 1: "abc"', () => {
    assert.equal(sm3('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
  })

  it('matches the standard example 2: "abcd" x 16 (one full 512-bit block before padding)', () => {
    assert.equal(sm3('abcd'.repeat(16)), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732')
  })

  it('hashes strings as UTF-8, identical to the byte form', () => {
    assert.equal(sm3('数惠'), sm3(Buffer.from('数惠', 'utf8')))
    assert.notEqual(sm3('数惠'), sm3(Buffer.from('数惠', 'utf16le')))
  })

  it('HMAC-SM3 agrees with an independent implementation (sm-crypto-v2 / noble)', () => {
    for (const keyLength of [0, 16, 32, 64, 100]) {
      const key = randomBytes(keyLength)
      const data = randomBytes(77)
      assert.equal(sm3Hmac(key, data), smCryptoSm3(data, { key }), `key length ${keyLength}`)
    }
    assert.notEqual(sm3Hmac(hex('00'), 'x'), sm3Hmac(hex('01'), 'x'))
  })
})

describe('SM4 (GB/T 32907)', () => {
  const key = hex('0123456789abcdeffedcba9876543210')

  it('matches the standard example 1: one block', () => {
    assert.equal(
      Buffer.from(sm4EncryptBlockEcb(key, key)).toString('hex'),
      '681edf34d206965e86b3e94f536e4246',
    )
    assert.deepEqual(Buffer.from(sm4DecryptBlockEcb(key, hex('681edf34d206965e86b3e94f536e4246'))), key)
  })

  it('matches the standard example 2: 1,000,000 chained encryptions', () => {
    let block: Uint8Array = key
    for (let i = 0; i < 1_000_000; i++) block = sm4EncryptBlockEcb(key, block)
    assert.equal(Buffer.from(block).toString('hex'), '595298c7c6fd271f0402f804c33d3f66')
  })

  it('refuses wrong key or block sizes', () => {
    assertCryptoError(() => sm4EncryptBlockEcb(key.subarray(0, 15), key), 'crypto.bad_key')
    assertCryptoError(() => sm4EncryptBlockEcb(key, Buffer.concat([key, key])), 'crypto.bad_format')
  })
})

describe('sealSecret / openSecret (SM4-CTR + HMAC-SM3, encrypt-then-MAC)', () => {
  const masterKey = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')
  const dsn = 'postgres://shuhui:p@ss词@db.internal:5432/shuhui?sslmode=require'

  it('round-trips text, including empty and non-ASCII', () => {
    for (const text of [dsn, '', '数据局 ✓ 🔐', 'x'.repeat(10_000)]) {
      assert.equal(openSecret(masterKey, sealSecret(masterKey, text)), text)
    }
  })

  it('has the documented wire format and a fresh IV per call', () => {
    const a = sealSecret(masterKey, dsn)
    const b = sealSecret(masterKey, dsn)
    assert.match(a, /^sm4v1:[A-Za-z0-9_-]+$/)
    assert.notEqual(a, b)
    const payload = Buffer.from(a.slice('sm4v1:'.length), 'base64url')
    assert.equal(payload.length, 16 + Buffer.byteLength(dsn) + 32)
  })

  it('opens a value built independently from the ADR construction (pins the format)', () => {
    const enc = createHmac('sm3', masterKey).update('shuhui/secret/sm4v1/enc').digest().subarray(0, 16)
    const mac = createHmac('sm3', masterKey).update('shuhui/secret/sm4v1/mac').digest()
    const iv = hex('f0e1d2c3b4a5968778695a4b3c2d1e0f')
    const context = 'datasource:42:dsn'
    const cipher = createCipheriv('sm4-ctr', enc, iv)
    const ciphertext = Buffer.concat([cipher.update('秘密', 'utf8'), cipher.final()])
    const header = Buffer.from([0x01, 0, 0, 0, Buffer.byteLength(context)])
    const tag = createHmac('sm3', mac)
      .update(Buffer.concat([header, Buffer.from(context), iv, ciphertext]))
      .digest()
    const sealed = `sm4v1:${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`
    assert.equal(openSecret(masterKey, sealed, context), '秘密')
  })

  it('detects a change to any single byte of the payload', () => {
    const sealed = sealSecret(masterKey, 'short secret')
    const payload = Buffer.from(sealed.slice('sm4v1:'.length), 'base64url')
    for (let i = 0; i < payload.length; i++) {
      const copy = Buffer.from(payload)
      copy[i] = (copy[i] ?? 0) ^ 0x01
      assertCryptoError(() => openSecret(masterKey, `sm4v1:${copy.toString('base64url')}`), 'crypto.tampered')
    }
  })

  it('refuses a wrong master key and a wrong context as tampering', () => {
    const sealed = sealSecret(masterKey, dsn, 'datasource:1:dsn')
    assertCryptoError(() => openSecret(randomBytes(32), sealed, 'datasource:1:dsn'), 'crypto.tampered')
    assertCryptoError(() => openSecret(masterKey, sealed, 'datasource:2:dsn'), 'crypto.tampered')
    assertCryptoError(() => openSecret(masterKey, sealed), 'crypto.tampered')
    assert.equal(openSecret(masterKey, sealed, 'datasource:1:dsn'), dsn)
  })

  it('refuses truncation', () => {
    const sealed = sealSecret(masterKey, dsn)
    const payload = Buffer.from(sealed.slice('sm4v1:'.length), 'base64url')
    assertCryptoError(
      () => openSecret(masterKey, `sm4v1:${payload.subarray(0, payload.length - 1).toString('base64url')}`),
      'crypto.tampered',
    )
    assertCryptoError(
      () => openSecret(masterKey, `sm4v1:${payload.subarray(0, 47).toString('base64url')}`),
      'crypto.bad_format',
    )
    assertCryptoError(() => openSecret(masterKey, 'sm4v1:'), 'crypto.bad_format')
  })

  it('refuses a bad prefix or bad encoding', () => {
    const sealed = sealSecret(masterKey, dsn)
    const body = sealed.slice('sm4v1:'.length)
    assertCryptoError(() => openSecret(masterKey, `sm4v2:${body}`), 'crypto.bad_format')
    assertCryptoError(() => openSecret(masterKey, body), 'crypto.bad_format')
    assertCryptoError(() => openSecret(masterKey, `SM4V1:${body}`), 'crypto.bad_format')
    assertCryptoError(() => openSecret(masterKey, `sm4v1:${body}=`), 'crypto.bad_format')
    assertCryptoError(() => openSecret(masterKey, `sm4v1:${body.replace(/.$/, '+')}`), 'crypto.bad_format')
  })

  it('refuses a non-canonical base64url spelling of a valid payload', () => {
    // 16 + 1 + 32 = 49 bytes, so the last character carries 4 unused bits; setting one decodes identically.
    const sealed = sealSecret(masterKey, 'x')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(sealed.at(-1) ?? '')
    const variant = sealed.slice(0, -1) + alphabet[last + 1]
    const decodes = (v: string): Buffer => Buffer.from(v.slice('sm4v1:'.length), 'base64url')
    assert.deepEqual(decodes(variant), decodes(sealed))
    assertCryptoError(() => openSecret(masterKey, variant), 'crypto.bad_format')
  })

  it('refuses master keys that are not 32 bytes', () => {
    assertCryptoError(() => sealSecret(randomBytes(16), dsn), 'crypto.bad_key')
    assertCryptoError(() => openSecret(randomBytes(33), sealSecret(masterKey, dsn)), 'crypto.bad_key')
  })
})

describe('SM2 signatures (GB/T 32918)', () => {
  // GB/T 32918.5-2017 (= GM/T 0003.5-2012) Appendix A signing example on the recommended curve.
  const d = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8'
  const publicKey =
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13'
  const message = 'message digest'
  const k = '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21'
  const r = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3'
  const s = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa'
  const n = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123')

  it('derives the published public key from the published private key', () => {
    assert.equal(sm2PublicKeyFromPrivate(d), publicKey)
    assert.equal(sm2PublicKeyFromPrivate(d.toUpperCase()), publicKey)
  })

  it('verifies the published signature (r, s) over "message digest" with the default ID', () => {
    assert.equal(sm2Verify(message, r + s, publicKey), true)
    assert.equal(sm2Verify(Buffer.from(message), (r + s).toUpperCase(), publicKey.toUpperCase()), true)
    assert.equal(sm2Verify('message digesT', r + s, publicKey), false)
  })

  it('reproduces the published (r, s) when the library is given the published nonce k', () => {
    // sm2Sign draws k at random, so this drives the library directly with the same options sm2Sign uses;
    // it pins that those options mean "Z-value with ID 1234567812345678, then SM3", as the standard says.
    const x1 = BigInt(`0x${smCrypto.getPublicKeyFromPrivateKey(k).slice(2, 66)}`)
    const signature = smCrypto.doSignature(message, d, {
      hash: true,
      der: false,
      pointPool: [{ k: BigInt(`0x${k}`), x1 }],
    })
    assert.equal(signature, r + s)
  })

  it('round-trips with fresh keys, as hex r||s of fixed width', () => {
    const pair = sm2GenerateKeyPair()
    assert.match(pair.privateKey, /^[0-9a-f]{64}$/)
    assert.match(pair.publicKey, /^04[0-9a-f]{128}$/)
    assert.equal(sm2PublicKeyFromPrivate(pair.privateKey), pair.publicKey)
    for (const msg of ['', '数惠', new Uint8Array([0, 1, 2, 255])]) {
      const signature = sm2Sign(msg, pair.privateKey)
      assert.match(signature, /^[0-9a-f]{128}$/)
      assert.equal(sm2Verify(msg, signature, pair.publicKey), true)
    }
  })

  it('accepts the compressed form of the public key', () => {
    const compressed = smCrypto.compressPublicKeyHex(publicKey)
    assert.equal(compressed.length, 66)
    assert.equal(sm2Verify(message, r + s, compressed), true)
  })

  it('returns false for tampering or the wrong key', () => {
    const pair = sm2GenerateKeyPair()
    const other = sm2GenerateKeyPair()
    const signature = sm2Sign('payload', pair.privateKey)
    assert.equal(sm2Verify('payload!', signature, pair.publicKey), false)
    assert.equal(sm2Verify('payload', signature, other.publicKey), false)
    const flipped = (signature.startsWith('0') ? '1' : '0') + signature.slice(1)
    assert.equal(sm2Verify('payload', flipped, pair.publicKey), false)
  })

  it('returns false, never throws, for malformed input', () => {
    const nHex = n.toString(16)
    const garbage: ReadonlyArray<readonly [string, string]> = [
      ['', publicKey],
      ['zz', publicKey],
      [(r + s).slice(2), publicKey],
      [`${r + s}00`, publicKey],
      [`${'0'.repeat(64)}${s}`, publicKey],
      [`${r}${nHex}`, publicKey],
      [`${r}${'f'.repeat(64)}`, publicKey],
      [r + s, ''],
      [r + s, publicKey.slice(2)],
      [r + s, `04${'00'.repeat(64)}`],
      [r + s, `${publicKey.slice(0, -1)}4`],
      [r + s, `05${publicKey.slice(2)}`],
      [r + s, 'not hex at all'],
    ]
    for (const [signature, key] of garbage) {
      assert.equal(sm2Verify(message, signature, key), false, `${signature} / ${key}`)
    }
  })

  it('refuses a DER signature (the documented format is raw r||s)', () => {
    const der = smCrypto.doSignature(message, d, { hash: true, der: true })
    assert.equal(smCrypto.doVerifySignature(message, der, publicKey, { hash: true, der: true }), true)
    assert.equal(sm2Verify(message, der, publicKey), false)
  })

  it("is not node:crypto's ECDSA over the SM2 curve (see ADR 0004)", () => {
    const { privateKey, publicKey: nodePublic } = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    const spki = nodePublic.export({ format: 'der', type: 'spki' })
    const raw = spki.subarray(spki.length - 65).toString('hex')
    const der = nodeSign('sm3', Buffer.from(message), privateKey)
    const decoded = derToRawSignature(der)
    assert.equal(sm2Verify(message, decoded, raw), false)
  })

  it('refuses private keys outside [1, n-2]', () => {
    for (const bad of ['0'.repeat(64), (n - 1n).toString(16), n.toString(16), 'g'.repeat(64), d.slice(2)]) {
      assertCryptoError(() => sm2Sign('x', bad), 'crypto.bad_key')
    }
    assert.match(sm2Sign('x', (n - 2n).toString(16)), /^[0-9a-f]{128}$/)
  })
})

/** Minimal DER `SEQUENCE { INTEGER r, INTEGER s }` decoder, enough for the ECDSA comparison above. */
function derToRawSignature(der: Buffer): string {
  const integers: string[] = []
  let offset = 2
  while (offset < der.length) {
    const length = der[offset + 1] ?? 0
    const value = der.subarray(offset + 2, offset + 2 + length)
    integers.push(
      BigInt(`0x${value.toString('hex')}`)
        .toString(16)
        .padStart(64, '0'),
    )
    offset += 2 + length
  }
  return integers.join('')
}

describe('Ed25519 (RFC 8032)', () => {
  const vectors = [
    {
      name: 'TEST 1 (empty message)',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      name: 'TEST 2 (one byte 0x72)',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ]

  for (const v of vectors) {
    it(`matches ${v.name}: public key, signature and verification`, () => {
      assert.equal(ed25519PublicKeyFromPrivate(v.secret), v.public)
      assert.equal(ed25519Sign(hex(v.message), v.secret), v.signature)
      assert.equal(ed25519Verify(hex(v.message), v.signature, v.public), true)
    })
  }

  it('round-trips with fresh raw-hex keys', () => {
    const pair = ed25519GenerateKeyPair()
    assert.match(pair.privateKey, /^[0-9a-f]{64}$/)
    assert.match(pair.publicKey, /^[0-9a-f]{64}$/)
    assert.equal(ed25519PublicKeyFromPrivate(pair.privateKey), pair.publicKey)
    const signature = ed25519Sign('数惠', pair.privateKey)
    assert.equal(ed25519Verify('数惠', signature, pair.publicKey), true)
    assert.equal(ed25519Verify(Buffer.from('数惠'), signature, pair.publicKey), true)
  })

  it('returns false for tampering, the wrong key, or garbage', () => {
    const v = vectors[0]
    assert.ok(v)
    const other = ed25519GenerateKeyPair()
    assert.equal(ed25519Verify('x', v.signature, v.public), false)
    assert.equal(ed25519Verify('', v.signature, other.publicKey), false)
    assert.equal(ed25519Verify('', `${v.signature.slice(0, -1)}f`, v.public), false)
    for (const [signature, key] of [
      ['', v.public],
      ['zz', v.public],
      [v.signature.slice(2), v.public],
      [v.signature, ''],
      [v.signature, v.public.slice(2)],
      [v.signature, 'ff'.repeat(32)],
    ] as const) {
      assert.equal(ed25519Verify('', signature, key), false)
    }
  })

  it('refuses malformed private keys', () => {
    assertCryptoError(() => ed25519Sign('x', 'ab'), 'crypto.bad_key')
    assertCryptoError(() => ed25519Sign('x', 'z'.repeat(64)), 'crypto.bad_key')
  })
})

describe('randomToken / constantTimeEqualHex', () => {
  it('makes base64url tokens of the requested entropy', () => {
    const token = randomToken()
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(token, 'base64url').length, 32)
    assert.equal(Buffer.from(randomToken(16), 'base64url').length, 16)
    assert.notEqual(randomToken(), randomToken())
  })

  it('refuses nonsensical sizes', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 4096]) assert.throws(() => randomToken(bad), RangeError)
  })

  it('compares decoded bytes and treats malformed hex as unequal', () => {
    assert.equal(constantTimeEqualHex('00ff', '00FF'), true)
    assert.equal(constantTimeEqualHex('', ''), true)
    assert.equal(constantTimeEqualHex('00ff', '00fe'), false)
    assert.equal(constantTimeEqualHex('00ff', '00ff00'), false)
    assert.equal(constantTimeEqualHex('0g', '0g'), false)
    assert.equal(constantTimeEqualHex('abc', 'abc'), false)
  })
})

describe('scrypt password hashing', () => {
  it('produces the self-describing format and verifies', async () => {
    const stored = await hashPassword('correct horse 电池 staple')
    assert.match(stored, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{86}$/)
    assert.equal(await verifyPassword('correct horse 电池 staple', stored), true)
    assert.equal(await verifyPassword('correct horse 电池 stapl', stored), false)
    assert.notEqual(await hashPassword('same'), await hashPassword('same'))
  })

  it('honours the parameters stored in the string (so the cost can change later)', async () => {
    const salt = Buffer.from('0123456789abcdef')
    const key = scryptSync('pw', salt, 32, { N: 1024, r: 4, p: 2 })
    const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '')
    const stored = `scrypt$1024$4$2$${b64(salt)}$${b64(key)}`
    assert.equal(await verifyPassword('pw', stored), true)
    assert.equal(await verifyPassword('pw', stored.replace('$4$2$', '$8$2$')), false)
  })

  it('treats composed and decomposed Unicode as the same password', async () => {
    const stored = await hashPassword('caf\u00e9')
    assert.equal(await verifyPassword('cafe\u0301', stored), true)
  })

  it('returns false for malformed stored values', async () => {
    const stored = await hashPassword('pw')
    const [, , , , salt = '', hash = ''] = stored.split('$')
    const malformed = [
      '',
      'pw',
      stored.replace('scrypt$', 'bcrypt$'),
      stored.replace('$16384$', '$16383$'),
      stored.replace('$16384$', '$016384$'),
      stored.replace('$16384$', '$2097152$'),
      stored.replace('$8$1$', '$0$1$'),
      stored.replace('$8$1$', '$64$1$'),
      `${stored}$extra`,
      stored.replace(salt, `${salt}=`),
      stored.replace(hash, hash.slice(0, 20)),
      stored.replace(hash, `${hash.slice(0, -1)}!`),
      stored.replace(salt, 'AAAA'),
    ]
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    // A 16-byte salt leaves 4 unused bits in its last character: same bytes, non-canonical text.
    const saltVariant = salt.slice(0, -1) + b64[b64.indexOf(salt.at(-1) ?? '') ^ 1]
    assert.deepEqual(Buffer.from(saltVariant, 'base64'), Buffer.from(salt, 'base64'))
    malformed.push(stored.replace(salt, saltVariant))
    for (const value of malformed) assert.equal(await verifyPassword('pw', value), false, value)
    const flipped = stored.replace(hash, (hash.startsWith('A') ? 'B' : 'A') + hash.slice(1))
    assert.equal(await verifyPassword('pw', flipped), false)
  })
})
