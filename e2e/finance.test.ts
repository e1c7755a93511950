import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createApiKey } from '../api/finance/keys/apiKeys.ts'
import type { MyFinancesResponse } from '../schema/api/finance.ts'
import { pageWidth, violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 14 in a real browser: an owner on a phone sees the open invoice with its reference number
 * and IBAN and downloads its PDF (rendered to an image for a person to look at); the board
 * approves the pending supplier invoice from Putkityö Demo Oy; the owner, page open, sees an
 * invoice turn paid the moment the ERP imports its payment; the org admin creates, copies and
 * revokes an API key; a contractor sends an invoice and follows it.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 20_000, interval: 200 }

describe.skipIf(!run)('finance in Chromium', () => {
  const demo = useDemoBrowsers()

  /**
   * As a user goes there: the organisation's page, then its entry in the menu (which follows the
   * organisation shown; behind the menu button on a phone). Home's cards no longer repeat the menu.
   */
  const openFromMenu = async (page: Page, orgId: string, name: string) => {
    await page.goto(`${demo.server.baseUrl}/org/${orgId}`)
    const nav = page.getByRole('navigation', { name: /^(Main navigation|Päävalikko|Huvudmeny)$/ })
    await page.locator('main h1').first().waitFor(WAIT)
    if (!(await nav.isVisible())) await page.getByRole('button', { name: /^(Menu|Valikko|Meny)$/ }).click()
    await nav.getByRole('link', { name }).click()
  }

  it('an owner on a phone sees the open invoice with its reference number and IBAN and downloads its PDF', async () => {
    const page = await demo.signedIn('owner@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(page)
    await openFromMenu(page, orgId, 'Omat raha-asiat')
    await page.waitForURL(`**/org/${orgId}/finance/mine`)
    await expect.poll(() => page.getByRole('heading', { name: /Huoneisto A 1/ }).count(), WAIT).toBe(1)
    const open = page.locator('.finance__invoice').first()
    await expect.poll(() => open.count(), WAIT).toBe(1)
    // Euros as Finnish readers write them, and the reference in groups of five.
    expect(await open.locator('.finance__amount').textContent()).toMatch(/^\d{1,3}(\s\d{3})*,\d{2}\s€$/)
    expect(await open.locator('code').first().textContent()).toMatch(/^\d{1,5}( \d{5})+$/)
    await snap(page, 'finance-mine-phone')
    expect(await violations(page)).toEqual([])
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width)
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
    // The accountant finds an overdue invoice by its reference number in the search and opens it.
    const overdue = (await page.evaluate(
      async (id) => (await fetch(`/api/finance/${id}/overdue`)).json(),
      orgId,
    )) as { items: { reference: string; apartmentNumber: string }[] }
    const wanted = overdue.items[0]
    if (!wanted) throw new Error('the demo has no overdue invoice')
    const spaced = wanted.reference.replace(/(\d)(?=(\d{5})+$)/g, '$1 ')
    await page.goto(`${demo.server.baseUrl}/search?q=${encodeURIComponent(spaced)}`)
    const hit = page.locator('.search-result__title').first()
    await expect.poll(() => hit.count(), WAIT).toBe(1)
    expect(await hit.textContent()).toContain(wanted.apartmentNumber)
    await hit.click()
    await page.waitForURL(/\/finance\/apartments\/[0-9a-f-]+\?invoice=/)
    const marked = page.locator('[aria-current="true"]', { hasText: 'Overdue' })
    await expect.poll(() => marked.count(), WAIT).toBeGreaterThanOrEqual(1)
    await snap(page, 'finance-search-hit')
  })

  it('an owner with My finances open sees an invoice turn paid when the ERP imports its payment, without reload', async () => {
    const page = await demo.signedIn('owner@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/finance/mine`)
    const open = page.locator('.finance__invoice').first()
    await expect.poll(() => open.count(), WAIT).toBe(1)
    const invoiceId = (await open.getAttribute('data-invoice')) ?? ''
    const mine = (await page.evaluate(
      async (id) => (await fetch(`/api/finance/${id}/mine`)).json(),
      orgId,
    )) as MyFinancesResponse
    const invoice = mine.apartments.flatMap((a) => a.invoices).find((i) => i.id === invoiceId)
    if (!invoice) throw new Error('the open invoice is not in My finances')
    // A marker that a reload would wipe.
    await page.evaluate(() => {
      ;(window as unknown as { stillHere: boolean }).stillHere = true
    })
    const key = await createApiKey(demo.server.db, {
      orgId,
      name: 'E2E ERP',
      scopes: ['finance:write'],
      createdBy: null,
    })
    const res = await fetch(`${demo.server.baseUrl}/api/import/${orgId}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/x-ndjson' },
      body: JSON.stringify({
        externalId: `E2E-PAY-${invoiceId}`,
        reference: invoice.reference,
        amountCents: invoice.openCents,
        paidOn: new Date().toISOString().slice(0, 10),
        payerName: 'Olli Omistaja',
      }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { counts: { created: number } }).counts.created).toBe(1)
    // The card leaves the open invoices and the history row says paid, on the same page.
    await expect.poll(() => page.locator(`[data-invoice="${invoiceId}"]`).count(), WAIT).toBe(0)
    const row = page.locator(`[data-invoice-row="${invoiceId}"]`)
    await expect.poll(() => row.getByText('Maksettu', { exact: true }).count(), WAIT).toBe(1)
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)
    await snap(page, 'finance-live-paid-phone')
  })

  it('the organisation admin creates an API key (shown once), lists and revokes it, at 1280 and 390 px', async () => {
    const page = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(page, demo.server.baseUrl, 'orgadmin@example.com')
    const orgId = await demo.orgId(page)
    await openFromMenu(page, orgId, 'API keys')
    await page.waitForURL(`**/org/${orgId}/api-keys`)
    await page.getByLabel('Key name').fill('Accounting ERP')
    await page.getByRole('checkbox', { name: /^read / }).check()
    await page.getByRole('button', { name: 'Create key' }).click()
    const token = page.getByLabel('API key', { exact: true })
    await expect.poll(() => token.count(), WAIT).toBe(1)
    const value = await token.inputValue()
    expect(value).toMatch(/^kpk_[a-z0-9]+\.[a-z0-9]+$/)
    // The token works, and the list shows the key without it.
    const summary = await fetch(`${demo.server.baseUrl}/api/import/${orgId}/summary`, {
      headers: { authorization: `Bearer ${value}` },
    })
    expect(summary.status).toBe(200)
    const row = page.locator('tr', { hasText: 'Accounting ERP' })
    await expect.poll(() => row.count(), WAIT).toBe(1)
    expect(await row.textContent()).not.toContain(value.split('.')[1])
    await snap(page, 'finance-keys-desktop')
    expect(await violations(page)).toEqual([])
    // Shown once: after leaving and coming back it is gone.
    await page.getByRole('button', { name: 'I have copied it' }).click()
    expect(await token.count()).toBe(0)
    await page.setViewportSize(PHONE)
    await snap(page, 'finance-keys-phone')
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width)
    await row.getByRole('button', { name: 'Revoke Accounting ERP' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click()
    await expect.poll(() => row.getByText('Revoked', { exact: true }).count(), WAIT).toBe(1)
    const after = await fetch(`${demo.server.baseUrl}/api/import/${orgId}/summary`, {
      headers: { authorization: `Bearer ${value}` },
    })
    expect(after.status).toBe(401)
  })

  it('a contractor sends an invoice to the cooperative and follows it, at 390 and 1280 px', async () => {
    // The header's language menu is a desktop control: choose English there, then go phone-sized.
    const page = await demo.signedIn('contractor@example.com', DESKTOP, 'en')
    await page.setViewportSize(PHONE)
    const companyId = await demo.orgId(page, 'Putkityö Demo Oy')
    await openFromMenu(page, companyId, 'Invoices to cooperatives')
    await page.waitForURL(`**/org/${companyId}/supplier-invoices`)
    const number = `E2E-${Date.now()}`
    await expect.poll(() => page.getByLabel('To cooperative').count(), WAIT).toBe(1)
    await page.getByLabel('To cooperative').selectOption({ label: 'As Oy Koivukuja' })
    await page.getByLabel('Invoice number').fill(number)
    await page.getByLabel('Category').selectOption('repairs')
    await page.getByLabel('Description').fill('Riser valve replaced, stair B')
    // Not an amount: refused here, nothing sent.
    await page.getByLabel('Amount incl. VAT (€)').fill('12,345')
    // The app's date field, typed in Finnish format; Tab commits it.
    await page.getByLabel('Due date', { exact: true }).fill('31.1.2027')
    await page.getByLabel('Due date', { exact: true }).press('Tab')
    await page.getByRole('button', { name: 'Send invoice' }).click()
    await expect.poll(() => page.getByText('Give an amount in euros, e.g. 1 234,50.').count(), WAIT).toBe(1)
    await page.getByLabel('Amount incl. VAT (€)').fill('1 234,50')
    await page.getByLabel('Of which VAT (€)').fill('238,95')
    await page.getByRole('button', { name: 'Send invoice' }).click()
    await expect
      .poll(() => page.getByText(`Invoice ${number} sent. It waits for the board's approval.`).count(), WAIT)
      .toBe(1)
    const card = page.locator('.finance__supplier', { hasText: number })
    await expect.poll(() => card.count(), WAIT).toBe(1)
    expect(await card.getByText('Awaiting approval', { exact: true }).count()).toBe(1)
    expect(await card.getByText('As Oy Koivukuja').count()).toBe(1)
    expect(await card.locator('.finance__amount').textContent()).toMatch(/^€1,234\.50$/)
    // The date typed as 31.1.2027 reached the server as that day.
    expect(await card.textContent()).toContain('Due date: 31 Jan 2027')
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width)
    await snap(page, 'finance-supplier-phone')
    expect(await violations(page)).toEqual([])
    await page.setViewportSize(DESKTOP)
    await snap(page, 'finance-supplier-desktop')
  })
})
