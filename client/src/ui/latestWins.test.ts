import { describe, expect, it } from 'vitest'
import { latestWins } from './latestWins.ts'

/** A fake server that applies requests in the order they reach it and answers after a delay. */
function server(delays: number[]) {
  const applied: number[] = []
  let inFlight = 0
  let maxInFlight = 0
  let i = 0
  const send = async (value: number) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const delay = delays[i++ % delays.length] ?? 0
    await new Promise((r) => setTimeout(r, delay))
    applied.push(value)
    inFlight--
    return { stored: value }
  }
  return { send, applied, maxInFlight: () => maxInFlight }
}

describe('latestWins', () => {
  it('ends with the newest value although earlier requests would answer later', async () => {
    // Without the queue, ten concurrent requests with these delays land as 45 last, not 50.
    const s = server([30, 5, 25, 1, 20, 2, 15, 3, 10, 0])
    const save = latestWins(s.send)
    const answers = await Promise.all([5, 10, 15, 20, 25, 30, 35, 40, 45, 50].map((v) => save(v)))
    expect(s.applied.at(-1)).toBe(50)
    expect(s.maxInFlight()).toBe(1)
    // Only the newest call gets an answer; superseded ones get undefined, never a stale value.
    expect(answers.at(-1)).toEqual({ stored: 50 })
    expect(answers.slice(0, -1).every((a) => a === undefined)).toBe(true)
    // The first is sent at once, the rest collapse into the newest: two requests, not ten.
    expect(s.applied).toEqual([5, 50])
  })

  it('the same race without it: concurrent requests end with whichever lands last', async () => {
    const s = server([30, 5, 25, 1, 20, 2, 15, 3, 10, 0])
    await Promise.all([5, 10, 15, 20, 25, 30, 35, 40, 45, 50].map((v) => s.send(v)))
    expect(s.applied.at(-1)).not.toBe(50)
  })

  it('sends a value chosen after the previous answer on its own', async () => {
    const s = server([1])
    const save = latestWins(s.send)
    expect(await save(5)).toEqual({ stored: 5 })
    expect(await save(10)).toEqual({ stored: 10 })
    expect(s.applied).toEqual([5, 10])
  })

  it('rejects the call whose request failed and keeps working', async () => {
    let fail = true
    const save = latestWins(async (v: number) => {
      if (fail) throw new Error('offline')
      return v
    })
    await expect(save(5)).rejects.toThrow('offline')
    fail = false
    expect(await save(10)).toBe(10)
  })
})
