import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClient } from './harness.ts'

/**
 * The test client may be destroyed while its socket is still connecting (an afterAll on a loaded
 * machine): ws then emits 'error' after the provider has dropped its handlers, which once failed
 * a whole CI run as an uncaught exception from `integration/scaleout.test.ts`. A server that
 * accepts the TCP connection and never answers the upgrade keeps the socket connecting.
 */
describe('the collab test client', () => {
  let server: Server
  const held: Socket[] = []
  beforeAll(async () => {
    server = createServer((socket) => void held.push(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    for (const s of held) s.destroy()
    await new Promise((resolve) => server.close(resolve))
  })

  it('can be destroyed while its socket is still connecting, without an uncaught error', async () => {
    const uncaught: unknown[] = []
    const record = (error: unknown) => void uncaught.push(error)
    process.on('uncaughtException', record)
    try {
      const { port } = server.address() as { port: number }
      const client = openClient(`ws://127.0.0.1:${port}`, 'never/opens', {})
      await expect.poll(() => held.length).toBeGreaterThan(0)
      client.destroy()
      await new Promise((resolve) => setTimeout(resolve, 200))
    } finally {
      process.off('uncaughtException', record)
    }
    expect(uncaught).toEqual([])
  })
})
