export const BYTEA_OID = 17

/**
 * PGlite's own bytea codec converts hex one byte at a time in JavaScript: reading the snapshot of
 * a 10,000-message thread (3.6 MB) took longer than decoding it into a Y.Doc (bench/threads.ts).
 * Node's native hex codec does the same conversion.
 */
export const parseBytea = (text: string): Uint8Array => {
  const buffer = Buffer.from(text.slice(2), 'hex')
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

export const serializeBytea = (value: unknown): string => {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type')
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
}

/**
 * Structured clone copies a typed array's whole ArrayBuffer, not just its view: a 100-byte slice
 * of a websocket frame or of Node's 8 KiB Buffer pool would cross the thread as the whole buffer.
 * The profile of bench:busy showed postMessage at 7-9 % of both threads before bytes were sent
 * as exact copies.
 */
export function exactBytes<T>(value: T): T {
  if (value instanceof Uint8Array && value.byteLength !== value.buffer.byteLength) {
    return new Uint8Array(value) as T
  }
  return value
}
