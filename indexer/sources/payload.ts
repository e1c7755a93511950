/** An outbox payload as an object: postgres.js hands back a pre-serialised string, PGlite an object. */
export function payloadObject(payload: unknown): Record<string, unknown> {
  if (typeof payload === 'string') {
    try {
      const parsed: unknown = JSON.parse(payload)
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {}
}
