import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pageWidth, violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 16's events in a real browser: the manager creates "Annual general meeting" for the
 * owners of building B (with a place limit); the owner in B opens it on a phone, answers
 * "Tulen" (coming), sees the count move, and writes in the event's thread, which the manager
 * sees live (the manager attaches the notice as a PDF, which B opens and A cannot); the manager then moves it (new day and place) by keyboard, and the owner in B keeps
 * their answer, sees the new place and gets the change in their messages and a newer ICS; the owner
 * in A cannot open it.
 */
const run = chromiumAvailable()

async function noticePdf(): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib')
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  doc.addPage().drawText('Notice of the annual general meeting', { x: 60, y: 760, size: 18, font })
  return Buffer.from(await doc.save())
}
const WAIT = { timeout: 30_000, interval: 250 }

/**
 * A start or end a number of days ahead at a wall-clock hour (Helsinki time), typed as a person
 * does into the form's own fields: the date in Finnish format, the time as 18.00.
 */
async function when(page: Page, legend: string, days: number, hour: number): Promise<void> {
  const d = new Date(Date.now() + days * 86_400_000)
  const group = page.getByRole('group', { name: legend })
  await group
    .getByLabel('Date', { exact: true })
    .fill(`${d.getUTCDate()}.${d.getUTCMonth() + 1}.${d.getUTCFullYear()}`)
  await group.getByLabel('Time', { exact: true }).fill(`${hour}.00`)
  // Leaving the field commits it (as Tab does).
  await group.getByLabel('Time', { exact: true }).press('Tab')
}

describe.skipIf(!run)('events in Chromium', () => {
  const demo = useDemoBrowsers()

  it('the manager invites owners of B; the owner in B answers on a phone and writes in the thread; A cannot see it', async () => {
    const ownerB = await demo.signedIn('owner.b@example.com', PHONE, 'fi')
    const ownerA = await demo.signedIn('owner@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(ownerB)

    const manager = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(manager, demo.server.baseUrl, 'manager@example.com')
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/events/new`)
    await manager.getByLabel('Title').fill('Annual general meeting')
    await manager.getByLabel('Description').fill('The notice is in the documents.')
    await manager.getByLabel('Place', { exact: true }).fill('Club room, building A')
    await when(manager, 'Starts (Finnish time)', 3, 18)
    await when(manager, 'Ends (Finnish time)', 3, 20)
    await manager.getByLabel('Places (optional)').fill('10')
    await manager.getByRole('checkbox', { name: 'Owner', exact: true }).check()
    await manager.getByRole('checkbox', { name: 'B', exact: true }).check()
    await snap(manager, 'events-new-desktop')
    expect(await violations(manager)).toEqual([])
    await manager.getByRole('button', { name: 'Create event' }).click()
    await manager.waitForURL(/\/events\/[0-9a-f-]{36}$/)
    const url = new URL(manager.url()).pathname
    await manager.getByRole('heading', { name: 'Annual general meeting', level: 1 }).waitFor()
    // Wall-clock 18:00 in Helsinki, whatever the season.
    await expect.poll(() => manager.locator('.event-facts time').textContent(), WAIT).toMatch(/18:00–20:00/)
    // The notice among the event's documents, attached by keyboard (the labelled input, Space).
    const [chooser] = await Promise.all([
      manager.waitForEvent('filechooser'),
      manager.getByLabel('Add a file').press('Space'),
    ])
    await chooser.setFiles({ name: 'agm-notice.pdf', mimeType: 'application/pdf', buffer: await noticePdf() })
    const noticeLink = manager.getByRole('link', { name: 'agm-notice.pdf' })
    await expect.poll(() => noticeLink.count(), WAIT).toBeGreaterThan(0)
    const noticeUrl = (await noticeLink.first().getAttribute('href')) ?? ''

    // Owner B: the event is on the home page and opens on the phone.
    await ownerB.goto(`${demo.server.baseUrl}/`)
    await ownerB.getByRole('heading', { name: 'Tulevat tapahtumani' }).waitFor()
    await ownerB.getByRole('link', { name: 'Annual general meeting' }).click()
    await ownerB.waitForURL(new RegExp(`${url}$`))
    const coming = ownerB.getByRole('button', { name: 'Tulen', exact: true })
    await coming.waitFor()
    // The invitee opens the notice.
    await ownerB.getByRole('link', { name: 'agm-notice.pdf' }).first().waitFor()
    expect(await ownerB.evaluate(async (u) => (await fetch(u)).status, noticeUrl)).toBe(200)
    expect(await coming.getAttribute('aria-pressed')).toBe('false')
    await coming.click()
    await expect.poll(() => coming.getAttribute('aria-pressed'), WAIT).toBe('true')
    await expect.poll(() => ownerB.getByTestId('event-counts').textContent(), WAIT).toMatch(/Tulossa 1/)
    await expect.poll(() => ownerB.getByTestId('event-counts').textContent(), WAIT).toMatch(/1 \/ 10/)
    // The event's thread: written on the phone, seen live by the manager.
    const composer = ownerB.getByRole('textbox', { name: 'Viesti', exact: true })
    await composer.fill('Tulen, tuon kahvit.')
    await composer.press('Enter')
    await expect.poll(() => manager.getByRole('log').textContent(), WAIT).toContain('Tulen, tuon kahvit.')
    await snap(ownerB, 'events-rsvp-phone')
    expect(await pageWidth(ownerB)).toBeLessThanOrEqual(PHONE.width)
    expect(await violations(ownerB)).toEqual([])
    // The manager sees who answered.
    await manager.reload()
    await expect
      .poll(() => manager.getByRole('region', { name: 'Answers' }).textContent(), WAIT)
      .toContain('Coming')

    // The manager moves it a day later to the sauna, by keyboard; the owner keeps their answer.
    await manager.getByRole('link', { name: 'Edit event' }).focus()
    await manager.keyboard.press('Enter')
    await manager.waitForURL(new RegExp(`${url}/edit$`))
    const placeField = manager.getByLabel('Place', { exact: true })
    await expect.poll(() => placeField.inputValue(), WAIT).toBe('Club room, building A')
    await placeField.fill('Sauna, building B')
    await when(manager, 'Starts (Finnish time)', 4, 18)
    await when(manager, 'Ends (Finnish time)', 4, 20)
    expect(await violations(manager)).toEqual([])
    await manager.getByRole('button', { name: 'Save changes' }).focus()
    // What the form sent and what the server changed: a clean-clone run once showed the old place
    // after saving, and the page alone cannot tell which side dropped it.
    const saved = manager.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().endsWith(url.replace(/^\/org\/[^/]+/, '/api')),
    )
    await manager.keyboard.press('Enter')
    const response = await saved
    expect(response.request().postDataJSON()).toMatchObject({ place: 'Sauna, building B' })
    expect(response.status()).toBe(200)
    expect((await response.json()).changed).toEqual(expect.arrayContaining(['place', 'time']))
    await manager.waitForURL(new RegExp(`${url}$`))
    // What the page shows, whatever it is (a failure prints it: twice on CI the facts never showed
    // the new place, with the PATCH above saved).
    await expect
      .poll(() => manager.evaluate(() => document.querySelector('main')?.textContent ?? '(no main)'), WAIT)
      .toContain('Sauna, building B')
    await ownerB.reload()
    await expect.poll(() => ownerB.locator('.event-facts').textContent(), WAIT).toContain('Sauna, building B')
    await expect
      .poll(
        () => ownerB.getByRole('button', { name: 'Tulen', exact: true }).getAttribute('aria-pressed'),
        WAIT,
      )
      .toBe('true')
    const changed = async () =>
      (
        (await ownerB.evaluate(async () => (await fetch('/api/communications/mine')).json())) as {
          messages: Array<{ subject: string }>
        }
      ).messages.map((m) => m.subject)
    await expect.poll(changed, WAIT).toContain('Muutos: Annual general meeting')
    const ics = await ownerB.evaluate(
      async (u) => (await fetch(`/api/events/${u}/event.ics`)).text(),
      url.split('/').at(-1),
    )
    expect(ics).toContain('SEQUENCE:1')
    expect(ics).toContain('LOCATION:Sauna\\, building B')

    // Owner A: not on home, and the page says it does not exist.
    await ownerA.goto(`${demo.server.baseUrl}${url}`)
    await expect.poll(() => ownerA.getByRole('alert').count(), WAIT).toBeGreaterThan(0)
    expect(await ownerA.getByText('Annual general meeting').count()).toBe(0)
    const mineA = (await ownerA.evaluate(async () => (await fetch('/api/events/mine')).json())) as {
      events: Array<{ title: string }>
    }
    expect(mineA.events.map((e) => e.title)).not.toContain('Annual general meeting')
    // Nor its notice, by the same link.
    expect(await ownerA.evaluate(async (u) => (await fetch(u)).status, noticeUrl)).toBe(404)

    // The month calendar: chosen by keyboard (arrow keys in the tab list); the event, moved four
    // days ahead, may be in next month. On the phone the month reads as a list of days with events.
    const helsinkiMonth = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', month: 'numeric' }).format(d)
    const nextMonth = helsinkiMonth(new Date()) !== helsinkiMonth(new Date(Date.now() + 4 * 86_400_000))
    const calendarOf = async (page: Page, list: string, next: string) => {
      await page.goto(`${demo.server.baseUrl}/org/${orgId}/events`)
      const listTab = page.getByRole('tab', { name: list })
      await listTab.waitFor()
      await listTab.focus()
      await page.keyboard.press('ArrowRight')
      // The month's title (on a phone a month without events has no visible grid).
      await page.locator('.event-calendar__title').waitFor()
      if (nextMonth) await page.getByRole('button', { name: next }).click()
      // This event's own link (the demo has meetings of its own).
      return page.locator(`.event-calendar a[href="${url}"]`)
    }
    const inB = await calendarOf(ownerB, 'Lista', 'Seuraava kuukausi')
    await expect.poll(() => inB.count(), WAIT).toBe(1)
    expect(await inB.isVisible()).toBe(true)
    await snap(ownerB, 'events-calendar-phone')
    expect(await pageWidth(ownerB)).toBeLessThanOrEqual(PHONE.width)
    expect(await violations(ownerB)).toEqual([])
    const inManager = await calendarOf(manager, 'List', 'Next month')
    await expect.poll(() => inManager.count(), WAIT).toBe(1)
    await snap(manager, 'events-calendar-desktop')
    expect(await violations(manager)).toEqual([])
    const inA = await calendarOf(ownerA, 'Lista', 'Seuraava kuukausi')
    expect(await inA.count()).toBe(0)
  })
})
