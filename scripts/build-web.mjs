#!/usr/bin/env node
// Builds the staff web console (web/) into web/dist with Vite.
//   node scripts/build-web.mjs              always build
//   node scripts/build-web.mjs --if-needed  skip when web/dist/.build-hash matches the sources
// Runs from postinstall and `npm start`: prints one line, exits non-zero when the build fails.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const WEB = join(ROOT, 'web')
const DIST = join(WEB, 'dist')
const HASH_FILE = join(DIST, '.build-hash')
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json']
const WEB_DEPS = [
  'vite',
  '@vitejs/plugin-react',
  'react',
  'react-dom',
  'react-router',
  'react-router-dom',
  'antd',
  '@ant-design/icons',
  'dayjs',
]

async function listFiles(path) {
  if (!existsSync(path)) return []
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => null)
  if (entries === null) return [path]
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

async function sourceHash() {
  const hash = createHash('sha256')
  const files = (await Promise.all(INPUTS.map((input) => listFiles(join(WEB, input))))).flat().sort()
  for (const file of files) {
    hash.update(relative(ROOT, file).split(sep).join('/'))
    hash.update('\0')
    hash.update(await readFile(file))
    hash.update('\0')
  }
  try {
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'))
    for (const name of WEB_DEPS)
      hash.update(`${name}@${lock.packages?.[`node_modules/${name}`]?.version ?? '-'}\n`)
  } catch {
    hash.update('no-lockfile')
  }
  return hash.digest('hex')
}

async function readStoredHash() {
  try {
    return (await readFile(HASH_FILE, 'utf8')).trim()
  } catch {
    return null
  }
}

async function main() {
  const ifNeeded = process.argv.includes('--if-needed')
  const hash = await sourceHash()
  const built = existsSync(join(DIST, 'index.html'))
  if (ifNeeded && built && (await readStoredHash()) === hash) {
    console.log('web console up to date')
    return
  }

  let vite
  try {
    vite = await import('vite')
  } catch {
    if (built) {
      console.log(
        'web console build skipped: vite is not installed (devDependencies omitted), using web/dist',
      )
      return
    }
    if (ifNeeded) {
      console.warn(
        'web console not built: vite is not installed and web/dist is missing; the API runs without it',
      )
      return
    }
    console.error('web console build failed: vite is not installed (run npm install with devDependencies)')
    process.exitCode = 1
    return
  }

  const started = performance.now()
  try {
    await vite.build({
      configFile: join(WEB, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    })
  } catch (err) {
    console.error(`web console build failed: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
    return
  }
  await writeFile(HASH_FILE, `${hash}\n`)
  console.log(`web console built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

await main()
