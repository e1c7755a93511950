import { parentPort, workerData } from 'node:worker_threads'
import mammoth from 'mammoth'
import readXlsxFile from 'read-excel-file/node'
import { extractText } from 'unpdf'
import { DOCX, PDF, TEXT, XLSX } from '../../server/files/formats.ts'

/**
 * Runs one extraction in a worker thread, so the parent can terminate it when it takes too long
 * or allocates too much (a hostile file cannot hang the indexer).
 */
interface Job {
  bytes: Uint8Array
  mime: string
}

async function extract({ bytes, mime }: Job): Promise<string> {
  switch (mime) {
    case PDF: {
      const { text } = await extractText(new Uint8Array(bytes), { mergePages: true })
      return text
    }
    case DOCX:
      return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value
    case XLSX: {
      const sheets = await readXlsxFile(Buffer.from(bytes))
      return sheets
        .map((sheet) =>
          [sheet.sheet, ...sheet.data.map((row) => row.filter((cell) => cell !== null).join(' '))].join('\n'),
        )
        .join('\n\n')
    }
    case TEXT:
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes)
    default:
      throw new Error(`No text extraction for ${mime}`)
  }
}

extract(workerData as Job).then(
  (text) => parentPort?.postMessage({ ok: true, text }),
  (err: unknown) =>
    parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
)
