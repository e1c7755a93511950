import { describe, expect, it } from 'vitest'
import { violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, PHONE, snap, useLanguage } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

const run = chromiumAvailable()
// Generous: the CI run loads 2 cores with the server tests beside this file.
const WAIT = { timeout: 30_000 }

/**
 * Destructive actions on real pages: a board's checklist item and card come back with the
 * toast's undo; removing a file asks first, naming it. And the shell: the sync pill only where a
 * live document is open, menu words a resident cannot mix up, the organisation's whole name on a
 * phone, and home cards that no longer repeat the menu.
 */
describe.skipIf(!run)('undo, confirmation and the shell', () => {
  const demo = useDemoBrowsers()

  it('a removed checklist item and an archived card come back with Undo; axe finds nothing', async () => {
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const coop = await demo.orgId(page, 'As Oy Koivukuja')
    // The booking calendar is live but written by the server only: nothing to save either.
    await page.goto(`${demo.server.baseUrl}/org/${coop}/bookings`)
    await page.locator('.live--on').first().waitFor(WAIT)
    await page.waitForTimeout(1500)
    expect(await page.locator('header .sync').count()).toBe(0)

    await page.goto(`${demo.server.baseUrl}/org/${coop}/boards`)
    await page.getByRole('link', { name: /Remontti 2027/ }).click()
    await page.waitForURL(new RegExp(`/org/${coop}/boards/[0-9a-f-]+$`))
    const card = page.locator('.board-card').filter({ hasText: 'Katon tarkastus' })
    await card.locator('.board-card__open').click()

    const item = page.getByRole('textbox', { name: 'New checklist item' })
    await item.fill('Check the gutters')
    await item.press('Enter')
    const remove = page.getByRole('button', { name: 'Remove Check the gutters' })
    await remove.waitFor(WAIT)
    await remove.click()
    await expect.poll(() => remove.count(), WAIT).toBe(0)
    const toast = page.locator('.toast').filter({ hasText: '”Check the gutters” removed.' })
    await toast.waitFor(WAIT)
    expect(await violations(page)).toEqual([])
    await toast.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => remove.count(), WAIT).toBe(1)
    await page.locator('.toast').filter({ hasText: 'Undone.' }).waitFor(WAIT)

    await page.getByRole('button', { name: 'Archive the card' }).click()
    await expect.poll(() => card.count(), WAIT).toBe(0)
    const archived = page.locator('.toast').filter({ hasText: '”Katon tarkastus” archived.' })
    await archived.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => card.count(), WAIT).toBe(1)
    await snap(page, 'undo-board-desktop')
  })

  it('the sync pill shows only with a live document open; the menu names are distinct', async () => {
    // The browser is en-GB: through English, so the switch to Finnish is a real change.
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    await useLanguage(page, 'fi')
    const coop = await demo.orgId(page, 'As Oy Koivukuja')
    const nav = page.getByRole('navigation', { name: 'Päävalikko' })
    await nav.getByRole('link', { name: /^Vikailmoitukset/ }).waitFor(WAIT)
    expect(await nav.getByRole('link', { name: /^Uutta sinulle/ }).count()).toBe(1)
    // The inbox is open all session; it is the server's to write, so nothing is "saved" here.
    await page.waitForTimeout(1500)
    expect(await page.locator('header .sync').count()).toBe(0)
    // The home cards name the organisation and the roles; the pages are in the menu.
    await page.locator('.card', { hasText: 'As Oy Koivukuja' }).waitFor(WAIT)
    expect(await page.locator('.card .card__links').count()).toBe(0)

    // The booking calendar is live but written by the server only: nothing to save either.
    await page.goto(`${demo.server.baseUrl}/org/${coop}/bookings`)
    await page.locator('.live--on').first().waitFor(WAIT)
    await page.waitForTimeout(1500)
    expect(await page.locator('header .sync').count()).toBe(0)

    await page.goto(`${demo.server.baseUrl}/org/${coop}/boards`)
    await page.getByRole('link', { name: /Remontti 2027/ }).click()
    await expect.poll(() => page.locator('header .sync').textContent(), WAIT).toBe('Tallennettu')
    await nav.getByRole('link', { name: /^Uutta sinulle/ }).click()
    await page.getByRole('heading', { name: 'Uutta sinulle', level: 1 }).waitFor(WAIT)
    await expect.poll(() => page.locator('header .sync').count(), WAIT).toBe(0)
  })

  it('a phone shows the whole organisation name in the switcher', async () => {
    const page = await demo.signedIn('investor@example.com', PHONE, 'fi')
    const select = page.locator('.org-switcher select')
    await select.waitFor(WAIT)
    // The selected name set in the select's own font must fit inside it (beside its arrow).
    const fit = await select.evaluate((el: HTMLSelectElement) => {
      const style = getComputedStyle(el)
      const probe = document.createElement('span')
      probe.style.font = style.font
      probe.style.whiteSpace = 'pre'
      probe.textContent = el.selectedOptions[0]?.textContent ?? ''
      document.body.append(probe)
      const need = probe.getBoundingClientRect().width
      probe.remove()
      const room =
        el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
      return { need, room, name: probe.textContent }
    })
    expect(fit.name).toBe('Demo Asuntosijoitus Ky')
    expect(fit.need).toBeLessThanOrEqual(fit.room)
    await snap(page, 'org-switcher-phone')
  })

  it('@ in a case chat offers the people taking part and puts the whole name in', async () => {
    // The browser is en-GB: through English, so the switch to Finnish is a real change.
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    await useLanguage(page, 'fi')
    const coop = await demo.orgId(page, 'As Oy Koivukuja')
    await page.goto(`${demo.server.baseUrl}/org/${coop}/cases`)
    await page.getByRole('link', { name: /Kylpyhuoneen lattiakaivo vuotaa/ }).click()
    const box = page
      .getByRole('region', { name: 'Keskustelu' })
      .getByRole('textbox', { name: 'Viesti', exact: true })
    await box.waitFor(WAIT)
    await box.click()
    await page.keyboard.type('Hei @rii')
    const list = page.getByRole('listbox', { name: 'Mainitse henkilö' })
    await list.getByRole('option', { name: 'Riikka Asukas' }).waitFor(WAIT)
    expect(await box.getAttribute('aria-activedescendant')).toBeTruthy()
    expect(await violations(page)).toEqual([])
    await page.keyboard.press('Enter')
    await expect.poll(() => box.inputValue(), WAIT).toBe('Hei @Riikka Asukas ')
    expect(await list.count()).toBe(0)
    // Escape closes the list without sending; Enter then sends as before.
    await page.keyboard.type('ja @')
    await list.waitFor(WAIT)
    await page.keyboard.press('Escape')
    await expect.poll(() => list.count(), WAIT).toBe(0)
    expect(await box.inputValue()).toBe('Hei @Riikka Asukas ja @')
  })
})
