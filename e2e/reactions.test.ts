import { describe, expect, it } from 'vitest'
import { violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 20, reactions on chat messages: a resident on a phone reacts by keyboard to the board's
 * message, the board member sees the count and who gave it (the tooltip on focus and the button's
 * name), adds theirs, and the resident takes theirs back; both sides live, axe clean at 390 and 1280.
 */
const run = chromiumAvailable()

describe.skipIf(!run)('chat reactions in Chromium', () => {
  const demo = useDemoBrowsers()

  it('react by keyboard, see the count and who reacted live, take it back', async () => {
    const board = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(board)
    await board.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    await board.getByRole('link', { name: /Koivukuja residents/ }).click()
    const composer = board.getByRole('textbox', { name: 'Message', exact: true })
    await composer.fill('Saunavuorot vaihtuvat ensi viikolla.')
    await composer.press('Enter')
    const boardMessage = board.locator('.message', { hasText: 'Saunavuorot vaihtuvat' })
    await expect.poll(() => boardMessage.count()).toBe(1)

    const resident = await demo.signedIn('resident@example.com', PHONE, 'fi')
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    await resident.getByRole('link', { name: /Koivukujan asukkaat/ }).click()
    const message = resident.locator('.message', { hasText: 'Saunavuorot vaihtuvat' })
    await expect.poll(() => message.count(), { timeout: 15_000 }).toBe(1)

    // Keyboard only: focus "add a reaction", open the set, pick the first (thumbs up).
    const add = message.getByRole('button', { name: 'Lisää reaktio' })
    await add.focus()
    await resident.keyboard.press('Enter')
    const thumbs = resident.getByRole('button', { name: 'Peukku', exact: true })
    await expect.poll(() => thumbs.isVisible()).toBe(true)
    expect(await violations(resident)).toEqual([])
    await snap(resident, 'reactions-picker-phone')
    await thumbs.focus()
    await resident.keyboard.press('Enter')
    const residentReaction = message.locator('.reaction[data-reaction="thumbsup"]')
    await expect.poll(() => residentReaction.getAttribute('aria-pressed')).toBe('true')
    expect(await residentReaction.getAttribute('aria-label')).toBe('Peukku, 1: Sinä')

    // The board member sees it live, with who gave it on focus.
    const boardReaction = boardMessage.locator('.reaction[data-reaction="thumbsup"]')
    await expect.poll(() => boardReaction.textContent(), { timeout: 10_000 }).toContain('1')
    expect(await boardReaction.getAttribute('aria-pressed')).toBe('false')
    // Her name comes with her presence on the channel (or the thread's people): eventually.
    await expect.poll(() => boardReaction.getAttribute('aria-label')).toBe('Thumbs up, 1: Riikka Asukas')
    await boardReaction.focus()
    await expect
      .poll(() => board.getByRole('tooltip').textContent(), { timeout: 5_000 })
      .toBe('Riikka Asukas')
    await snap(board, 'reactions-tooltip-desktop')
    // Theirs too, by keyboard: the same button toggles.
    await board.keyboard.press('Enter')
    await expect.poll(() => boardReaction.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => residentReaction.textContent()).toContain('2')
    expect(await violations(board)).toEqual([])

    // The resident takes theirs back; the board's stays.
    await residentReaction.focus()
    await resident.keyboard.press('Enter')
    await expect.poll(() => residentReaction.getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => boardReaction.getAttribute('aria-label')).toBe('Thumbs up, 1: You')
    await snap(resident, 'reactions-phone')
    expect(await violations(resident)).toEqual([])
    await snap(board, 'reactions-desktop')
  })
})
