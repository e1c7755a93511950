import { createInterface } from 'node:readline'
import { Readable, Transform } from 'node:stream'
import { parse as parseCsv } from 'csv-parse'
import { AppError } from '../../../schema/errors.ts'

/**
 * The rows of an import body, one at a time, read from the request stream: a JSON array
 * (stream-json), NDJSON (one JSON object a line) or CSV with a header row (csv-parse). The body is
 * never held whole: bytes are counted as they pass and the read stops with 413 the moment they
 * exceed `maxBytes`. Anything that is not well-formed in its format is `MalformedFile`, which
 * refuses the whole file (the caller rolls back what it wrote).
 */
export type ImportFormat = 'json' | 'ndjson' | 'csv'

export class MalformedFile extends AppError {
  constructor(message: string) {
    super('bad_request', `The file is not valid: ${message}`)
  }
}

export function formatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/ndjson')
    return 'ndjson'
  if (type === 'text/csv') return 'csv'
  throw new AppError(
    'unsupported_media_type',
    'Send application/json (an array), application/x-ndjson or text/csv.',
  )
}

function byteLimit(maxBytes: number) {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      if (seen > maxBytes) {
        done(
          new AppError(
            'payload_too_large',
            `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
          ),
        )
        return
      }
      done(null, chunk)
    },
  })
}

/** Each row as a plain value (objects expected; the row validator says what is wrong with others). */
export async function* readRows(
  body: ReadableStream<Uint8Array> | null,
  format: ImportFormat,
  maxBytes: number,
): AsyncGenerator<unknown> {
  if (!body) throw new MalformedFile('the body is empty.')
  // stream-json is loaded at the first JSON import, not with every API start and test file; and
  // before the body starts to flow, so that a size error never fires before its listener is on.
  const streamArray =
    format === 'json' ? (await import('stream-json/streamers/stream-array.js')).default : undefined
  const limited = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>).pipe(
    byteLimit(maxBytes),
  )
  // A size error surfaces on the limiter; pass it on to whatever reads after it.
  const fail = (source: NodeJS.ReadableStream, target: { destroy: (e: Error) => void }) =>
    source.on('error', (e: Error) => target.destroy(e))
  try {
    if (format === 'ndjson') {
      const lines = createInterface({ input: limited, crlfDelay: Number.POSITIVE_INFINITY })
      let n = 0
      for await (const line of lines) {
        n++
        if (line.trim() === '') continue
        try {
          yield JSON.parse(line)
        } catch {
          throw new MalformedFile(`line ${n} is not JSON.`)
        }
      }
      return
    }
    if (format === 'json') {
      const items = streamArray!.withParserAsStream()
      fail(limited, items)
      limited.pipe(items)
      for await (const item of items as AsyncIterable<{ value: unknown }>) yield item.value
      return
    }
    const records = parseCsv({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 64 * 1024,
    })
    fail(limited, records)
    limited.pipe(records)
    for await (const record of records as AsyncIterable<Record<string, string>>) {
      // An empty cell is an absent field (defaults apply), as in a JSON row without it.
      yield Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''))
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new MalformedFile(e instanceof Error ? e.message.slice(0, 200) : 'unreadable.')
  } finally {
    limited.destroy()
  }
}
