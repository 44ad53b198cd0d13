/** Shared set-up of the browser tests: Debian's Chromium with the flags this sandbox needs, and page helpers. */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url))

export async function launchBrowser(): Promise<Browser> {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
  )
  await mkdir(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Collects what the page complained about, to explain a failure. */
export function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`)
  })
  return problems
}

/** Waits until no table is loading and antd's transitions have finished, for a clean screenshot. */
export async function settle(page: Page): Promise<void> {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 })
  await page.waitForTimeout(400)
}

/** A full-page screenshot helper writing `test/artifacts/<journey>-<name>.png` once the page has settled. */
export function screenshots(journey: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await settle(page)
    await page.screenshot({ path: join(ARTIFACTS, `${journey}-${name}.png`), fullPage: true })
  }
}
