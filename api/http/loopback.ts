import { BlockList, isIP } from 'node:net'

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/**
 * Whether a client address (as `clientAddress` resolved it: the socket's, or the forwarded one
 * with TRUST_PROXY) is this machine's loopback: 127.0.0.0/8, ::1, or IPv4 loopback mapped into
 * IPv6 (`::ffff:127.0.0.1`, how a dual-stack socket reports it). 'unknown' (no socket) is not.
 */
export function isLoopback(address: string): boolean {
  const plain = address.replace(/^::ffff:/i, '')
  const family = isIP(plain)
  return family !== 0 && LOOPBACK.check(plain, family === 4 ? 'ipv4' : 'ipv6')
}
