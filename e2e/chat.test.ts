import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 4 in a real browser: a resident (desktop, English) and a board member (phone, Finnish)
 * open the same demo channel over /collab; what one types the other sees live, edits show as
 * edited, a deletion shows as deleted, and an auditor gets the channel read-only.
 */
const run = chromiumAvailable()

describe.skipIf(!run)('chat in Chromium', () => {
  const demo = useDemoBrowsers()
  const signedIn = demo.signedIn

  const lastMessage = (page: Page) => page.locator('.message').last()

  it('two people in one channel: send, see it live, edit shows "edited", delete shows "deleted"', async () => {
    const resident = await signedIn('resident@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(resident)

    // The resident finds Chat in the navigation and opens the seeded residents' channel.
    await resident
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Chat' })
      .click()
    await resident.waitForURL(new RegExp(`/org/${orgId}/chat$`))
    await expect.poll(() => resident.locator('.channel-list').textContent()).toContain('Koivukuja residents')
    // The board-only channel is not listed for a resident.
    expect(await resident.locator('.channel-list').textContent()).not.toContain('Koivukuja board')
    await resident.getByRole('link', { name: /Koivukuja residents/ }).click()
    await resident.waitForURL(new RegExp(`/org/${orgId}/chat/[0-9a-f-]+$`))
    const channelUrl = resident.url()
    await expect
      .poll(() => resident.getByRole('log').textContent())
      .toContain('Tervetuloa taloyhtiön yhteiselle kanavalle')
    await expect.poll(() => resident.locator('header .sync').textContent()).toBe('Saved')

    // The board member opens the same channel on a phone, in Finnish.
    const board = await signedIn('board@example.com', PHONE, 'fi')
    await board.goto(channelUrl)
    await expect
      .poll(() => board.getByRole('log').textContent(), { timeout: 15_000 })
      .toContain('Tervetuloa taloyhtiön yhteiselle kanavalle')

    // Presence from awareness, named by the server.
    await expect.poll(() => resident.locator('.presence').textContent()).toContain('Hanna Hallitus')
    await expect.poll(() => board.locator('.presence').textContent()).toContain('Riikka Asukas')

    // Typing shows on the other side before anything is sent.
    const composer = resident.getByRole('textbox', { name: 'Message', exact: true })
    await composer.fill('Is the sauna free on Friday eve')
    await expect.poll(() => board.locator('.thread__typing').textContent()).toBe('Riikka Asukas kirjoittaa…')
    await composer.press('End')
    await composer.pressSequentially('ning?')
    await composer.press('Enter')
    await expect.poll(() => composer.inputValue()).toBe('')
    await expect
      .poll(() => lastMessage(board).textContent())
      .toContain('Is the sauna free on Friday evening?')
    await expect.poll(() => board.locator('.thread__typing').textContent()).toBe('')
    await expect.poll(() => resident.locator('header .sync').textContent()).toBe('Saved')

    // The sender edits it; the other sees the new text and "edited" (in Finnish).
    const mine = lastMessage(resident)
    await mine.getByRole('button', { name: 'Edit' }).click()
    const editor = mine.getByRole('textbox', { name: 'Edit your message' })
    await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true)
    await editor.fill('Is the sauna free on Saturday evening?')
    await editor.press('Enter')
    await expect.poll(() => mine.textContent()).toContain('(edited)')
    await expect
      .poll(() => lastMessage(board).textContent())
      .toContain('Is the sauna free on Saturday evening?')
    await expect.poll(() => lastMessage(board).textContent()).toContain('(muokattu)')
    // Nobody but the author can edit it.
    expect(await lastMessage(board).getByRole('button', { name: 'Muokkaa' }).count()).toBe(0)

    // The board member answers, then deletes the answer; the resident sees it was deleted.
    const boardComposer = board.getByRole('textbox', { name: 'Viesti', exact: true })
    await boardComposer.fill('Lauantai on vapaa.')
    await board.getByRole('button', { name: 'Lähetä' }).click()
    await expect.poll(() => lastMessage(resident).textContent()).toContain('Lauantai on vapaa.')
    await expect.poll(() => lastMessage(resident).textContent()).toContain('Hanna Hallitus')
    await snap(board, 'chat-board-phone')
    await lastMessage(board).getByRole('button', { name: 'Poista' }).click()
    await board.getByRole('dialog').getByRole('button', { name: 'Poista' }).click()
    await expect.poll(() => lastMessage(resident).textContent()).toContain('Message deleted')
    await expect.poll(() => lastMessage(board).textContent()).toContain('Viesti poistettu')
    expect(await lastMessage(resident).textContent()).not.toContain('Lauantai on vapaa.')

    await snap(resident, 'chat-resident-desktop')
    await snap(board, 'chat-board-deleted-phone')

    // The channel list on a phone, and the resident's view on a phone too.
    await board.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    await expect.poll(() => board.locator('.channel-list').textContent()).toContain('Koivukujan hallitus')
    await snap(board, 'chat-list-board-phone')
    await resident.setViewportSize(PHONE)
    await snap(resident, 'chat-resident-phone')
    await resident.setViewportSize(DESKTOP)
  })

  it('an auditor reads the channel but cannot write in it', async () => {
    const auditor = await signedIn('auditor@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(auditor)
    await auditor.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    // Unread counts per channel; the Chat badge in the navigation shows their sum (the auditor
    // reads one channel, so the two are equal), and reading the channel clears both.
    const residents = auditor.getByRole('link', { name: /Koivukuja residents/ })
    await expect.poll(() => residents.locator('.badge').count(), { timeout: 20_000 }).toBe(1)
    const count = await residents.locator('.badge [aria-hidden="true"]').textContent()
    expect(Number(count)).toBeGreaterThan(0)
    expect(await residents.locator('.badge').textContent()).toContain(`${count} unread`)
    const chatNav = auditor
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: /Chat/ })
    await expect.poll(() => chatNav.locator('.badge').textContent()).toBe(count)
    await snap(auditor, 'chat-unread-auditor-desktop')
    await residents.click()
    await expect.poll(() => chatNav.locator('.badge').count(), { timeout: 10_000 }).toBe(0)
    await expect
      .poll(() => auditor.getByRole('log').textContent())
      .toContain('Tervetuloa taloyhtiön yhteiselle kanavalle')
    await expect
      .poll(() => auditor.locator('.thread').textContent())
      .toContain('You can read this channel but not write in it.')
    expect(await auditor.getByRole('textbox', { name: 'Message', exact: true }).count()).toBe(0)
    await snap(auditor, 'chat-auditor-desktop')

    // Back on the channel list (no reload), a resident writes: the auditor only reads the channel,
    // so no inbox item comes, but the server's chat.activity signal brings the badge back well
    // before the once-a-minute poll would.
    await chatNav.click()
    await auditor.waitForURL(new RegExp(`/org/${orgId}/chat$`))
    const writer = await signedIn('resident@example.com', DESKTOP, 'en')
    await writer.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    await writer.getByRole('link', { name: /Koivukuja residents/ }).click()
    await writer.getByRole('textbox', { name: 'Message', exact: true }).fill('Pyykkitupa on taas auki.')
    await writer.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => chatNav.locator('.badge').textContent(), { timeout: 20_000 }).toBe('1')
    await expect.poll(() => residents.locator('.badge [aria-hidden="true"]').textContent()).toBe('1')
  })
})
