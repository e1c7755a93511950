import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, logIn, useLanguage } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 12, item 5 in a real browser: on her own case the resident cannot tick or remove the
 * manager's checklist items, adds one of her own, and removing it asks first in a dialog that
 * names the item (Escape and Cancel keep it; confirming removes it).
 */
const run = chromiumAvailable()

describe.skipIf(!run)('case checklist in Chromium', () => {
  const demo = useDemoBrowsers()

  it("keeps staff items out of the reporter's hands and confirms before removing her own", async () => {
    const resident = await demo.newPage(DESKTOP)
    await logIn(resident, demo.server.baseUrl, 'resident@example.com')
    await resident.waitForURL((url) => url.pathname === '/')
    await useLanguage(resident, 'en')
    const orgId = await demo.orgId(resident)
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/cases`)
    await resident.getByRole('link', { name: /Kylpyhuoneen lattiakaivo vuotaa/ }).click()
    const checklist = resident.locator('ul.checklist')
    await expect.poll(() => checklist.textContent(), { timeout: 15_000 }).toContain('Kosteusmittaus')
    // The manager's items: no remove button, a disabled box.
    expect(await resident.getByRole('button', { name: /Remove “Kosteusmittaus/ }).count()).toBe(0)
    expect(await resident.getByRole('checkbox', { name: /Kosteusmittaus/ }).isDisabled()).toBe(true)

    await resident.getByRole('textbox', { name: 'New checklist item' }).fill('Valokuvat saumoista')
    await resident.getByRole('button', { name: 'Add', exact: true }).click()
    const remove = resident.getByRole('button', { name: 'Remove “Valokuvat saumoista”' })
    await expect.poll(() => remove.count(), { timeout: 10_000 }).toBe(1)
    expect(await resident.getByRole('checkbox', { name: 'Valokuvat saumoista' }).isDisabled()).toBe(false)

    await remove.click()
    const dialog = resident.getByRole('dialog', { name: 'Remove this checklist item?' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.textContent()).toContain('“Valokuvat saumoista” will be removed')
    await resident.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await checklist.textContent()).toContain('Valokuvat saumoista')

    await remove.click()
    await dialog.getByRole('button', { name: 'Remove item' }).click()
    await expect.poll(() => checklist.textContent(), { timeout: 10_000 }).not.toContain('Valokuvat saumoista')
    expect(await checklist.textContent()).toContain('Kosteusmittaus')
  })
})
