import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 12 item 13 in a real browser: a file the picker can tell is wrong is refused before
 * anything is sent; a file only the server can refuse (its bytes are markup) does not leave the
 * form open to be sent again: the one case made is shown, saying which file was not attached.
 */
const run = chromiumAvailable()

describe.skipIf(!run)('reporting a case with refused files in Chromium', () => {
  const demo = useDemoBrowsers()

  it('refuses a wrong kind of file at once, and shows the one case made when the server refuses a file', async () => {
    const page = await demo.signedIn('resident@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/cases/new`)
    await page.getByLabel('Title').fill('Stairwell light flickers')
    // The limit is stated next to the buttons (the demo server's MAX_UPLOAD_MB: 25).
    await expect.poll(() => page.locator('.file-picker__limit').textContent()).toBe('Up to 25 MB')

    const files = page.locator('input[type="file"][multiple]')
    await files.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>hi</p>') })
    await expect
      .poll(() => page.locator('.file-picker__refused').textContent())
      .toContain('“page.html” is not a supported kind of file')
    expect(await page.locator('.pending-file').count()).toBe(0)

    // A .txt whose bytes are HTML passes the picker; the server sniffs and refuses it (415).
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c05621' } })
      .png()
      .toBuffer()
    await files.setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('<html><script>alert(1)</script>') },
      { name: 'light.png', mimeType: 'image/png', buffer: photo },
    ])
    await expect.poll(() => page.locator('.pending-files').textContent()).toContain('notes.txt')
    await page.getByRole('button', { name: 'Send report' }).click()
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    const notice = page.getByRole('alert').filter({ hasText: 'The case was reported' })
    await expect.poll(() => notice.textContent()).toContain('notes.txt')
    expect(await notice.textContent()).not.toContain('light.png')
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('Stairwell light flickers')

    const made = await demo.server.db
      .selectFrom('cases')
      .select('id')
      .where('title', '=', 'Stairwell light flickers')
      .execute()
    expect(made).toHaveLength(1)
    expect(page.url()).toContain(made[0]?.id ?? 'missing')
    const attached = await demo.server.db
      .selectFrom('attachments')
      .select('id')
      .where('owner_id', '=', made[0]?.id ?? '')
      .execute()
    expect(attached).toHaveLength(1)
  })
})
