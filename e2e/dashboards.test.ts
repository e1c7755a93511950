import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, logIn, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 17 in a real browser: a board member rearranges the home dashboard with the keyboard
 * only and finds the same order after logging in from another browser; Escape puts a widget
 * back; reset returns the default. A resident on a phone finds "who do I call" on the dashboard,
 * the information page and their apartment; the board reads a building's service history.
 * axe (WCAG 2.1 AA) finds nothing on each new page.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 30_000, interval: 250 }

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
const order = (page: Page) =>
  page.$$eval('[data-widget]', (els) => els.map((e) => e.getAttribute('data-widget')))

describe.skipIf(!run)('dashboards in Chromium', () => {
  const demo = useDemoBrowsers()

  it('a board member rearranges widgets by keyboard and finds them the same after logging in from another browser', async () => {
    const board = await demo.signedIn('board@example.com', DESKTOP, 'en')
    await board.getByTestId('dashboard').waitFor()
    await expect
      .poll(() => board.getByTestId('dashboard-source').textContent(), WAIT)
      .toBe('The default layout')
    await expect.poll(async () => (await order(board)).length, WAIT).toBeGreaterThan(2)
    const before = await order(board)
    const [first, second, third] = before as string[]

    await board.getByRole('button', { name: 'Customise' }).click()
    const handle = board.getByRole('button', {
      name: new RegExp(`^Move .*, position 1 of ${before.length}$`),
    })
    await handle.focus()
    await board.keyboard.press('Space')
    await expect.poll(() => board.getByRole('status').filter({ hasText: 'picked up' }).count()).toBe(1)
    await board.keyboard.press('ArrowDown')
    await board.keyboard.press('ArrowDown')
    // Still held and focused while it moves; the live region says where it is.
    await expect
      .poll(() => board.evaluate(() => document.activeElement?.getAttribute('aria-pressed')))
      .toBe('true')
    await expect.poll(() => board.getByRole('status').filter({ hasText: 'position 3 of' }).count()).toBe(1)
    await board.keyboard.press('Space')
    const moved = [second, third, first, ...before.slice(3)]
    await expect.poll(() => order(board), WAIT).toEqual(moved)
    await expect.poll(() => board.getByTestId('dashboard-source').textContent(), WAIT).toBe('Your own layout')
    await snap(board, 'dashboard-board-editing-desktop')
    expect(await violations(board)).toEqual([])

    // Escape puts a picked-up widget back and saves nothing.
    await board.getByRole('button', { name: new RegExp(`^Move .*, position 1 of ${before.length}$`) }).focus()
    await board.keyboard.press('Enter')
    await board.keyboard.press('ArrowDown')
    await board.keyboard.press('Escape')
    await expect.poll(() => order(board), WAIT).toEqual(moved)

    // Another browser (a new context, a new session): the same order from the server.
    // Signed in without choosing a language: the English chosen in the first browser is the user's
    // own setting, so the page opens in English.
    const elsewhere = await demo.newPage(PHONE)
    await logIn(elsewhere, demo.server.baseUrl, 'board@example.com')
    await elsewhere.waitForURL((url) => url.pathname === '/')
    await elsewhere.waitForFunction(() => document.documentElement.lang === 'en')
    await elsewhere.getByTestId('dashboard').waitFor()
    await expect.poll(() => order(elsewhere), WAIT).toEqual(moved)
    await expect
      .poll(() => elsewhere.getByTestId('dashboard-source').textContent(), WAIT)
      .toBe('Your own layout')
    expect(await elsewhere.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await snap(elsewhere, 'dashboard-board-phone')
    expect(await violations(elsewhere)).toEqual([])

    // Reset to default brings the first order back.
    await elsewhere.getByRole('button', { name: 'Reset to default' }).click()
    await expect.poll(() => order(elsewhere), WAIT).toEqual(before)
    await expect
      .poll(() => elsewhere.getByTestId('dashboard-source').textContent(), WAIT)
      .toBe('The default layout')

    // The board reads building A's service history.
    const orgId = await demo.orgId(board)
    await board.goto(`${demo.server.baseUrl}/org/${orgId}/history`)
    await board.getByRole('heading', { name: 'Service history', level: 1 }).waitFor()
    await board.getByRole('link', { name: 'A', exact: true }).click()
    await board.getByRole('heading', { name: /^Service history: A$/ }).waitFor()
    await snap(board, 'history-building-desktop')
    expect(await violations(board)).toEqual([])
  })

  it('a resident on a phone: who to call on the dashboard, the information page and their apartment', async () => {
    const resident = await demo.signedIn('owner@example.com', PHONE, 'fi')
    await resident.getByTestId('dashboard').waitFor()
    const call = resident.getByRole('link', { name: /^Soita: Isännöitsijä/ })
    await expect.poll(() => call.count(), WAIT).toBe(1)
    expect(await call.getAttribute('href')).toBe('tel:+358401234567')
    // The announcements widget lists what the banner above it shows (it used to say "none").
    const news = resident.locator('[data-widget="announcements"]')
    await expect.poll(() => news.getByText(/Pihatalkoot/).count(), WAIT).toBe(1)
    await snap(resident, 'dashboard-owner-phone')
    expect(await violations(resident)).toEqual([])

    await resident.getByRole('link', { name: 'Kaikki yhteystiedot ja järjestyssäännöt' }).click()
    await resident.getByRole('heading', { name: 'Taloyhtiön tiedot', level: 1 }).waitFor()
    await resident.getByRole('heading', { name: 'Järjestyssäännöt' }).waitFor()
    const link = resident.getByRole('link', { name: /Jätteiden lajitteluohje/ })
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
    // Residents read, never edit.
    expect(await resident.getByRole('button', { name: 'Muokkaa tietoja' }).count()).toBe(0)
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await snap(resident, 'info-owner-phone')
    expect(await violations(resident)).toEqual([])

    const orgId = await demo.orgId(resident)
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/apartment`)
    await resident.getByRole('heading', { name: 'Asunto A 1', level: 1 }).waitFor()
    await resident.getByRole('heading', { name: 'Mittarit' }).waitFor()
    await expect
      .poll(() => resident.getByRole('link', { name: /Kylmä vesi/ }).count(), WAIT)
      .toBeGreaterThan(0)
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    )
    await snap(resident, 'apartment-owner-phone')
    expect(await violations(resident)).toEqual([])
  })
})
