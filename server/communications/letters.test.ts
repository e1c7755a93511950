import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { renderLetterBatch, WINDOW } from './letters.ts'

/** A notice of `sizes.length` pages ("Kokouskutsu, sivu n/N" on each), each page of its own size. */
async function notice(sizes: Array<[number, number]>): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  for (const [i, size] of sizes.entries()) {
    const page = doc.addPage(size)
    page.drawText(`Kokouskutsu, sivu ${i + 1}/${sizes.length}`, { x: 50, y: size[1] - 80, size: 18, font })
    page.drawRectangle({
      x: 20,
      y: 20,
      width: size[0] - 40,
      height: size[1] - 40,
      borderWidth: 2,
      borderColor: rgb(0, 0, 0),
    })
  }
  return doc.save()
}

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

  it('appends a PDF attachment after each letter (one recipient per page range), lists the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'letters-appendix-'))
    const { pdf, pages } = await renderLetterBatch({
      sender: 'As Oy Koivukuja',
      subject: 'Kutsu yhtiökokoukseen',
      body: 'Tervetuloa varsinaiseen yhtiökokoukseen. Kokouskutsu on liitteenä.',
      date: new Date('2026-12-06T10:00:00Z'),
      letters: [
        { address: ['Olli Omistaja', 'Koivukuja 3 B 2', '00100 Helsinki'], language: 'fi' },
        { address: ['Sven Svensson', 'Koivukuja 3 B 3', '00100 Helsinki'], language: 'sv' },
      ],
      attachments: [
        // An A4 page and a US Letter page (scaled to fit A4, never cropped).
        {
          name: 'kokouskutsu.pdf',
          pdf: await notice([
            [595.28, 841.89],
            [612, 792],
          ]),
        },
        { name: 'tilinpaatos.docx', pdf: null },
        { name: 'rikki.pdf', pdf: new TextEncoder().encode('%PDF-1.7 not really') },
      ],
    })
    const file = join(dir, 'letters.pdf')
    writeFileSync(file, pdf)
    const info = execFileSync('pdfinfo', [file]).toString()
    // Letter, notice page 1, notice page 2 — for each recipient.
    expect(pages).toBe(6)
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(6)
    const text = (page: number) =>
      execFileSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-']).toString()
    const size = (page: number) =>
      /Page\s+\d+ size:\s+([\d.]+ x [\d.]+)/.exec(
        execFileSync('pdfinfo', ['-f', String(page), '-l', String(page), file]).toString(),
      )?.[1]
    expect(text(1)).toContain('Olli Omistaja')
    expect(text(1)).toContain('kokouskutsu.pdf (tämän kirjeen perässä, 2 sivua)')
    // A file that cannot be printed (not a PDF, or a damaged one) is named as one to read in the portal.
    expect(text(1)).toContain('tilinpaatos.docx (luettavissa Kotipihassa)')
    expect(text(1)).toContain('rikki.pdf (luettavissa Kotipihassa)')
    expect(text(2)).toContain('Kokouskutsu, sivu 1/2')
    expect(text(3)).toContain('Kokouskutsu, sivu 2/2')
    expect(text(4)).toContain('Sven Svensson')
    expect(text(4)).toContain('kokouskutsu.pdf (efter detta brev, 2 sidor)')
    expect(text(5)).toContain('Kokouskutsu, sivu 1/2')
    expect(text(6)).toContain('Kokouskutsu, sivu 2/2')
    for (const page of [1, 2, 3, 4, 5, 6]) expect(size(page)).toBe('595.28 x 841.89')
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '3', '-l', '3', file, join(dir, 'page')])
    expect(readFileSync(join(dir, 'page-3.png')).subarray(1, 4).toString()).toBe('PNG')
  })
})
