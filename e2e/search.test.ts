import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * The advanced search page in a real browser, on the demo's task board: a board member finds
 * the delegated card from the header box, opens "All results", narrows by type with the
 * keyboard; the plumbing contractor finds the same card (delegated to their company); a
 * resident finds nothing of the board-only board. Desktop and phone screenshots.
 */
const run = chromiumAvailable()
// "Eventually", as in the other e2e files: the results page's first answer took over 10 s once on
// a machine at load 10 (it passes in 5 s alone).
const WAIT = { timeout: 30_000, interval: 250 }

describe.skipIf(!run)('advanced search in Chromium', () => {
  const demo = useDemoBrowsers()

  const openAdvanced = async (page: Page, text: string) => {
    await page.keyboard.press('Control+k')
    const box = page.getByRole('combobox', { name: 'Search' })
    await box.fill(text)
    await expect.poll(() => page.getByRole('option').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByRole('link', { name: 'All results and advanced search' }).click()
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === text)
  }

  it('finds a delegated card, filters by type, and hides the board from residents', async () => {
    const board = await demo.signedIn('board@example.com', DESKTOP, 'en')
    await openAdvanced(board, 'putki')
    // What the page says if the group never comes (once on CI at full load: no group in 30 s, and
    // nothing else known): its status line (searching, failed, nothing found) and its groups.
    const seen = async () => {
      const groups = await board.locator('.search-page__group h2').allTextContents()
      const status = (await board.locator('.search-page__status').textContent())?.trim()
      return groups.includes('Tasks (1)')
        ? 'Tasks (1)'
        : `groups ${JSON.stringify(groups)}; status "${status}"`
    }
    await expect.poll(seen, WAIT).toBe('Tasks (1)')
    await expect
      .poll(() => board.locator('.search-page__item a').allTextContents())
      .toContain('Linjasaneerauksen putkikartoitus')
    expect(await board.locator('.search-page__item mark').first().textContent()).toMatch(/putki/i)
    // Keyboard: tick "Tasks" among the types; the URL keeps the filter.
    await board.getByRole('checkbox', { name: 'Tasks' }).focus()
    await board.keyboard.press('Space')
    await board.waitForURL((url) => url.searchParams.get('types') === 'task')
    await expect
      .poll(() => board.locator('.search-page__group h2').allTextContents(), WAIT)
      .toEqual(['Tasks (1)'])
    // The date filter in the app's own field, typed in Finnish format: changed from tomorrow on,
    // nothing; the URL keeps the ISO date. Emptied, the card is back.
    const tomorrow = new Date(Date.now() + 86_400_000)
    const changedFrom = board.getByLabel('Changed from', { exact: true })
    await changedFrom.fill(`${tomorrow.getDate()}.${tomorrow.getMonth() + 1}.${tomorrow.getFullYear()}`)
    await changedFrom.press('Tab')
    await board.waitForURL((url) => /^\d{4}-\d{2}-\d{2}$/.test(url.searchParams.get('from') ?? ''))
    await expect.poll(() => board.locator('.search-page__group h2').count(), WAIT).toBe(0)
    await changedFrom.fill('')
    await changedFrom.press('Tab')
    await board.waitForURL((url) => !url.searchParams.has('from'))
    await expect
      .poll(() => board.locator('.search-page__group h2').allTextContents(), WAIT)
      .toEqual(['Tasks (1)'])
    await snap(board, 'search-advanced-desktop')
    await board.setViewportSize(PHONE)
    await snap(board, 'search-advanced-phone')
    const width = await board.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(PHONE.width)

    const contractor = await demo.signedIn('contractor@example.com', DESKTOP, 'en')
    await contractor.goto(`${demo.server.baseUrl}/search?q=putki`)
    await expect
      .poll(() => contractor.locator('.search-page__item a').allTextContents(), { timeout: 15_000 })
      .toContain('Linjasaneerauksen putkikartoitus')

    const resident = await demo.signedIn('resident@example.com', DESKTOP, 'en')
    await resident.goto(`${demo.server.baseUrl}/search?q=putki`)
    await expect
      .poll(() => resident.locator('.search-page__status').textContent(), { timeout: 15_000 })
      .toMatch(/Nothing found|Results shown/)
    expect(await resident.locator('.search-page__item a').allTextContents()).not.toContain(
      'Linjasaneerauksen putkikartoitus',
    )
  })
})
