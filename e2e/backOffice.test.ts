import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkBothWidths, violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 18's back-office pages in Chromium. The demo property manager refuses a member's erasure
 * request with a reason (the member finds it in their notifications and on My data), then
 * confirms the next one (the member is signed out); edits the
 * cooperative's details and one apartment, adds a staircase, removes it, undoes that and removes
 * it again, and is told on the page why an apartment with members cannot be removed. A platform admin creates a management
 * company and hands the cooperative over to it: the old company's manager loses it. A resident
 * gets no menu entry and "No access". axe-core finds nothing against WCAG 2.1 AA at 390 and 1280 px.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 20_000, interval: 200 }
const sidenav = (page: Page) => page.locator('nav.sidenav')
const toastText = (page: Page) => page.locator('.toast__message').allTextContents()
const askErasure = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/gdpr/erasure', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    return res.status
  })

/** Generous: the shared CI machine runs several browsers at once. */
const LONG = 300_000

describe.skipIf(!run)('back office in Chromium', () => {
  const demo = useDemoBrowsers()
  // The demo manager enrols TOTP once per server: later tests reuse the signed-in page.
  let managerPage: Page | undefined
  async function manager(): Promise<Page> {
    if (managerPage) return managerPage
    const page = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(page, demo.server.baseUrl, 'manager@example.com')
    managerPage = page
    return page
  }

  it(
    'a property manager refuses an erasure request with a reason, then confirms the next',
    async () => {
      const member = await demo.signedIn('owner.rep@example.com', DESKTOP, 'en')
      expect(await askErasure(member)).toBe(201)

      const page = await manager()
      const orgId = await demo.orgId(page)
      await page.goto(`${demo.server.baseUrl}/org/${orgId}`)
      // The organisation's administration sits right after Members and Audit log.
      await expect
        .poll(() => sidenav(page).getByRole('link', { name: 'Settings', exact: true }).count(), WAIT)
        .toBe(1)
      const links = (await sidenav(page).getByRole('link').allTextContents()).map((l) => l.trim())
      const at = (name: string) => links.indexOf(name)
      expect(at('Audit log')).toBeGreaterThan(at('Members'))
      expect(
        [at('Erasure requests'), at('Settings'), at('Retention'), at('Activity history')].sort(),
      ).toEqual([1, 2, 3, 4].map((i) => at('Audit log') + i))

      await sidenav(page).getByRole('link', { name: 'Erasure requests', exact: true }).click()
      await page.waitForURL(/\/erasure-requests$/)
      const row = page.getByRole('row').filter({ hasText: 'Outi Edustaja' })
      await expect.poll(() => row.count(), WAIT).toBe(1)
      await checkBothWidths(page, 'erasure-requests')

      // Refusing needs a reason; Escape cancels; then refused with one.
      await row.getByRole('button', { name: 'Refuse the erasure of Outi Edustaja' }).click()
      const dialog = page.getByRole('dialog')
      await expect
        .poll(() => dialog.getByRole('heading').textContent(), WAIT)
        .toBe('Refuse the erasure of Outi Edustaja?')
      expect(await violations(page)).toEqual([])
      await dialog.getByRole('button', { name: 'Refuse' }).click()
      await expect
        .poll(() => dialog.locator('.field__error').textContent(), WAIT)
        .toBe('Give a reason of at least 3 characters.')
      await page.keyboard.press('Escape')
      await expect.poll(() => dialog.isVisible(), WAIT).toBe(false)
      await row.getByRole('button', { name: 'Refuse the erasure of Outi Edustaja' }).click()
      await dialog.getByLabel('Reason for refusing').fill('A dispute about apartment A 2 is pending.')
      await dialog.getByRole('button', { name: 'Refuse' }).click()
      await expect
        .poll(() => toastText(page), WAIT)
        .toContain('The erasure request of Outi Edustaja was refused.')
      await expect.poll(() => page.getByText('No erasure requests are waiting.').count(), WAIT).toBe(1)

      // The member is told: a notification in the cooperative, and My data shows the refusal
      // with the reason above the form to ask again.
      await member.goto(`${demo.server.baseUrl}/org/${orgId}/notifications`)
      await expect
        .poll(
          () =>
            member
              .getByText('refused your erasure request: A dispute about apartment A 2 is pending.')
              .count(),
          WAIT,
        )
        .toBe(1)
      await member.goto(`${demo.server.baseUrl}/profile/data`)
      const refusal = member.getByRole('region', { name: 'Your erasure request was refused' })
      await expect
        .poll(() => refusal.textContent(), WAIT)
        .toContain('Reason: A dispute about apartment A 2 is pending.')
      expect(await refusal.textContent()).toContain('You may ask again')
      expect(await member.getByRole('button', { name: 'Ask for erasure' }).count()).toBe(1)
      expect(await violations(member)).toEqual([])

      // Asked again and confirmed: erased, and the member is signed out.
      expect(await askErasure(member)).toBe(201)
      await page.reload()
      await row.getByRole('button', { name: 'Confirm erasure: Outi Edustaja' }).click()
      await dialog.getByRole('button', { name: 'Confirm erasure' }).click()
      await expect.poll(() => toastText(page), WAIT).toContain('The data of Outi Edustaja was erased.')
      expect(await member.evaluate(async () => (await fetch('/api/me')).status)).toBe(401)
    },
    LONG,
  )

  it(
    'a property manager edits the details and the structure one item at a time',
    async () => {
      const page = await manager()
      const orgId = await demo.orgId(page)
      const dialog = page.getByRole('dialog')
      await page.goto(`${demo.server.baseUrl}/org/${orgId}`)
      await sidenav(page).getByRole('link', { name: 'Settings', exact: true }).click()
      await page.waitForURL(/\/settings$/)
      await page.getByLabel('Address', { exact: true }).fill('Koivukuja 1–3, 00100 Helsinki')
      const [patched] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith(`/api/orgs/${orgId}`) && r.request().method() === 'PATCH',
        ),
        page.getByRole('button', { name: 'Save details' }).click(),
      ])
      expect(await patched.json()).toMatchObject({
        organisation: { address: 'Koivukuja 1–3, 00100 Helsinki' },
      })
      expect(patched.request().postDataJSON()).toEqual({ address: 'Koivukuja 1–3, 00100 Helsinki' })
      await expect.poll(() => toastText(page), WAIT).toContain('Details saved.')

      await page.getByRole('button', { name: 'Edit apartment B 6' }).click()
      await dialog.getByLabel('Area (m²)').fill('50,5')
      await dialog.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => toastText(page), WAIT).toContain('B 6 saved.')
      const b6 = page.getByRole('row').filter({ hasText: 'B 6' })
      await expect.poll(() => b6.textContent(), WAIT).toContain('50.5')

      const adder = page.getByRole('form', { name: 'Add a staircase to building B' })
      await adder.getByLabel('New staircase').fill('BX')
      await adder.getByRole('button', { name: 'Add' }).click()
      await expect.poll(() => toastText(page), WAIT).toContain('Staircase BX added.')
      await checkBothWidths(page, 'settings')
      // Removed at once, with an undo in its toast instead of a question first.
      const removeBx = page.getByRole('button', { name: 'Remove staircase BX' })
      await removeBx.click()
      await expect.poll(() => toastText(page), WAIT).toContain('BX removed.')
      await expect.poll(() => removeBx.count(), WAIT).toBe(0)
      await page.locator('.toast', { hasText: 'BX removed.' }).getByRole('button', { name: 'Undo' }).click()
      await expect.poll(() => toastText(page), WAIT).toContain('BX is back.')
      await expect.poll(() => removeBx.count(), WAIT).toBe(1)
      await removeBx.click()
      await expect.poll(() => removeBx.count(), WAIT).toBe(0)

      // An apartment with members stays, and the page says why, naming it.
      await page.getByRole('button', { name: 'Remove apartment A 1' }).click()
      await expect
        .poll(() => page.getByRole('alert').filter({ hasText: 'A 1:' }).textContent(), WAIT)
        .toMatch(
          /^A 1: It cannot be removed: .*\d+ memberships?.* still refer to it\. Remove or move those first\.$/,
        )
      expect(await page.getByRole('row').filter({ hasText: 'A 1' }).count()).toBeGreaterThan(0)
    },
    LONG,
  )

  it(
    'a resident gets no menu entry and no access',
    async () => {
      const resident = await demo.signedIn('resident@example.com', DESKTOP, 'en')
      const orgId = await demo.orgId(resident)
      await resident.goto(`${demo.server.baseUrl}/org/${orgId}`)
      await expect.poll(() => sidenav(resident).getByRole('link', { name: 'Overview' }).count(), WAIT).toBe(1)
      for (const name of ['Erasure requests', 'Settings'])
        expect(await sidenav(resident).getByRole('link', { name, exact: true }).count()).toBe(0)
      for (const path of ['erasure-requests', 'settings']) {
        await resident.goto(`${demo.server.baseUrl}/org/${orgId}/${path}`)
        await expect
          .poll(() => resident.getByRole('heading', { level: 1 }).textContent(), WAIT)
          .toBe('No access')
        expect(await resident.getByRole('table').count()).toBe(0)
        expect(await resident.getByRole('textbox').count()).toBe(0)
      }
      await checkBothWidths(resident, 'settings-forbidden')
    },
    LONG,
  )

  it(
    'a platform admin creates a management company and hands the cooperative over to it',
    async () => {
      const manager = await demo.newPage(DESKTOP)
      await logInEnrollingTotp(manager, demo.server.baseUrl, 'maintenance@example.com')
      const orgId = await demo.orgId(manager)
      const reach = () => manager.evaluate(async (id) => (await fetch(`/api/orgs/${id}`)).status, orgId)
      expect(await reach()).toBe(200)
      const admin = await demo.newPage(DESKTOP)
      await logInEnrollingTotp(admin, demo.server.baseUrl, 'admin@example.com')
      await admin.goto(`${demo.server.baseUrl}/admin/orgs`)
      await admin.getByRole('button', { name: 'New organisation…' }).click()
      const dialog = admin.getByRole('dialog')
      await dialog.getByLabel('Name', { exact: true }).fill('Uusi Isännöinti Oy')
      await dialog.getByLabel('Business ID').fill('1572860-0')
      expect(await violations(admin)).toEqual([])
      await dialog.getByRole('button', { name: 'Create' }).click()
      await expect.poll(() => admin.getByText('Uusi Isännöinti Oy was created.').count(), WAIT).toBe(1)
      await expect.poll(() => admin.getByRole('link', { name: 'Uusi Isännöinti Oy' }).count(), WAIT).toBe(1)

      await admin.goto(`${demo.server.baseUrl}/org/${orgId}/settings`)
      const handover = admin.getByRole('region', { name: 'Hand over to another management company' })
      await handover.getByLabel('Receiving management company').selectOption({ label: 'Uusi Isännöinti Oy' })
      await handover.getByLabel('Reason').fill('The board chose a new management company.')
      await checkBothWidths(admin, 'handover')
      await handover.getByRole('button', { name: 'Hand over…' }).click()
      await admin.getByRole('dialog').getByRole('button', { name: 'Hand over' }).click()
      await expect.poll(() => toastText(admin), WAIT).toContain('As Oy Koivukuja was handed over.')

      // The old company's maintenance staff no longer reach the cooperative.
      await expect.poll(reach, WAIT).toBe(404)
    },
    LONG,
  )
})
