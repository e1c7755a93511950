import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { letters, makePdf } from '../indexer/test/fixtures.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 7 in a real browser: the property manager (TOTP) creates a folder only staff and the
 * board may read, uploads a PDF made here whose text holds a word found nowhere else, types part
 * of that word in the header search (Ctrl+K) and opens the document from the results; a resident
 * searching the same word gets nothing.
 */
const run = chromiumAvailable()
/** The machine may be busy: server round trips and the indexer get time. */
const WAIT = { timeout: 20_000, interval: 200 }

describe.skipIf(!run)('documents and search in Chromium', () => {
  const demo = useDemoBrowsers()

  async function searchFor(page: Page, text: string) {
    await page.keyboard.press('Control+k')
    const box = page.getByRole('combobox', { name: 'Search' })
    await box.fill(text)
    return box
  }

  it('staff folder, PDF upload, search by part of a word inside it, resident finds nothing', async () => {
    const word = letters('zq', 10)
    const folderName = `Board papers ${letters('', 4)}`

    const manager = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(manager, demo.server.baseUrl, 'manager@example.com')
    const orgId = await demo.orgId(manager)

    // "Documents" is in the organisation's navigation; a folder readable by staff and the board only.
    await manager.goto(`${demo.server.baseUrl}/org/${orgId}`)
    await manager
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Documents' })
      .click()
    await manager.waitForURL(new RegExp(`/org/${orgId}/documents$`))
    await manager.getByRole('button', { name: 'New folder' }).click()
    const dialog = manager.getByRole('dialog')
    await dialog.getByLabel('Folder name').fill(folderName)
    await dialog.getByRole('group', { name: 'Role groups' }).getByLabel('Staff').check()
    await dialog.getByRole('group', { name: 'Role groups' }).getByLabel('Board').check()
    await snap(manager, 'documents-new-folder-desktop')
    await dialog.getByRole('button', { name: 'Create folder' }).click()
    await manager.waitForURL(/\/documents\/[0-9a-f-]{36}$/)
    const folderUrl = manager.url()
    await expect.poll(() => manager.locator('.docs__folder-head').textContent(), WAIT).toContain(folderName)
    await expect
      .poll(() => manager.locator('.docs__folder-head').textContent(), WAIT)
      .not.toContain('Resident')

    // A file whose bytes are not an allowed type is refused with a message naming it.
    const input = manager.getByLabel('Choose files to upload')
    await input.setInputFiles({
      name: 'virus.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
    })
    await expect
      .poll(() => manager.locator('.upload-zone .alert--error').textContent(), WAIT)
      .toContain('“virus.pdf” is not a supported kind of file')

    // The PDF: the word is only in its text, not in its title or file name.
    const pdf = await makePdf(['Roof renovation 2027', `Contractor offers compared: ${word} was chosen.`])
    await input.setInputFiles({
      name: 'roof-renovation.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(pdf),
    })
    await expect
      .poll(() => manager.locator('.upload-zone .alert--success').textContent(), WAIT)
      .toContain('“roof-renovation.pdf” uploaded.')
    await expect.poll(() => manager.locator('.doc-list').textContent(), WAIT).toContain('roof-renovation')
    await snap(manager, 'documents-folder-desktop')

    // Search as you type with part of the word; the result opens the document.
    // The indexer works in the background: like a user, type again until the answer has it.
    const part = word.slice(0, 7)
    const box = await searchFor(manager, part)
    const result = manager.locator('.search-dialog').getByRole('option', { name: /roof-renovation/ })
    await expect
      .poll(
        async () => {
          if ((await result.count()) > 0) return true
          await box.fill('')
          await box.fill(part)
          await manager.locator('.search-dialog__status').filter({ hasNotText: 'Searching' }).waitFor()
          return (await result.count()) > 0
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true)
    await expect.poll(() => result.first().locator('mark').textContent(), WAIT).toContain(part)
    await snap(manager, 'documents-search-desktop')
    await result.first().click()
    await manager.waitForURL(/\/documents\/[0-9a-f-]{36}\?document=[0-9a-f-]{36}$/)
    expect(manager.url().startsWith(folderUrl)).toBe(true)
    const panel = manager.locator('.doc-panel')
    await expect
      .poll(() => panel.getByRole('heading', { level: 2 }).textContent(), WAIT)
      .toBe('roof-renovation')
    // Focus lands on the opened document, and its PDF is shown from the inline route.
    await expect
      .poll(() => manager.evaluate(() => document.activeElement?.textContent ?? ''), WAIT)
      .toBe('roof-renovation')
    const frame = panel.locator('iframe.doc-preview__pdf')
    expect(await frame.getAttribute('src')).toMatch(/\/versions\/1\/download\?inline=1$/)
    // Chromium's own PDF viewer (its built-in extension) opened it, despite the sandboxing CSP.
    await expect
      .poll(
        () =>
          manager
            .frames()
            .some((f) => f.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/')),
        WAIT,
      )
      .toBe(true)
    await expect.poll(() => panel.locator('.doc-versions tbody tr').count(), WAIT).toBe(1)
    await expect
      .poll(() => panel.locator('.doc-versions').textContent(), WAIT)
      .toContain('roof-renovation.pdf')
    await snap(manager, 'documents-open-desktop')
    await manager.setViewportSize(PHONE)
    await snap(manager, 'documents-open-phone')

    // Delete (soft) and restore from the staff trash, on the phone.
    await panel.getByRole('button', { name: 'Delete' }).click()
    await manager.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
    await manager.waitForURL(folderUrl)
    await expect.poll(() => manager.locator('.docs__main').textContent(), WAIT).toContain('no documents yet')
    await manager.getByRole('link', { name: 'Trash' }).click()
    await manager.waitForURL(/\/documents\/trash$/)
    await manager.getByRole('button', { name: 'Restore roof-renovation' }).click()
    await expect
      .poll(() => manager.getByRole('status').allTextContents(), WAIT)
      .toContain('“roof-renovation” restored.')
    await snap(manager, 'documents-trash-phone')
    await manager.goto(folderUrl)
    await expect.poll(() => manager.locator('.doc-list').textContent(), WAIT).toContain('roof-renovation')

    // A resident types the whole word: nothing, and the folder is not among theirs.
    const resident = await demo.signedIn('resident@example.com', DESKTOP, 'en')
    await resident.setViewportSize(PHONE)
    await searchFor(resident, word)
    await expect
      .poll(() => resident.locator('.search-dialog__status').textContent(), WAIT)
      .toContain(`Nothing found for “${word}”`)
    expect(await resident.locator('.search-dialog').getByRole('option').count()).toBe(0)
    await snap(resident, 'documents-search-resident-phone')
    await resident.keyboard.press('Escape')
    await resident.goto(`${demo.server.baseUrl}/org/${orgId}/documents`)
    await expect.poll(() => resident.locator('.docs__side').textContent(), WAIT).not.toContain('Loading')
    const residentTree = (await resident.locator('.folder-tree').textContent()) ?? ''
    expect(residentTree).not.toContain(folderName)
    // The demo's AGM papers are for every member; the board minutes are not.
    expect(residentTree).toContain('Yhtiökokous 2026')
    expect(residentTree).not.toContain('Hallituksen pöytäkirjat')
    await snap(resident, 'documents-resident-phone')
    const api = (await resident.evaluate(
      async (q) => (await fetch(`/api/search?q=${encodeURIComponent(q)}`)).json(),
      word,
    )) as { results: unknown[] }
    expect(api.results).toEqual([])
  })
})
