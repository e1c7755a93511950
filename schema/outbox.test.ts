import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isOutboxTopic, OUTBOX_TOPICS, payloadOf, TRIGGER_TOPICS } from './outbox.ts'

describe('the outbox contract', () => {
  it('declares every topic a migration trigger writes, as a trigger topic', () => {
    const dir = join(import.meta.dirname, 'db/migrations')
    const written = new Set<string>()
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8')
      for (const m of text.matchAll(
        /INSERT INTO outbox\s*\([^)]*\)\s*(?:VALUES\s*\(|SELECT)[^']*'([a-z_.]+)'/g,
      ))
        written.add(m[1] as string)
    }
    expect(written.size).toBeGreaterThan(5)
    expect([...written].sort()).toEqual([...TRIGGER_TOPICS].sort())
  })

  it('parses a payload stored as text (postgres.js) or as an object (PGlite)', () => {
    const p = { threadId: 't', messageId: 'm', authorId: null }
    expect(payloadOf('message.changed', JSON.stringify(p))).toEqual(p)
    expect(payloadOf('message.changed', p)).toEqual(p)
    expect(payloadOf('notify', { type: 'invoice_paid', invoiceId: 'i' })).toEqual({
      type: 'invoice_paid',
      invoiceId: 'i',
    })
  })

  it('refuses a payload that does not fit its topic, naming the topic', () => {
    expect(() => payloadOf('message.changed', { messageId: 'm' })).toThrow(
      /outbox message.changed: bad payload/,
    )
    expect(() => payloadOf('notify', { type: 'case_paid', caseId: 'c' })).toThrow(/outbox notify/)
  })

  it('knows its topics and nothing else', () => {
    expect(isOutboxTopic('notify')).toBe(true)
    expect(isOutboxTopic('toString')).toBe(false)
    expect(Object.keys(OUTBOX_TOPICS)).toContain('task.changed')
  })
})
