import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 20 in Chromium: names staff give in three languages (a manager edits them by keyboard,
 * a Swedish-speaking resident reads the Swedish ones), and a notification about a message the
 * reader saw live ends up read — on the page they went on to and in their other tab.
 */
const run = chromiumAvailable()

describe.skipIf(!run)('names in three languages and messages seen live, in Chromium', () => {
  const demo = useDemoBrowsers()

  it('a manager names a category in fi, sv and en by keyboard; a Swedish resident sees the Swedish names', async () => {
    const manager = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(manager, demo.server.baseUrl, 'manager@example.com')
    const orgId = await demo.orgId(manager)
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}/bookings`)
    // The seeded "Saunat" is "Saunas" to an English reader; its names open from the keyboard.
    const saunas = manager.locator('details.names-editor').filter({ hasText: 'Rename “Saunas”' })
    await saunas.locator('summary').waitFor({ timeout: 15_000 })
    await saunas.locator('summary').focus()
    await manager.keyboard.press('Enter')
    const swedish = saunas.getByLabel('Name in Swedish')
    expect(await swedish.inputValue()).toBe('Bastur')
    expect(await saunas.getByLabel('Name in Finnish').inputValue()).toBe('Saunat')
    await swedish.fill('Bastur och bad')
    await Promise.all([
      manager.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/categories/')),
      swedish.press('Enter'),
    ])
    // A new category, named in all three, also by keyboard.
    const add = manager.locator('form').filter({ has: manager.getByRole('group', { name: 'New category' }) })
    await add.getByLabel('Name in Finnish').fill('Kuntosali')
    await add.getByLabel('Name in Swedish').fill('Gym')
    await add.getByLabel('Name in English').fill('Fitness room')
    await Promise.all([
      manager.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/categories')),
      add.getByLabel('Name in English').press('Enter'),
    ])
    await expect
      .poll(() => manager.locator('details.names-editor summary').allTextContents())
      .toContain('Rename “Fitness room”')
    expect(await violations(manager)).toEqual([])
    await snap(manager, 'category-names-manager-desktop')

    const resident = await demo.signedIn('resident@example.com', DESKTOP, 'sv')
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/bookings`)
    await expect
      .poll(() => resident.locator('.picker__category').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['Bastur och bad', 'Tvätt', 'Gemensamma utrymmen']))
    expect(await resident.locator('.picker__category').allTextContents()).not.toContain('Saunat')
    expect(await violations(resident)).toEqual([])
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    await expect
      .poll(() => resident.locator('.channel-list').textContent(), { timeout: 15_000 })
      .toContain('Koivukujas invånare')
    expect(await resident.locator('.channel-list').textContent()).not.toContain('Koivukujan asukkaat')
    await snap(resident, 'channel-names-resident-sv-desktop')
  })

  it('a message seen on the open case leaves its notification read, in this tab and the other', async () => {
    const resident = await demo.signedIn('resident@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(resident)
    const caseId = await resident.evaluate(async (org) => {
      const res = await fetch('/api/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ org, title: 'Porch light flickers', category: 'electricity' }),
      })
      if (res.status !== 201) throw new Error(`POST /api/cases: ${res.status}`)
      return ((await res.json()) as { id: string }).id
    }, orgId)
    const caseUrl = `${demo.server.baseUrl}/org/${orgId}/cases/${caseId}`
    // A second tab of the same person, on their notifications.
    const otherTab = await resident.context().newPage()
    await otherTab.goto(`${demo.server.baseUrl}/org/${orgId}/notifications`)
    await resident.goto(caseUrl)
    const conversation = (page: Page) => page.locator('section[aria-label="Conversation"]')
    await conversation(resident)
      .getByRole('textbox', { name: 'Message', exact: true })
      .waitFor({ timeout: 15_000 })

    const board = await demo.signedIn('board@example.com', DESKTOP, 'en')
    await board.goto(caseUrl)
    const composer = conversation(board).getByRole('textbox', { name: 'Message', exact: true })
    await composer.waitFor({ timeout: 15_000 })
    await composer.fill('An electrician comes on Thursday.')
    await composer.press('Enter')

    // The resident sees it live, then goes on to their notifications (in the app, no reload).
    await expect
      .poll(() => conversation(resident).locator('.message').last().textContent(), { timeout: 15_000 })
      .toContain('An electrician comes on Thursday.')
    await resident
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: /New for you/ })
      .click()
    await resident.waitForURL(/\/notifications$/)
    // The notice trails the message by the compaction delay; when it comes it is already read.
    for (const page of [resident, otherTab]) {
      const item = page.locator('.notification').filter({ hasText: 'An electrician comes on Thursday.' })
      await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1)
      expect(await item.getAttribute('class')).not.toContain('notification--unread')
      expect(await item.getByRole('button', { name: 'Mark read' }).count()).toBe(0)
    }
  })
})
