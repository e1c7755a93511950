import { describe, expect, it } from 'vitest'
import { describeActivity } from './activity.ts'

describe('describeActivity', () => {
  it('names a sign-in address as people know it: an IPv4 client without the IPv6 mapping', () => {
    const login = (address: string) =>
      describeActivity('fi', { action: 'auth.login', details: { device: 'Firefox on Linux', address } })
    expect(login('::ffff:127.0.0.1')).toBe('Kirjautui sisään (Firefox on Linux) osoitteesta 127.0.0.1')
    expect(login('203.0.113.7')).toBe('Kirjautui sisään (Firefox on Linux) osoitteesta 203.0.113.7')
    // A real IPv6 address stays as it is.
    expect(login('2001:db8::1')).toBe('Kirjautui sisään (Firefox on Linux) osoitteesta 2001:db8::1')
  })
})
