import { describe, expect, it } from 'vitest'
import { DOCX, PDF, TEXT, XLSX } from '../../server/files/formats.ts'
import { sniffType } from '../../server/files/storage.ts'
import { corruptPdf, makeDocx, makePdf, makeXlsx } from '../test/fixtures.ts'
import { DEFAULT_LIMITS, ExtractionError, extractText } from './extract.ts'

describe('text extraction', () => {
  it('reads a real PDF made by pdf-lib', async () => {
    const bytes = await makePdf(['Yhtiokokous 2026', 'Kattoremontin kustannusarvio hyvaksyttiin'])
    expect(await sniffType(bytes.subarray(0, 4096))).toBe(PDF)
    const text = await extractText(bytes, PDF)
    expect(text).toContain('Kattoremontin kustannusarvio')
  })

  it('reads a real docx made by docx', async () => {
    const bytes = await makeDocx(['Järjestyssäännöt', 'Saunavuorot varataan ilmoitustaululta.'])
    expect(await sniffType(bytes)).toBe(DOCX)
    const text = await extractText(bytes, DOCX)
    expect(text).toContain('Saunavuorot varataan ilmoitustaululta.')
  })

  it('reads every sheet of a real xlsx made by write-excel-file', async () => {
    const bytes = await makeXlsx([
      {
        name: 'Vastikkeet',
        rows: [
          ['Huoneisto', 'Hoitovastike', 'Rahoitusvastike'],
          ['A 1', 245.5, 80],
          ['B 12', 312, 95.25],
        ],
      },
      { name: 'Huolto', rows: [['Saunan kiuaskivet vaihdetaan lokakuussa']] },
    ])
    expect(await sniffType(bytes)).toBe(XLSX)
    const text = await extractText(bytes, XLSX)
    expect(text).toContain('Vastikkeet')
    expect(text).toContain('Huoneisto Hoitovastike Rahoitusvastike')
    expect(text).toContain('B 12 312 95.25')
    expect(text).toContain('Huolto\nSaunan kiuaskivet vaihdetaan lokakuussa')
  })

  it('reads plain text and refuses markup as text', async () => {
    const enc = new TextEncoder()
    expect(await sniffType(enc.encode('Pihan lumityöt alkavat klo 7.'))).toBe(TEXT)
    expect(
      await sniffType(enc.encode('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')),
    ).toBe(null)
    expect(await sniffType(enc.encode('  <!doctype html><html></html>'))).toBe(null)
    expect(await sniffType(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))).toBe(null)
    expect(await extractText(enc.encode('Pihan lumityöt'), TEXT)).toBe('Pihan lumityöt')
  })

  it('a corrupt PDF fails quickly with an error instead of hanging', async () => {
    const started = Date.now()
    await expect(extractText(corruptPdf(), PDF)).rejects.toBeInstanceOf(ExtractionError)
    expect(Date.now() - started).toBeLessThan(DEFAULT_LIMITS.timeoutMs)
  })

  it('a file that takes too long is stopped at the time limit', async () => {
    const bytes = await makePdf(Array.from({ length: 30 }, (_, i) => `Rivi ${i} `.repeat(8)))
    const started = Date.now()
    await expect(extractText(bytes, PDF, { ...DEFAULT_LIMITS, timeoutMs: 1 })).rejects.toThrow(/timed out/)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('a file over the size limit is not parsed', async () => {
    await expect(
      extractText(new Uint8Array(2048), PDF, { ...DEFAULT_LIMITS, maxBytes: 1024 }),
    ).rejects.toThrow(/too large/)
  })
})
