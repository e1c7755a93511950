import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 7's self-service in a real browser: a resident finds the house rules and the sauna
 * instructions the management company shares, narrowing the list as they type; the board writes
 * an article with a live preview (a script in it never runs), publishes it, and restores an old
 * version; the demo contractor sees the heat pump materials granted to its company and nothing else.
 */
const run = chromiumAvailable()
const WAIT = { timeout: 20_000, interval: 200 }

describe.skipIf(!run)('knowledge base and partner materials in Chromium', () => {
  const demo = useDemoBrowsers()

  it('a resident filters the shared articles as they type and reads one, on desktop and phone', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await demo.signedIn('resident@example.com', viewport, 'fi')
      const orgId = await demo.orgId(page)
      await page.goto(`${demo.server.baseUrl}/org/${orgId}/kb`)
      await expect.poll(() => page.getByRole('link', { name: 'Järjestyssäännöt' }).count(), WAIT).toBe(1)
      expect(await page.getByRole('link', { name: 'Pyykkituvan käyttö' }).count()).toBe(1)
      // The company's draft is not for residents.
      expect(await page.getByText('Kevättalkoot').count()).toBe(0)
      await snap(page, `kb-list-${name}`)
      await page.getByLabel('Suodata artikkeleita').fill('sauna')
      await expect.poll(() => page.getByRole('link', { name: 'Järjestyssäännöt' }).count(), WAIT).toBe(0)
      await page.getByRole('link', { name: 'Saunavuorot ja saunan käyttö' }).click()
      await expect
        .poll(() => page.getByRole('heading', { name: 'Saunan käyttö', exact: true }).count(), WAIT)
        .toBe(1)
      expect(await page.getByRole('cell', { name: 'ti klo 18–19' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: 'Muokkaa' }).count()).toBe(0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      )
      await snap(page, `kb-article-${name}`)
    }
  })

  it('the board writes with a preview, publishes, and restores an old version; scripts never run', async () => {
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const orgId = await demo.orgId(page)
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/kb`)
    // Categories: add one, rename it from the keyboard, then remove it (its articles would stay).
    await page.getByLabel('New category').fill('Bikes')
    await page.getByRole('button', { name: 'Add category' }).click()
    const rename = page.getByRole('button', { name: 'Rename Bikes' })
    await expect.poll(() => rename.count(), WAIT).toBe(1)
    await rename.click()
    const newName = page.getByRole('textbox', { name: 'New name for Bikes' })
    await expect.poll(() => newName.evaluate((el) => el === document.activeElement), WAIT).toBe(true)
    await newName.fill('Bikes and prams')
    await newName.press('Enter')
    const renamed = page.getByRole('button', { name: 'Rename Bikes and prams' })
    await expect.poll(() => renamed.evaluate((el) => el === document.activeElement), WAIT).toBe(true)
    const removeCategory = page.getByRole('button', { name: 'Remove Bikes and prams' })
    await expect.poll(() => removeCategory.count(), WAIT).toBe(1)
    await removeCategory.click()
    // Removing a category cannot be undone, so it is confirmed in a dialog first.
    const confirm = page.getByRole('dialog', { name: 'Remove ”Bikes and prams”?' })
    await confirm.waitFor(WAIT)
    await confirm.getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => removeCategory.count(), WAIT).toBe(0)
    await page.getByRole('link', { name: 'New article' }).click()
    await page.getByLabel('Title').fill('Bike storage')
    const text = page.getByLabel('Text (Markdown)')
    await text.fill(
      '## Winter\n\nBikes go to the **cellar**. <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
    )
    const preview = page.getByRole('region', { name: 'Preview' })
    await expect.poll(() => preview.getByRole('heading', { name: 'Winter' }).count(), WAIT).toBe(1)
    expect(await preview.locator('script, [onerror]').count()).toBe(0)
    await snap(page, 'kb-editor-desktop')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(new RegExp(`/org/${orgId}/kb/[0-9a-f-]{36}$`))
    await page.getByRole('button', { name: 'Publish' }).click()
    await expect.poll(() => page.getByText('Published: residents can read it now.').count(), WAIT).toBe(1)

    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Text (Markdown)').fill('## Summer\n\nBikes stay in the yard racks.')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Summer' }).count(), WAIT).toBe(1)
    await page.getByRole('link', { name: 'Versions' }).click()
    await page.getByRole('button', { name: 'Restore this version' }).click()
    await expect.poll(() => page.getByText('Version 1 restored as version 3.').count(), WAIT).toBe(1)
    await snap(page, 'kb-versions-desktop')
    await page.getByRole('link', { name: 'Back to the article' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Winter' }).count(), WAIT).toBe(1)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()

    // The board publishes partner materials too: the publisher's view of the cooperative.
    await page.goto(`${demo.server.baseUrl}/org/${orgId}/materials`)
    await page.getByLabel('Product name').fill('Door entry system')
    await page.getByRole('button', { name: 'Add product' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Door entry system' }).count(), WAIT).toBe(1)
    expect(await page.getByRole('checkbox', { name: 'Putkityö Demo Oy' }).count()).toBe(1)
    await snap(page, 'materials-publisher-desktop')
  })

  it('the contractor sees the materials granted to its company and nothing else', async () => {
    // The header's language menu is a desktop control; the phone keeps the language chosen there.
    for (const [viewport, name, language] of [
      [DESKTOP, 'desktop', 'en'],
      [PHONE, 'phone', 'fi'],
    ] as const) {
      const page = await demo.signedIn('contractor@example.com', viewport, language)
      const orgId = await demo.orgId(page, 'Putkityö Demo Oy')
      await page.goto(`${demo.server.baseUrl}/org/${orgId}/materials`)
      await expect.poll(() => page.getByRole('heading', { name: 'Lämpöpumppu X200' }).count(), WAIT).toBe(1)
      expect(await page.getByText('Ovipuhelinjärjestelmä').count()).toBe(0)
      const link = page.getByRole('link', { name: /Huolto-ohje X200/ })
      const href = (await link.getAttribute('href')) ?? ''
      const status = await page.evaluate(async (url) => (await fetch(url)).status, href)
      expect(status).toBe(200)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      )
      await snap(page, `materials-partner-${name}`)
    }
  })
})
