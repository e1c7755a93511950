import { describe, expect, it } from 'vitest'
import { isOutboxTopic } from '../schema/outbox.ts'
import { TOPICS } from './sources.ts'

describe('the indexer topics', () => {
  it('consumes only topics declared in the outbox contract (schema/outbox.ts)', () => {
    expect(TOPICS.length).toBeGreaterThan(5)
    expect(TOPICS.filter((t) => !isOutboxTopic(t))).toEqual([])
  })
})
