/** Keeps docs in step with the code: every error code documented, every config variable in README. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import '../src/app.ts'
import { configVariables } from '../src/platform/config.ts'
import { registeredErrors } from '../src/platform/errors.ts'

const root = new URL('..', import.meta.url)

function documentedErrors(): Map<string, { status: number; retired: boolean }> {
  const text = readFileSync(new URL('docs/errors.md', root), 'utf8')
  const rows = new Map<string, { status: number; retired: boolean }>()
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([a-z0-9_.]+)`\s*\|\s*(\d{3})\s*\|(.*)\|\s*$/.exec(line)
    if (m?.[1] && m[2]) rows.set(m[1], { status: Number(m[2]), retired: /\*retired\*/.test(m[3] ?? '') })
  }
  return rows
}

test('every registered error code is in docs/errors.md with the same status', () => {
  const docs = documentedErrors()
  for (const e of registeredErrors()) {
    const row = docs.get(e.code)
    assert.ok(row, `${e.code} is missing from docs/errors.md`)
    assert.equal(row.status, e.status, `${e.code} status differs`)
    assert.equal(row.retired, false, `${e.code} is marked retired but still used`)
  }
})

test('docs/errors.md lists no code the server does not know, unless marked retired (codes are never reused)', () => {
  const known = new Set(registeredErrors().map((e) => e.code))
  for (const [code, row] of documentedErrors()) {
    assert.ok(
      known.has(code) || row.retired,
      `${code} is documented but not registered; mark it retired instead of deleting`,
    )
  }
})

test('README documents every configuration variable with its default', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  for (const v of configVariables) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${v.name}\``))
    assert.ok(row, `README configuration table lacks ${v.name}`)
    assert.ok(row.includes(v.default), `README row for ${v.name} should show default ${v.default}`)
  }
})
