import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkBothWidths } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 20, "bookings: the next free turn first", in a real browser: every space in the picker
 * says when it is next free (from its rules and its live calendar); the calendar has day, week
 * and month views, chosen and used by keyboard; booking the next free turn moves the line at
 * once, on another person's screen too. axe and no sideways scroll at 390 and 1280 px per view.
 */
const run = chromiumAvailable()
const SERVER_WRITE = 15_000

const helsinkiDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(d)
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

describe.skipIf(!run)('booking views in Chromium', () => {
  const demo = useDemoBrowsers()

  const nextFree = (page: Page) => page.getByRole('button', { name: /^Sauna/ }).locator('.next-free')

  it('next free per space, live; day, week and month views by keyboard', async () => {
    const resident = await demo.signedIn('resident@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(resident)
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/bookings`)
    await resident.locator('.live--on').waitFor()
    // Every space in the picker has its line once its calendar has synced.
    const chips = resident.locator('.picker .chip')
    await expect.poll(() => chips.count()).toBeGreaterThan(1)
    await expect
      .poll(() => resident.locator('.picker .next-free').count(), { timeout: SERVER_WRITE })
      .toBe(await chips.count())
    const line = nextFree(resident)
    await expect.poll(() => line.textContent()).toMatch(/^Seuraava vapaa: /)
    const first = (await line.getAttribute('data-first')) as string
    expect(first).toBeTruthy()

    // The owner watches the same picker on a desktop.
    const owner = await demo.signedIn('owner@example.com', DESKTOP, 'en')
    await owner.goto(`${demo.server.baseUrl}/org/${orgId}/bookings`)
    await expect.poll(() => nextFree(owner).getAttribute('data-first'), { timeout: SERVER_WRITE }).toBe(first)
    expect(await nextFree(owner).textContent()).toMatch(/^Next free: /)

    // The day view by keyboard: the view group's "Päivä", then the day of the next free turn.
    const views = resident.getByRole('group', { name: 'Näkymä' })
    await views.getByRole('button', { name: 'Päivä' }).focus()
    await resident.keyboard.press('Enter')
    await expect
      .poll(() => views.getByRole('button', { name: 'Päivä' }).getAttribute('aria-pressed'))
      .toBe('true')
    await resident.waitForURL(/view=day/)
    const firstDate = helsinkiDate(new Date(first))
    // Step forward by keyboard to the turn's day (today or within two weeks).
    const today = helsinkiDate(new Date())
    for (let date = today; date < firstDate; ) {
      date = addDays(date, 1)
      await resident.getByRole('button', { name: 'Seuraava päivä' }).focus()
      await resident.keyboard.press('Enter')
      await resident.waitForURL(new RegExp(`week=${date}`))
    }
    const turn = resident.locator(`.slot[data-start="${first}"]`)
    await expect.poll(() => turn.getAttribute('class'), { timeout: SERVER_WRITE }).toContain('slot--free')
    await checkBothWidths(resident, 'bookings-day')
    await resident.setViewportSize(PHONE)
    await turn.focus()
    await resident.keyboard.press('Enter')
    await resident.getByRole('dialog').getByRole('button', { name: 'Varaa', exact: true }).click()
    await expect
      .poll(() => resident.getByRole('status').filter({ hasText: 'Varattu: Sauna' }).count(), {
        timeout: SERVER_WRITE,
      })
      .toBe(1)
    // The line moves on at once, here and on the owner's screen (the live calendar).
    await expect.poll(() => line.getAttribute('data-first'), { timeout: SERVER_WRITE }).not.toBe(first)
    await expect.poll(() => nextFree(owner).getAttribute('data-first'), { timeout: 5_000 }).not.toBe(first)
    await snap(owner, 'bookings-next-free-desktop')

    // The week view, then the month: a table of days; a day with free times opens that day.
    await views.getByRole('button', { name: 'Viikko' }).click()
    await resident.waitForURL(/view=week/)
    await resident.locator('.week__days').waitFor()
    await checkBothWidths(resident, 'bookings-week')
    await resident.setViewportSize(PHONE)
    await views.getByRole('button', { name: 'Kuukausi' }).focus()
    await resident.keyboard.press('Enter')
    await resident.waitForURL(/view=month/)
    const table = resident.getByRole('table', { name: /^Varaustilanne, / })
    await table.waitFor()
    const freeDay = table.locator('.month__cell--free button').first()
    await expect.poll(() => freeDay.count(), { timeout: SERVER_WRITE }).toBe(1)
    // Its name is what it shows, with the month and weekday for screen readers: "8. joulukuuta, tiistai, 6 vapaana".
    expect(await freeDay.textContent()).toMatch(/^\d+\. [a-zä]+, [a-z]+, \d+ vapaana$/)
    // Past days are not tab stops: the first button in the table is today or later.
    const todayIso = helsinkiDate(new Date())
    const firstButton = await table.locator('button').first().getAttribute('data-date')
    expect((firstButton ?? '') >= todayIso).toBe(true)
    await checkBothWidths(resident, 'bookings-month')
    await resident.setViewportSize(PHONE)
    // Into the next month and back, then open a free day.
    const heading = resident.locator('#month-heading')
    const thisMonth = await heading.textContent()
    await resident.getByRole('button', { name: 'Seuraava kuukausi' }).click()
    await expect.poll(() => resident.url()).toMatch(/week=\d{4}-\d{2}-01/)
    await expect.poll(() => heading.textContent()).not.toBe(thisMonth)
    await resident.getByRole('button', { name: 'Edellinen kuukausi' }).click()
    await expect.poll(() => heading.textContent()).toBe(thisMonth)
    await expect.poll(() => freeDay.count(), { timeout: SERVER_WRITE }).toBe(1)
    const date = (await freeDay.getAttribute('data-date')) as string
    await freeDay.focus()
    await resident.keyboard.press('Enter')
    await resident.waitForURL(new RegExp(`view=day.*week=${date}|week=${date}.*view=day`))
    await expect.poll(() => resident.locator('.week--day .day').count()).toBe(1)
    await snap(resident, 'bookings-month-to-day-phone')
    // Two people, three views at two widths with axe each: more than the default two minutes on
    // the loaded machine.
  }, 300_000)
})
