import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 14 in a real browser: an owner on a phone sees the open invoice with its reference number
 * and IBAN and downloads its PDF (rendered to an image for a person to look at); the board
 * approves the pending supplier invoice from Putkityö Demo Oy.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 20_000, interval: 200 }

/** WCAG 2.1 A and AA violations on the page, as axe-core finds them (as in accessibility.test.ts). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  )
}

describe.skipIf(!run)('finance in Chromium', () => {
  const demo = useDemoBrowsers()

  it('an owner on a phone sees the open invoice with its reference number and IBAN and downloads its PDF', async () => {
    const page = await demo.signedIn('owner@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(page)
    await page.getByRole('link', { name: 'Omat raha-asiat' }).first().click()
    await page.waitForURL(`**/org/${orgId}/finance/mine`)
    await expect.poll(() => page.getByRole('heading', { name: /Huoneisto A 1/ }).count(), WAIT).toBe(1)
    const open = page.locator('.finance__invoice').first()
    await expect.poll(() => open.count(), WAIT).toBe(1)
    // Euros as Finnish readers write them, and the reference in groups of five.
    expect(await open.locator('.finance__amount').textContent()).toMatch(/^\d{1,3}(\s\d{3})*,\d{2}\s€$/)
    expect(await open.locator('code').first().textContent()).toMatch(/^\d{1,5}( \d{5})+$/)
    await snap(page, 'finance-mine-phone')
    expect(await violations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      open.getByRole('link', { name: 'Lasku PDF:nä' }).click(),
    ])
    mkdirSync('screenshots', { recursive: true })
    const path = 'screenshots/finance-invoice.pdf'
    await download.saveAs(path)
    const bytes = (await import('node:fs')).readFileSync(path)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    try {
      execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', path, 'screenshots/finance-invoice'])
    } catch {
      writeFileSync('screenshots/finance-invoice.txt', 'pdftoppm not installed; the PDF is beside this file.')
    }
  })

  it('the board approves the pending supplier invoice', async () => {
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/finance`)
    const approve = page.getByRole('button', { name: /Approve invoice 2026-118 from Putkityö Demo Oy/ })
    await expect.poll(() => approve.count(), WAIT).toBe(1)
    await page.getByLabel('Note (optional)').fill('Approved at the board meeting')
    await approve.click()
    const card = page.locator('.finance__supplier', { hasText: '2026-118' })
    await expect.poll(() => card.getByText('Approved', { exact: true }).count(), WAIT).toBe(1)
    expect(await approve.count()).toBe(0)
    // The overdue list and the budget are there too.
    expect(await page.getByRole('heading', { name: 'Overdue charges' }).count()).toBe(1)
    expect(await page.getByRole('rowheader', { name: 'Heating' }).count()).toBe(1)
    await snap(page, 'finance-coop-desktop')
    expect(await violations(page)).toEqual([])
  })

  it('the accountant uploads a CSV and sees the per-row report', async () => {
    const page = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(page, demo.server.baseUrl, 'accountant@example.com')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/finance`)
    await page.getByLabel('What the file contains').selectOption('budgets')
    const csv =
      'externalId,fiscalYear,category,amountCents\nE2E-B-1,2027,heating,6500000\nE2E-B-2,2027,nonsense,1\n'
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'budget.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect
      .poll(() => page.getByText('Created 1, updated 0, unchanged 0, refused 1.').count(), WAIT)
      .toBe(1)
    expect(await page.getByRole('cell', { name: /category:/ }).count()).toBe(1)
    await snap(page, 'finance-import-report')
  })
})
