import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Bookings in a real browser: a resident (desktop, English) and an owner (phone, Finnish) of the
 * demo cooperative watch the sauna's week. The owner has opened a free slot; the resident books
 * it; the owner sees it taken without a reload, and confirming anyway shows why it was refused
 * with the nearest free times, one of which books in one more tap.
 */
const run = chromiumAvailable()
/** A write through the API on a loaded 2-core machine can take seconds (poll's default is 1 s). */
const SERVER_WRITE = 15_000

describe.skipIf(!run)('bookings in Chromium', () => {
  const demo = useDemoBrowsers()
  const signedIn = demo.signedIn

  const slot = (page: Page, start: string) => page.locator(`.slot[data-start="${start}"]`)

  it('one books the sauna, the other sees it taken at once and is told why when trying it', async () => {
    const resident = await signedIn('resident@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(resident)
    await resident
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Bookings' })
      .click()
    await resident.waitForURL(new RegExp(`/org/${orgId}/bookings`))
    // The sauna is the first space; its calendar document is live.
    await expect.poll(() => resident.getByRole('button', { name: 'Sauna', pressed: true }).count()).toBe(1)
    await resident.locator('.live--on').waitFor()
    // Next week is entirely bookable (no past cells), whatever day the test runs.
    const thisWeek = await resident.locator('.week__heading').textContent()
    await resident.getByRole('button', { name: 'Next week' }).click()
    await resident.waitForURL(/week=/)
    await expect.poll(() => resident.locator('.week__heading').textContent()).not.toBe(thisWeek)
    const weekUrl = resident.url()
    const free = resident.locator('button.slot--free').first()
    await free.waitFor()
    const start = (await free.getAttribute('data-start')) as string

    const owner = await signedIn('owner@example.com', PHONE, 'fi')
    await owner.goto(weekUrl)
    await owner.locator('.live--on').waitFor()
    await expect.poll(() => slot(owner, start).getAttribute('class')).toContain('slot--free')
    // The owner's first tap: the confirmation opens, and they hesitate.
    await slot(owner, start).click()
    await owner.getByRole('dialog').waitFor()

    // The resident books the same slot in two taps.
    await slot(resident, start).click()
    await resident.getByRole('dialog').getByRole('button', { name: 'Book' }).click()
    await expect
      .poll(() => resident.getByRole('status').filter({ hasText: 'Booked: Sauna' }).count(), {
        timeout: SERVER_WRITE,
      })
      .toBe(1)
    await expect
      .poll(() => slot(resident, start).getAttribute('class'), { timeout: SERVER_WRITE })
      .toContain('slot--mine')
    expect(await resident.locator('.mine__list').textContent()).toContain('Sauna')
    await snap(resident, 'bookings-desktop-booked')

    // Without a reload, the owner's week shows it taken (behind the open dialog).
    await expect
      .poll(() => slot(owner, start).getAttribute('class'), { timeout: 5000 })
      .toContain('slot--taken')
    // Confirming anyway: refused with the reason, in Finnish, and the nearest free times.
    await owner.getByRole('dialog').getByRole('button', { name: 'Varaa', exact: true }).click()
    const dialog = owner.getByRole('dialog')
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: SERVER_WRITE })
      .toContain('Joku varasi juuri tämän ajan.')
    const alternatives = dialog.locator('.alternatives button')
    await expect.poll(() => alternatives.count(), { timeout: SERVER_WRITE }).toBeGreaterThan(0)
    await snap(owner, 'bookings-phone-refused')

    // One alternative, then confirm: booked.
    await alternatives.first().click()
    await dialog.getByRole('button', { name: 'Varaa', exact: true }).click()
    await expect
      .poll(() => owner.getByRole('status').filter({ hasText: 'Varattu: Sauna' }).count(), {
        timeout: SERVER_WRITE,
      })
      .toBe(1)
    await expect.poll(() => owner.locator('button.slot--mine').count(), { timeout: SERVER_WRITE }).toBe(1)
    // Both bookings show taken on the resident's screen: theirs as theirs, the owner's as booked.
    await expect
      .poll(() => resident.locator('button.slot--taken').count(), { timeout: SERVER_WRITE })
      .toBeGreaterThan(0)
    await snap(owner, 'bookings-phone-week')

    // A taken slot does not open the booking dialog.
    expect(await slot(owner, start).getAttribute('aria-disabled')).toBe('true')
    await slot(owner, start).click({ force: true })
    expect(await owner.getByRole('dialog').isVisible()).toBe(false)
  })
  /** Helsinki wall-clock times of the week's cells, e.g. ["16:00", …]. */
  const cellClocks = async (page: Page) => {
    const starts = await page
      .locator('.slot[data-start]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-start') ?? ''))
    const clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      hour: '2-digit',
      minute: '2-digit',
    })
    return new Set(starts.map((s) => clock.format(new Date(s))))
  }

  it('a manager moves the sauna closing past midnight in the editor; a resident sees the new late slots', async () => {
    // The resident looks at next week's sauna first: evenings 16–22, nothing after.
    // The header's language menu is on the desktop layout; then the phone.
    const resident = await signedIn('resident@example.com', DESKTOP, 'en')
    await resident.setViewportSize(PHONE)
    const orgId = await demo.orgId(resident)
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/bookings`)
    await resident.getByRole('button', { name: 'Next week' }).click()
    await resident.waitForURL(/week=/)
    await resident.locator('.slot[data-start]').first().waitFor()
    expect(await cellClocks(resident)).not.toContain('23:00')

    // The manager signs in (TOTP enrolment) and opens the sauna's rules.
    const manager = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(manager, demo.server.baseUrl, 'manager@example.com')
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/bookings`)
    await manager.getByRole('button', { name: 'Edit Sauna and its rules' }).click()
    const title = manager.getByRole('heading', { name: 'Edit Sauna' })
    await title.waitFor()
    // Focus moved into the editor; the keyboard takes it from there.
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true)
    // The app's time field in Finnish format (not the browser's, in its locale): typed, Tab commits.
    const closes = manager.getByLabel('Monday: closes')
    expect(await closes.inputValue()).toBe('22.00')
    await closes.fill('1.00')
    await closes.press('Tab')
    await manager.getByText('ends the next day').first().waitFor()
    await manager.getByRole('button', { name: 'Copy Monday to every day' }).click()
    await expect.poll(() => manager.getByLabel('Sunday: closes').inputValue()).toBe('01.00')
    await snap(manager, 'bookings-staff-editor-desktop')
    await manager.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(() => manager.getByRole('status').filter({ hasText: 'Saved.' }).count(), {
        timeout: SERVER_WRITE,
      })
      .toBe(1)
    await manager.setViewportSize(PHONE)
    await title.scrollIntoViewIfNeeded()
    await snap(manager, 'bookings-staff-editor-phone')

    // The resident's next look shows 22:00, 23:00 and the hour after midnight.
    await resident.reload()
    await resident.locator('.slot[data-start]').first().waitFor()
    await expect
      .poll(
        async () =>
          [...(await cellClocks(resident))].filter((c) => ['22:00', '23:00', '00:00'].includes(c)).length,
        { timeout: SERVER_WRITE },
      )
      .toBe(3)
    await snap(resident, 'bookings-phone-after-staff-edit')
  })
})
