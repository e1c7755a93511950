import { existsSync, mkdirSync } from 'node:fs'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { generateTOTP } from '@oslojs/otp'
import { type Browser, chromium, type Download, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const DEMO_PASSWORD = 'kotipiha-demo'

/**
 * Whether the browser suite can run. Without Chromium it is skipped loudly on a developer
 * machine, and fails in CI (where skipping would hide that nothing was tested).
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  const notice = `\n${'!'.repeat(78)}\n!! E2E SKIPPED: ${CHROMIUM} not found. Install it: apt-get install -y chromium\n${'!'.repeat(78)}\n`
  if (process.env.CI) throw new Error(`E2E cannot run in CI: ${CHROMIUM} is missing.${notice}`)
  console.warn(notice)
  return false
}

/** How Chromium is started, by a file of its own or as the e2e run's shared browser server. */
export const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(LAUNCH_OPTIONS)
}

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

/**
 * Whether `snap` takes its screenshots: yes on a developer's machine, no in CI (CI set) unless
 * E2E_SCREENSHOTS=1. Nothing asserts on them; they are for a human to look at, and CI's clean
 * clone is thrown away. A full-page capture is rendered and PNG-encoded by Chromium on the CPU
 * the run is short of: on three e2e files they were 14 of 127 CPU seconds (docs/ARCHITECTURE.md).
 * E2E_SCREENSHOTS=0 turns them off anywhere.
 */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ? process.env.E2E_SCREENSHOTS === '1' : !process.env.CI

/** Screenshots go to screenshots/ (gitignored) for a human to look at (see `SCREENSHOTS`). */
export async function snap(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (!SCREENSHOTS) return
  mkdirSync('screenshots', { recursive: true })
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: opts.fullPage ?? true })
}

/** The current code for a TOTP secret shown on the enrolment page (base32, maybe spaced). */
export function totpCode(secretText: string): string {
  const key = decodeBase32IgnorePadding(secretText.replace(/\s+/g, '').toUpperCase())
  return generateTOTP(key, 30, 6)
}

/** Browser errors go to the test output, so a failing page says why. */
export function reportPageErrors(page: Page): void {
  if ((page as Page & { __reported?: boolean }).__reported) return
  ;(page as Page & { __reported?: boolean }).__reported = true
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser console] ${message.text()}`)
  })
}

export async function logIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  reportPageErrors(page)
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel(/^(Email|Sähköposti|E-post)$/).fill(email)
  await page.getByLabel(/^(Password|Salasana|Lösenord)$/).fill(password)
  await page.locator('form button[type=submit]').click()
}

/** Switches the signed-in user's language in the header and waits until it is saved. */
export async function useLanguage(page: Page, language: 'fi' | 'sv' | 'en'): Promise<void> {
  const select = page.locator('header').getByLabel(/^(Language|Kieli|Språk)$/)
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH'),
    select.selectOption(language),
  ])
  await page.waitForFunction((l) => document.documentElement.lang === l, language)
}

/**
 * Signs in a management-staff demo account that has not enrolled TOTP yet (every test server
 * seeds afresh), switches it to English and enrols: staff grants count only after TOTP.
 */
export async function logInEnrollingTotp(page: Page, baseUrl: string, email: string): Promise<void> {
  await logIn(page, baseUrl, email)
  await page.waitForURL(/\/mfa\/enrol$/)
  await useLanguage(page, 'en')
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? ''
  await page.getByLabel('Six-digit code').fill(totpCode(secret))
  await page.getByRole('button', { name: 'Turn on' }).click()
  await page.getByRole('button', { name: /I have saved the codes/ }).click()
  await page.waitForURL((url) => url.pathname === '/')
}

/**
 * A download's bytes. `download.path()` is not available over a connection to the run's shared
 * browser server (`sharedBrowser.ts`); the stream is, from a local or a connected browser alike.
 */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
