import { Worker } from 'node:worker_threads'
import { EXTRACTABLE_TYPES, TEXT } from '../../server/files/formats.ts'

export interface ExtractLimits {
  /** Wall-clock limit for one file. */
  readonly timeoutMs: number
  /** Files larger than this are not parsed at all. */
  readonly maxBytes: number
  /** Extracted text is cut to this many characters. */
  readonly maxChars: number
  /** Heap of the extraction worker. */
  readonly maxHeapMb: number
}

export const DEFAULT_LIMITS: ExtractLimits = {
  timeoutMs: 15_000,
  maxBytes: 25 * 1024 * 1024,
  maxChars: 200_000,
  maxHeapMb: 256,
}

export class ExtractionError extends Error {}

/** Text of a PDF, docx, xlsx or plain-text file, in a worker thread under time and size limits. */
export async function extractText(
  bytes: Uint8Array,
  mime: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
): Promise<string> {
  if (!EXTRACTABLE_TYPES.includes(mime)) return ''
  if (bytes.byteLength > limits.maxBytes)
    throw new ExtractionError(`File too large to extract (${bytes.byteLength} bytes)`)
  // Plain text needs no parser: decoding cannot hang, so it skips the worker's start-up cost.
  if (mime === TEXT) return clean(new TextDecoder('utf-8').decode(bytes), limits)
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    workerData: { bytes, mime },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
    stdout: true,
    stderr: true,
  })
  try {
    const text = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ExtractionError(`Extraction timed out after ${limits.timeoutMs} ms`)),
        limits.timeoutMs,
      )
      worker.once('message', (msg: { ok: true; text: string } | { ok: false; error: string }) => {
        clearTimeout(timer)
        if (msg.ok) resolve(msg.text)
        else reject(new ExtractionError(`Could not read the file: ${msg.error}`.slice(0, 500)))
      })
      worker.once('error', (err) => {
        clearTimeout(timer)
        reject(new ExtractionError(`Extraction failed: ${err.message}`.slice(0, 500)))
      })
      worker.once('exit', (code) => {
        clearTimeout(timer)
        reject(new ExtractionError(`Extraction stopped (exit ${code})`))
      })
    })
    return clean(text, limits)
  } finally {
    await worker.terminate()
  }
}

function clean(text: string, limits: ExtractLimits): string {
  return text
    .replaceAll(String.fromCharCode(0), '')
    .replace(/[ \t]+/g, ' ')
    .slice(0, limits.maxChars)
}
