import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  chromiumAvailable,
  DESKTOP,
  logIn,
  logInEnrollingTotp,
  PHONE,
  snap,
  useLanguage,
} from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 5 in a real browser: a resident (phone) reports a case; the property manager (desktop,
 * TOTP) sees it appear in the list live with a red badge; they chat both ways in the case
 * thread; the manager sets "in progress" and the resident sees it live; the resident edits a
 * message and the manager sees "edited"; the manager hides a message with a reason.
 */
const run = chromiumAvailable()

describe.skipIf(!run)('cases in Chromium', () => {
  const demo = useDemoBrowsers()
  const newPage = demo.newPage

  const lastMessage = (page: Page, section: string) =>
    page.locator(`section[aria-label="${section}"] .message`).last()

  it('report, live list and badge, chat both ways, status live, edited, hidden with a reason', async () => {
    // The manager signs in first (TOTP enrolment) and waits on the case list.
    const manager = await newPage(DESKTOP)
    await logInEnrollingTotp(manager, demo.server.baseUrl, 'manager@example.com')
    const orgId = await demo.orgId(manager)
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/cases`)
    // The first page after enrolment builds the whole shell: generous on a loaded machine.
    await expect
      .poll(() => manager.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('Fault reports')
    // The demo's own cases are listed (the leak the manager handles); the new one is not yet.
    await expect
      .poll(() => manager.locator('.case-list').textContent(), { timeout: 15_000 })
      .toContain('Kylpyhuoneen lattiakaivo vuotaa')
    expect(await manager.locator('.case-list').textContent()).not.toContain('Kitchen tap is leaking')

    // The resident reports from a phone.
    const resident = await newPage(DESKTOP)
    await logIn(resident, demo.server.baseUrl, 'resident@example.com')
    await resident.waitForURL((url) => url.pathname === '/')
    // The header's language menu is on the desktop layout; then the phone.
    await useLanguage(resident, 'en')
    await resident.setViewportSize(PHONE)
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/cases`)
    await resident.getByRole('link', { name: 'Report a case' }).click()
    await resident.waitForURL(/\/cases\/new$/)
    await resident.getByLabel('Title').fill('Kitchen tap is leaking')
    await resident.getByLabel('Category').selectOption({ label: 'Water damage' })
    await resident.getByLabel('Description').fill('It drips all the time, water under the sink.')
    // A photo "from the camera": the capture input takes a small PNG.
    const photo = await sharp({ create: { width: 480, height: 360, channels: 3, background: '#2b6cb0' } })
      .png()
      .toBuffer()
    const camera = resident.locator('input[type="file"][capture="environment"]')
    expect(await camera.getAttribute('accept')).toBe('image/*')
    await camera.setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: photo })
    await expect.poll(() => resident.locator('.pending-files').textContent()).toContain('leak.png')
    await snap(resident, 'case-report-phone')
    await resident.getByRole('button', { name: 'Send report' }).click()
    await resident.waitForURL(/\/cases\/[0-9a-f-]+$/)
    const caseUrl = resident.url()
    await expect.poll(() => resident.locator('.case-doc__status').textContent()).toContain('New')

    // The manager sees it appear in the list without reloading, and a red badge on Fault reports.
    await expect
      .poll(() => manager.locator('.case-list').textContent(), { timeout: 15_000 })
      .toContain('Kitchen tap is leaking')
    const casesLink = manager
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: /Fault reports/ })
    await expect.poll(() => casesLink.locator('.badge').textContent(), { timeout: 15_000 }).toBe('1')
    await snap(manager, 'cases-list-manager-desktop')

    // Chat both ways in the case thread.
    await manager.getByRole('link', { name: /Kitchen tap is leaking/ }).click()
    await manager.waitForURL(caseUrl.replace(/^https?:\/\/[^/]+/, `${demo.server.baseUrl}`))
    // The manager sees the resident's photo as a thumbnail on the case (decoded by the browser).
    const thumbnail = manager.getByRole('img', { name: 'Photo: leak.png' })
    await expect
      .poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 15_000 })
      .toBe(320)
    const residentComposer = resident.getByRole('textbox', { name: 'Message', exact: true }).first()
    await residentComposer.fill('The water is now on the floor too.')
    await residentComposer.press('Enter')
    await expect
      .poll(() => lastMessage(manager, 'Conversation').textContent())
      .toContain('The water is now on the floor too.')
    const managerComposer = manager
      .locator('section[aria-label="Conversation"]')
      .getByRole('textbox', { name: 'Message', exact: true })
    await managerComposer.fill('A plumber comes tomorrow at 9.')
    await managerComposer.press('Enter')
    await expect
      .poll(() => lastMessage(resident, 'Conversation').textContent())
      .toContain('A plumber comes tomorrow at 9.')

    // Internal notes: the manager has them, the resident does not.
    expect(await manager.locator('section[aria-label="Internal notes"]').count()).toBe(1)
    expect(await resident.locator('section[aria-label="Internal notes"]').count()).toBe(0)

    // The manager sets "in progress"; the resident sees it live.
    await manager.locator('.case-doc__manage').getByLabel('Status').selectOption({ label: 'In progress' })
    await expect.poll(() => resident.locator('.case-doc__status').textContent()).toContain('In progress')

    // The resident edits their message; the manager sees "edited".
    // The resident's message is the first in the thread (its text moves into the editor).
    const mine = resident.locator('section[aria-label="Conversation"] .message').first()
    await mine.getByRole('button', { name: 'Edit' }).click()
    const editor = mine.getByRole('textbox', { name: 'Edit your message' })
    await editor.fill('The water is now on the floor too, about 1 cm.')
    await editor.press('Enter')
    const theirs = manager
      .locator('section[aria-label="Conversation"] .message')
      .filter({ hasText: 'about 1 cm' })
    await expect.poll(() => theirs.textContent()).toContain('(edited)')

    // The manager hides it with a reason (moderation menu).
    await theirs.getByRole('button', { name: 'Hide' }).click()
    await manager
      .getByRole('dialog')
      .getByLabel(/Reason/)
      .fill('Personal details')
    await manager.getByRole('dialog').getByRole('button', { name: 'Hide' }).click()
    await expect
      .poll(() => resident.locator('section[aria-label="Conversation"]').textContent())
      .not.toContain('about 1 cm')
    await expect.poll(() => resident.locator('.case-history').textContent()).toContain('In progress')

    // The manager (a moderator) reads every version of it: the original and the edit. History is
    // projected at compaction (a few seconds after the edit), so the dialog is reopened until then.
    const history = async () => {
      await theirs.getByRole('button', { name: 'History' }).click()
      const dialog = manager.getByRole('dialog', { name: 'Message history' })
      await expect.poll(() => dialog.locator('.message-history__list, .empty').count()).toBeGreaterThan(0)
      const text = (await dialog.textContent()) ?? ''
      if (text.includes('about 1 cm')) await snap(manager, 'message-history-manager-desktop')
      await manager.keyboard.press('Escape')
      return text
    }
    await expect
      .poll(history, { timeout: 30_000, interval: 1500 })
      .toMatch(/Original.*floor too\..*Edited.*about 1 cm/s)
    // The resident (no moderator) has no History.
    expect(await resident.getByRole('button', { name: 'History' }).count()).toBe(0)

    await snap(manager, 'case-detail-manager-desktop')
    await snap(resident, 'case-detail-resident-phone')
    await resident.setViewportSize(DESKTOP)
    await snap(resident, 'case-detail-resident-desktop')
    await manager.setViewportSize(PHONE)
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/cases`)
    await expect
      .poll(() => manager.locator('.case-list').textContent(), { timeout: 15_000 })
      .toContain('Kitchen tap is leaking')
    await snap(manager, 'cases-list-manager-phone')
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/notifications`)
    await expect
      .poll(() => manager.locator('.notifications').textContent())
      .toContain('Kitchen tap is leaking')
    await snap(manager, 'notifications-manager-phone')
    // Staff keep the cooperative's categories (settings page from the case list).
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/cases`)
    await manager.getByRole('link', { name: 'Categories' }).click()
    await expect
      .poll(() => manager.locator('.category-list').textContent(), { timeout: 15_000 })
      .toContain('Water damage')
    await snap(manager, 'case-categories-manager-phone')
  })
})
