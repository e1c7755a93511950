import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkBothWidths } from './support/axe.ts'
import {
  chromiumAvailable,
  DESKTOP,
  downloadedBytes,
  logInEnrollingTotp,
  useLanguage,
} from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 18's staff pages in Chromium: the demo property manager changes how long meter readings
 * are kept, runs the dry run and sees what it would remove, then finds the change described in
 * Finnish in the cooperative's activity history (filtered by date, downloaded as CSV). A board
 * member sees the settings read-only with the dry run; a resident gets neither menu entry and the
 * route's "no access" state. axe-core finds nothing against WCAG 2.1 AA at 390 and 1280 px.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 20_000, interval: 200 }
const sidenav = (page: Page) => page.locator('nav.sidenav')
const finnishDate = (d: Date) => `${d.getUTCDate()}.${d.getUTCMonth() + 1}.${d.getUTCFullYear()}`

describe.skipIf(!run)('retention and activity history in Chromium', () => {
  const demo = useDemoBrowsers()

  it('a property manager keeps readings for a year, dry-runs it and finds the change in the history', async () => {
    const page = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(page, demo.server.baseUrl, 'manager@example.com')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}`)
    await sidenav(page).getByRole('link', { name: 'Retention', exact: true }).click()
    await page.waitForURL(/\/retention$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT)
      .toBe('Retention · As Oy Koivukuja')

    // Keep readings for a year (the demo has two years of them), then save.
    const readings = page.getByLabel('Meter readings (days)')
    await readings.fill('365')
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/retention') && r.request().method() === 'PUT'),
      page.getByRole('button', { name: 'Save retention' }).click(),
    ])
    expect(`${saved.status()} ${await saved.text()}`).toMatch(/^200 .*"readingsDays":365/)
    await expect.poll(() => page.getByText('Retention saved.').count(), WAIT).toBe(1)

    // A value the API refuses is explained at the field, in the user's language.
    await page.getByLabel('Closed cases (days)').fill('3')
    await page.getByRole('button', { name: 'Save retention' }).click()
    await expect
      .poll(() => page.locator('.field--invalid .field__error').textContent(), WAIT)
      .toBe('Use a value of at least 30.')
    await page.getByLabel('Closed cases (days)').fill('')

    // The dry run counts what the saved settings would remove, and removes nothing.
    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/retention/dry-run')),
      page.getByRole('button', { name: 'Run a dry run' }).click(),
    ])
    const { report } = (await dry.json()) as {
      report: { counts: { closedCases: number; messages: number; readings: number } }
    }
    expect(report.counts.readings).toBeGreaterThan(0)
    const shown = page.getByTestId('retention-report')
    await expect.poll(() => shown.textContent(), WAIT).toContain('Meter readings to remove')
    const text = (await shown.textContent()) ?? ''
    expect(text).toContain(`Meter readings to remove${report.counts.readings.toLocaleString('en-GB')}`)
    expect(text).toContain(`Closed cases to remove${report.counts.closedCases}`)
    expect(text).toContain('kept for good')
    await checkBothWidths(page, 'retention')

    // The history, in Finnish: the change and the dry run, described, with who did them.
    await useLanguage(page, 'fi')
    await sidenav(page).getByRole('link', { name: 'Toimintahistoria' }).click()
    await page.waitForURL(/\/activity$/)
    const changed = page.getByRole('row').filter({ hasText: 'Muutti tietojen säilytysaikoja' })
    await expect.poll(() => changed.count(), WAIT).toBe(1)
    expect(await changed.textContent()).toContain('Iiro Isännöitsijä')
    await expect
      .poll(() =>
        page.getByRole('row').filter({ hasText: 'Tarkisti, mitä säilytysajat poistaisivat' }).count(),
      )
      .toBe(1)
    await checkBothWidths(page, 'activity')

    // From the day after tomorrow: nothing; from today: the change again.
    const from = page.getByLabel('Alkaen', { exact: true })
    await from.fill(finnishDate(new Date(Date.now() + 2 * 86_400_000)))
    await from.press('Tab')
    await expect.poll(() => page.getByText('Ei toimintaa.').count(), WAIT).toBe(1)
    await from.fill(finnishDate(new Date()))
    await from.press('Tab')
    await expect.poll(() => changed.count(), WAIT).toBe(1)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Lataa CSV' }).click(),
    ])
    const csv = (await downloadedBytes(download)).toString('utf8')
    expect(csv.split('\n')[0]).toBe('at,actor,description,action')
    expect(csv).toContain('Muutti tietojen säilytysaikoja')
  })

  it('a board member reads retention and may dry-run; a resident gets neither page', async () => {
    const board = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(board)
    await board.goto(`${demo.server.baseUrl}/org/${orgId}`)
    await sidenav(board).getByRole('link', { name: 'Retention', exact: true }).click()
    await expect.poll(() => board.getByText('Meter readings (days)').count(), WAIT).toBe(1)
    expect(await board.locator('main').getByRole('textbox').count()).toBe(0)
    expect(await board.getByRole('button', { name: 'Save retention' }).count()).toBe(0)
    await board.getByRole('button', { name: 'Run a dry run' }).click()
    await expect.poll(() => board.getByTestId('retention-report').count(), WAIT).toBe(1)
    expect(await sidenav(board).getByRole('link', { name: 'Activity history', exact: true }).count()).toBe(0)

    const resident = await demo.signedIn('resident@example.com', DESKTOP, 'en')
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}`)
    // The organisation's menu is there (its overview link), without the two staff pages.
    await expect.poll(() => sidenav(resident).getByRole('link', { name: 'Overview' }).count(), WAIT).toBe(1)
    expect(await sidenav(resident).getByRole('link', { name: 'Retention', exact: true }).count()).toBe(0)
    expect(await sidenav(resident).getByRole('link', { name: 'Activity history', exact: true }).count()).toBe(
      0,
    )
    for (const path of ['retention', 'activity']) {
      await resident.goto(`${demo.server.baseUrl}/org/${orgId}/${path}`)
      await expect
        .poll(() => resident.getByRole('heading', { level: 1 }).textContent(), WAIT)
        .toBe('No access')
      expect(await resident.getByRole('table').count()).toBe(0)
    }
    await checkBothWidths(resident, 'activity-forbidden')
  })
})
