import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { pageWidth, violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 15 in a real browser: the investor lands on their portfolio (report 6) with numbers, at
 * phone and desktop width, and opens another investor report; the board opens the cooperative's
 * balance summary with its chart and the chart's data table and downloads its PDF (rendered to PNG
 * for a person to look at); the board opens report 10 (service and consumption) with the
 * consumption chart at both widths.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 30_000, interval: 200 }

describe.skipIf(!run)('reports in Chromium', () => {
  const demo = useDemoBrowsers()

  for (const [name, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`the investor lands on the portfolio with numbers (${name})`, async () => {
      const page = await demo.signedIn('investor@example.com', size, 'fi')
      await page.waitForURL('**/portfolio', { timeout: 30_000 })
      await expect
        .poll(() => page.getByRole('heading', { name: 'Salkun yleiskuva', level: 1 }).count(), WAIT)
        .toBe(1)
      const table = page.getByRole('region', { name: 'Kohteet' })
      await expect
        .poll(() => table.getByRole('rowheader', { name: 'As Oy Kuusirinne' }).count(), WAIT)
        .toBe(1)
      // The total row has euros (the 12 months of charges of the held apartments).
      const total = await table.locator('tfoot').textContent()
      expect(total).toMatch(/\d[\d\s]*,\d{2}\s€/)
      // The chart is drawn, and its data table is in the page for screen readers.
      await expect.poll(() => page.locator('.report__plot svg').count(), WAIT).toBeGreaterThan(0)
      expect(await page.getByRole('table', { name: /Kaavion tiedot/ }).count()).toBe(1)
      await snap(page, `reports-portfolio-${name}`)
      expect(await violations(page)).toEqual([])
      expect(await pageWidth(page)).toBeLessThanOrEqual(size.width)
      await page.getByRole('link', { name: 'Taloudellinen tulos' }).click()
      await expect
        .poll(() => page.getByRole('rowheader', { name: 'As Oy Koivukuja' }).count(), WAIT)
        .toBeGreaterThan(0)
      await snap(page, `reports-performance-${name}`)
    })
  }

  it('the board opens the balance summary, shows the chart as a table, and downloads the PDF', async () => {
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/reports`)
    await page.getByRole('link', { name: 'Balance summary' }).click()
    await expect.poll(() => page.getByRole('rowheader', { name: 'Heating' }).count(), WAIT).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Show the chart as a table' }).click()
    expect(await page.getByRole('table', { name: /The chart’s data/ }).isVisible()).toBe(true)
    await snap(page, 'reports-balance-desktop')
    expect(await violations(page)).toEqual([])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ])
    mkdirSync('screenshots', { recursive: true })
    const path = 'screenshots/reports-balance.pdf'
    await download.saveAs(path)
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Downloaded' }).count(), WAIT).toBe(1)
    try {
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        path,
        'screenshots/reports-balance',
      ])
    } catch {
      writeFileSync('screenshots/reports-balance.txt', 'pdftoppm not installed; the PDF is beside this file.')
    }
  })

  for (const [name, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`the board opens service and consumption with its chart (${name})`, async () => {
      const page = await demo.signedIn('board@example.com', size, 'fi')
      const orgId = await demo.orgId(page)
      await page.goto(`${demo.server.baseUrl}/org/${orgId}/reports`)
      await page.getByRole('link', { name: 'Huolto ja kulutus' }).click()
      await expect
        .poll(() => page.getByRole('heading', { name: 'Huolto ja kulutus', level: 1 }).count(), WAIT)
        .toBe(1)
      // The demo's water meters are read monthly: consumption per apartment against last year.
      const apartments = page.getByRole('region', { name: 'Kulutus huoneistoittain' })
      await expect
        .poll(() => apartments.getByRole('cell', { name: 'Kylmä vesi' }).count(), WAIT)
        .toBeGreaterThan(0)
      await expect.poll(() => page.locator('.report__plot svg').count(), WAIT).toBeGreaterThan(0)
      expect(await page.getByRole('table', { name: /Kaavion tiedot/ }).count()).toBe(1)
      await snap(page, `reports-service-${name}`)
      expect(await violations(page)).toEqual([])
      expect(await pageWidth(page)).toBeLessThanOrEqual(size.width)
    })
  }

  it('an owner on a phone sees only their apartment in the billing details', async () => {
    const page = await demo.signedIn('owner@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/reports/billing`)
    await expect.poll(() => page.getByText('Näet omia huoneistojasi koskevat osat.').count(), WAIT).toBe(1)
    const rows = page.getByRole('region', { name: 'Laskut' }).locator('tbody th')
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(0)
    const names = new Set(await rows.allTextContents())
    expect([...names]).toEqual(['A 1'])
    await snap(page, 'reports-billing-owner-phone')
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width)
  })
})
