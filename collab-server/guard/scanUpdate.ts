/**
 * A bounded pre-scan of a Yjs v1 update, run before `Y.decodeUpdate` touches it.
 *
 * Yjs trusts the struct count an update declares and allocates an array of that size up front:
 * a 23-byte frame claiming 32 million structs costs ~256 MB and ~300 ms. This scanner walks the
 * same grammar without allocating anything, so it costs O(bytes), and refuses an update whose
 * declared counts cannot fit its length, that is truncated, or that is malformed. Only an update
 * that passes is handed to Yjs.
 */
export type ScanResult = { ok: true; structs: number; deletes: number } | { ok: false; reason: string }

class Truncated extends Error {}
class Malformed extends Error {}

class Cursor {
  pos = 0
  readonly bytes: Uint8Array
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }
  get remaining(): number {
    return this.bytes.length - this.pos
  }
  byte(): number {
    const b = this.bytes[this.pos++]
    if (b === undefined) throw new Truncated()
    return b
  }
  skip(n: number): void {
    if (n > this.remaining) throw new Truncated()
    this.pos += n
  }
  /** Unsigned LEB128, limited to 53 bits like lib0. */
  varUint(): number {
    let num = 0
    let mult = 1
    for (let i = 0; i < 8; i++) {
      const b = this.byte()
      num += (b & 0x7f) * mult
      if (b < 0x80) return num
      mult *= 128
    }
    throw new Malformed('varUint too long')
  }
  /** lib0 signed varInt: first byte carries 6 bits and the sign. */
  skipVarInt(): void {
    let b = this.byte()
    for (let i = 0; i < 8 && b & 0x80; i++) b = this.byte()
    if (b & 0x80) throw new Malformed('varInt too long')
  }
  skipId(): void {
    this.varUint()
    this.varUint()
  }
  skipVarString(): void {
    this.skip(this.varUint())
  }
}

const MAX_ANY_DEPTH = 32

function skipAny(c: Cursor, depth: number): void {
  if (depth > MAX_ANY_DEPTH) throw new Malformed('value nested too deeply')
  const type = c.byte()
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return
    case 125:
      c.skipVarInt()
      return
    case 124:
      c.skip(4)
      return
    case 123:
    case 122:
      c.skip(8)
      return
    case 119:
      c.skipVarString()
      return
    case 118: {
      const n = c.varUint()
      if (n * 2 > c.remaining) throw new Malformed('object declares more keys than fit')
      for (let i = 0; i < n; i++) {
        c.skipVarString()
        skipAny(c, depth + 1)
      }
      return
    }
    case 117: {
      const n = c.varUint()
      if (n > c.remaining) throw new Malformed('array declares more values than fit')
      for (let i = 0; i < n; i++) skipAny(c, depth + 1)
      return
    }
    case 116:
      c.skipVarString()
      return
    default:
      throw new Malformed(`unknown value type ${type}`)
  }
}

function skipContent(c: Cursor, ref: number): void {
  switch (ref) {
    case 1: // deleted
      c.varUint()
      return
    case 2: {
      // JSON
      const n = c.varUint()
      if (n > c.remaining) throw new Malformed('content declares more values than fit')
      for (let i = 0; i < n; i++) c.skipVarString()
      return
    }
    case 3: // binary
    case 4: // string
    case 5: // embed
      c.skipVarString()
      return
    case 6: // format
      c.skipVarString()
      c.skipVarString()
      return
    case 7: {
      // type
      const typeRef = c.varUint()
      if (typeRef > 6) throw new Malformed(`unknown type ref ${typeRef}`)
      if (typeRef === 3 || typeRef === 5) c.skipVarString()
      return
    }
    case 8: {
      // any
      const n = c.varUint()
      if (n > c.remaining) throw new Malformed('content declares more values than fit')
      for (let i = 0; i < n; i++) skipAny(c, 0)
      return
    }
    case 9: // subdocument
      c.skipVarString()
      skipAny(c, 0)
      return
    default:
      throw new Malformed(`unknown content ref ${ref}`)
  }
}

function skipStruct(c: Cursor): void {
  const info = c.byte()
  const ref = info & 0x1f
  // Skip (exactly 10) and GC (no content bits) carry a length only, as Yjs reads them.
  if (info === 10 || ref === 0) {
    c.varUint()
    return
  }
  const hasOrigin = (info & 0x80) !== 0
  const hasRightOrigin = (info & 0x40) !== 0
  if (hasOrigin) c.skipId()
  if (hasRightOrigin) c.skipId()
  if (!hasOrigin && !hasRightOrigin) {
    const parentIsKey = c.varUint() === 1
    if (parentIsKey) c.skipVarString()
    else c.skipId()
    if ((info & 0x20) !== 0) c.skipVarString()
  }
  skipContent(c, ref)
}

export function scanUpdate(update: Uint8Array): ScanResult {
  const c = new Cursor(update)
  let structs = 0
  let deletes = 0
  try {
    const clients = c.varUint()
    if (clients > c.remaining)
      return { ok: false, reason: 'update declares more clients than fit its length' }
    for (let i = 0; i < clients; i++) {
      const count = c.varUint()
      // Every struct takes at least two bytes (info + a length or content).
      if (count * 2 > c.remaining)
        return { ok: false, reason: 'update declares more structs than fit its length' }
      c.varUint() // client
      c.varUint() // clock
      for (let s = 0; s < count; s++) skipStruct(c)
      structs += count
    }
    const dsClients = c.varUint()
    if (dsClients > c.remaining)
      return { ok: false, reason: 'update declares more deletions than fit its length' }
    for (let i = 0; i < dsClients; i++) {
      c.varUint() // client
      const ranges = c.varUint()
      if (ranges * 2 > c.remaining)
        return { ok: false, reason: 'update declares more deletions than fit its length' }
      for (let r = 0; r < ranges; r++) c.skipId()
      deletes += ranges
    }
    return { ok: true, structs, deletes }
  } catch (error) {
    if (error instanceof Truncated) return { ok: false, reason: 'update is truncated' }
    if (error instanceof Malformed) return { ok: false, reason: `update is malformed: ${error.message}` }
    if (error instanceof RangeError) return { ok: false, reason: 'update is malformed' }
    throw error
  }
}
