import { describe, expect, it } from 'vitest'
import { violations } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 20, "chat that feels like chat", in a real browser: a run of messages from one person
 * shows the name once, a date line opens the day, and a resident coming back to a channel finds
 * a "new messages" line before the first one they had not read, with a button back to it when
 * it is out of view; on a phone the composer stays on screen. axe finds nothing at 390 px.
 */
const run = chromiumAvailable()
const NEWS = 14

describe.skipIf(!run)('chat rows in Chromium', () => {
  const demo = useDemoBrowsers()

  it('grouped runs, a date line, the new-messages line and the jump to it, the composer on screen', async () => {
    // The resident reads the channel once on a phone, in Finnish, then goes back to the list.
    const resident = await demo.signedIn('resident@example.com', PHONE, 'fi')
    const orgId = await demo.orgId(resident)
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    const channelLink = resident.getByRole('link', { name: /Koivukujan asukkaat/ })
    await channelLink.click()
    const log = resident.getByRole('log')
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('Tervetuloa')
    // The board's welcome was never read by the resident: the line stands before it.
    await expect.poll(() => resident.locator('.messages__unread').textContent()).toBe('Uudet viestit')
    // Today's messages open with a date line.
    expect(await resident.locator('.messages__day').allTextContents()).toEqual(['Tänään'])
    await resident.getByRole('link', { name: 'Kaikki kanavat' }).click()
    await expect.poll(() => channelLink.locator('.badge').count()).toBe(0)

    // The board member writes a run of messages.
    const board = await demo.signedIn('board@example.com', DESKTOP, 'en')
    await board.goto(`${demo.server.baseUrl}/org/${orgId}/chat`)
    await board.getByRole('link', { name: /Koivukuja residents/ }).click()
    const composer = board.getByRole('textbox', { name: 'Message', exact: true })
    for (let i = 1; i <= NEWS; i++) {
      await composer.fill(`Tiedote ${i}: pihatalkoot lauantaina.`)
      await composer.press('Enter')
      await expect.poll(() => composer.inputValue()).toBe('')
    }
    // One name for the run: every message after the first is a continuation (name kept for
    // screen readers, avatar empty). The first may continue the board's seeded welcome too, when
    // the demo was seeded less than five minutes ago.
    const boardMessages = board.getByRole('log').locator('.message')
    await expect.poll(() => boardMessages.last().textContent()).toContain(`Tiedote ${NEWS}:`)
    // Polled, and on failure the rows that start a run are named (a clean-clone run once counted
    // 12 here; the rows say which message began a run of its own).
    const runStarts = () =>
      boardMessages.evaluateAll((rows) =>
        rows
          .filter((r) => !r.classList.contains('message--continued'))
          .map((r) => r.textContent?.slice(0, 60)),
      )
    await expect
      .poll(() => board.locator('.message--continued').count())
      .toBeGreaterThanOrEqual(NEWS - 1)
      .catch(async (error) => {
        throw new Error(`rows starting a run: ${JSON.stringify(await runStarts())}`, { cause: error })
      })
    expect(await boardMessages.last().getAttribute('class')).toContain('message--continued')
    expect(await boardMessages.last().locator('.message__avatar').textContent()).toBe('')
    expect(await boardMessages.last().getAttribute('aria-labelledby')).toBeTruthy()
    expect(await boardMessages.last().locator('.message__author').textContent()).toBe('You')
    expect(await board.locator('.messages__day').allTextContents()).toEqual(['Today'])
    await snap(board, 'chat-feel-board-desktop')

    // The resident sees the count, opens the channel: the line stands before the first news.
    await expect
      .poll(() => channelLink.locator('.badge [aria-hidden="true"]').textContent(), { timeout: 30_000 })
      .toBe(String(NEWS))
    await channelLink.click()
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain(`Tiedote ${NEWS}:`)
    const line = resident.locator('.messages__unread')
    await expect.poll(() => line.count()).toBe(1)
    expect(await resident.locator('.messages__unread + .message').textContent()).toContain('Tiedote 1:')
    // The first unread message starts a run of its own, so its author is shown.
    expect(await resident.locator('.messages__unread + .message').getAttribute('class')).not.toContain(
      'message--continued',
    )

    // The log opened at the newest message, so the line is above the view: the button leads to it.
    const jump = resident.getByRole('button', { name: 'Siirry uusiin viesteihin' })
    await expect.poll(() => jump.count()).toBe(1)
    // The composer is on the screen at 390 px, the log scrolled to its end.
    const box = await resident.getByRole('textbox', { name: 'Viesti', exact: true }).boundingBox()
    expect(box && box.y + box.height).toBeLessThanOrEqual(PHONE.height)
    expect(await violations(resident)).toEqual([])
    await snap(resident, 'chat-feel-unread-phone')
    // What the phone shows, not the whole page: the composer at the bottom of the screen.
    await snap(resident, 'chat-feel-unread-phone-screen', { fullPage: false })

    await jump.click()
    await expect.poll(() => jump.count()).toBe(0)
    expect(await resident.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('log')
    const inView = await line.evaluate((el) => {
      const logBox = el.closest('[role="log"]')!.getBoundingClientRect()
      const lineBox = el.getBoundingClientRect()
      return lineBox.top >= logBox.top && lineBox.bottom <= logBox.bottom
    })
    expect(inView).toBe(true)
    await snap(resident, 'chat-feel-jumped-phone')
    await resident.setViewportSize(DESKTOP)
    await snap(resident, 'chat-feel-resident-desktop')

    // Opened straight from its address (the log gets its layout only after the messages came),
    // a channel longer than the screen opens at its newest message, not its oldest.
    await resident.reload()
    const newest = resident.getByRole('log').locator('.message').last()
    await expect.poll(() => newest.textContent(), { timeout: 15_000 }).toContain(`Tiedote ${NEWS}:`)
    expect(await resident.getByRole('log').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true)
    await expect
      .poll(() =>
        newest.evaluate((el) => {
          const logBox = el.closest('[role="log"]')!.getBoundingClientRect()
          const box = el.getBoundingClientRect()
          return box.top >= logBox.top && box.bottom <= logBox.bottom + 1
        }),
      )
      .toBe(true)
  })
})
