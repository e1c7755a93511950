import { unzipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import { chromiumAvailable, DESKTOP, downloadedBytes, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 18 in Chromium: a resident asks for a copy of their data on My data, watches it being
 * prepared by the background worker, downloads the zip from the page, and the mailed link works
 * in a browser that is not signed in.
 */
vi.setConfig({ hookTimeout: 420_000 })

describe.skipIf(!chromiumAvailable())('GDPR export', () => {
  const demo = useDemoBrowsers()

  it('a resident asks for an export and downloads it', async () => {
    const page = await demo.signedIn('resident@example.com', DESKTOP, 'en')
    await page.goto(`${demo.server.baseUrl}/profile`)
    await page.getByRole('link', { name: 'My data' }).click()
    await page.waitForURL(/\/profile\/data$/)
    const [asked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/gdpr/exports') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Prepare a copy of my data' }).click(),
    ])
    expect(`${asked.status()} ${await asked.text()}`).toMatch(/^201 /)
    await expect.poll(() => page.getByText('Your copy is being prepared').count()).toBe(1)
    const link = page.getByRole('link', { name: /^Download the copy of/ })
    await expect.poll(() => link.count(), { timeout: 60_000 }).toBe(1)
    await snap(page, 'gdpr-data-desktop')
    await page.setViewportSize(PHONE)
    await snap(page, 'gdpr-data-phone')

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    const zip = unzipSync(new Uint8Array(await downloadedBytes(download)))
    const profile = JSON.parse(new TextDecoder().decode(zip['data/profile.json'])) as Array<{ email: string }>
    expect(profile[0]?.email).toBe('resident@example.com')
    expect(Object.keys(zip)).toContain('data/memberships.user_id.json')

    // The mailed link downloads without a session.
    const guest = await demo.newPage(PHONE)
    await guest.goto(`${demo.server.baseUrl}/dev/mailbox`)
    const mail = guest.locator('.mail', { hasText: 'resident@example.com' }).filter({ hasText: '24' }).first()
    await expect.poll(() => mail.count(), { timeout: 15_000 }).toBe(1)
    const url = /https?:\/\/\S+\/api\/gdpr\/exports\/\S+\/download\?token=\S+/.exec(
      (await mail.textContent()) ?? '',
    )?.[0]
    expect(url).toBeTruthy()
    const res = await guest.context().request.get(url ?? '')
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toBe('application/zip')
  })
})
