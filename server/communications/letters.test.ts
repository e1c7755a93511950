import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderLetterBatch, WINDOW } from './letters.ts'

/**
 * The letter batch read back with poppler: the page count, the address inside the C5 window
 * (text cropped to the window's rectangle), markup printed as text, and a page rendered to PNG.
 */
describe('letter batch PDF', () => {
  it('puts each address in the envelope window, one page range per recipient, markup as text', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Rivi ${i + 1}: vesikatko tiistaina.`).join('\n')
    const { pdf, pages } = await renderLetterBatch({
      sender: 'As Oy Koivukuja',
      subject: 'Vesikatko <b>tiistaina</b>',
      body: long,
      date: new Date('2026-12-06T10:00:00Z'),
      letters: [
        { address: ['Olli Omistaja', 'Koivukuja 3 B 2', '00100 Helsinki'], language: 'fi' },
        { address: ['Sven Svensson', 'Koivukuja 3 B 3', '00100 Helsinki'], language: 'sv' },
      ],
    })
    const dir = mkdtempSync(join(tmpdir(), 'letters-'))
    const file = join(dir, 'letters.pdf')
    writeFileSync(file, pdf)
    const info = execFileSync('pdfinfo', [file]).toString()
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89/)
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pages)
    // A long body flows onto more pages; the second letter starts on a page of its own.
    expect(pages).toBeGreaterThanOrEqual(4)
    const inWindow = (page: number) =>
      execFileSync('pdftotext', [
        '-f',
        String(page),
        '-l',
        String(page),
        '-r',
        '72',
        '-x',
        String(Math.floor(WINDOW.x)),
        '-y',
        String(Math.floor(WINDOW.y)),
        '-W',
        String(Math.ceil(WINDOW.width)),
        '-H',
        String(Math.ceil(WINDOW.height)),
        file,
        '-',
      ]).toString()
    expect(inWindow(1)).toContain('Olli Omistaja')
    expect(inWindow(1)).toContain('00100 Helsinki')
    const secondStart = pages / 2 + 1
    expect(inWindow(secondStart)).toContain('Sven Svensson')
    const all = execFileSync('pdftotext', [file, '-']).toString()
    expect(all).toContain('Vesikatko <b>tiistaina</b>')
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', file, join(dir, 'page')])
    const png = readFileSync(join(dir, 'page-1.png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })
})
