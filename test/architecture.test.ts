/**
 * The module rules, executable: platform never imports modules; a module reaches another only through its
 * index.ts and only along the allowed direction; no type-checker suppressions anywhere.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'

const root = resolve(new URL('..', import.meta.url).pathname)
const src = join(root, 'src')

/** Which modules each module may depend on (platform is always allowed). Extend as modules arrive. */
const ALLOWED: Record<string, readonly string[]> = {
  identity: [],
  datastore: ['identity'],
  catalog: ['identity', 'datastore'],
  sharing: ['identity', 'datastore', 'catalog'],
  governance: ['identity', 'datastore', 'catalog', 'sharing'],
  registration: ['identity', 'datastore', 'catalog'],
  sandbox: ['identity', 'datastore', 'catalog'],
  operation: ['identity', 'datastore', 'catalog', 'sharing', 'governance', 'registration', 'sandbox'],
  portal: ['identity', 'datastore', 'catalog', 'sharing', 'governance', 'sandbox'],
}

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) files(path, out)
    else if (/\.tsx?$/.test(name)) out.push(path)
  }
  return out
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const m of text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)) if (m[1]) found.push(m[1])
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) if (m[1]) found.push(m[1])
  return found.filter((s) => s.startsWith('.'))
}

function moduleOf(path: string): string | null {
  const rel = relative(join(src, 'modules'), path)
  return rel.startsWith('..') ? null : (rel.split('/')[0] ?? null)
}

test('platform never imports a module', () => {
  for (const file of files(join(src, 'platform'))) {
    for (const spec of imports(file)) {
      const target = resolve(dirname(file), spec)
      assert.equal(moduleOf(target), null, `${relative(root, file)} imports ${spec}`)
    }
  }
})

test('modules import each other only through index.ts and along allowed edges', () => {
  for (const file of files(join(src, 'modules'))) {
    const own = moduleOf(file)
    assert.ok(own)
    assert.ok(own in ALLOWED, `module ${own} is not declared in the architecture test`)
    for (const spec of imports(file)) {
      const target = resolve(dirname(file), spec)
      const other = moduleOf(target)
      if (!other || other === own) continue
      assert.ok(ALLOWED[own]?.includes(other), `${relative(root, file)}: ${own} may not depend on ${other}`)
      assert.equal(
        relative(join(src, 'modules', other), target),
        'index.ts',
        `${relative(root, file)} reaches into ${spec}`,
      )
    }
  }
})

test('no type-checker suppressions or explicit any', () => {
  for (const file of [...files(src), ...files(join(root, 'test')), ...files(join(root, 'web', 'src'))]) {
    const text = readFileSync(file, 'utf8')
    assert.ok(
      !/@ts-(ignore|expect-error|nocheck)/.test(text),
      `${relative(root, file)} suppresses the type checker`,
    )
    const code = text
      .replace(/\/\/.*$/gm, '')
      .replace(/'(?:[^'\\\n]|\\.)*'/g, "''")
      .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
      .replace(/`(?:[^`\\]|\\.)*`/g, '``')
    assert.ok(!/(:|\bas|<)\s*any\b(?![\w-])/.test(code), `${relative(root, file)} uses any`)
  }
})
