import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderRoleTable, TABLE_END, TABLE_START, withCurrentTable } from './lib/roleTable.ts'

describe('docs/ROLES.md', () => {
  const doc = readFileSync(new URL('../docs/ROLES.md', import.meta.url), 'utf8')

  it('holds the role table the policy gives today (run npm run docs:roles after a policy change)', () => {
    expect(doc).toContain(TABLE_START)
    expect(doc).toContain(TABLE_END)
    expect(withCurrentTable(doc)).toBe(doc)
  })

  it('would notice a drift: a changed cell makes the document differ', () => {
    const drifted = doc.replace(/\| ✓ \|/, '|  |')
    expect(drifted).not.toBe(doc)
    expect(withCurrentTable(drifted)).not.toBe(drifted)
  })

  it('shows the back-office rules of issue 18', () => {
    const row = (label: string) =>
      renderRoleTable()
        .split('\n')
        .find((l) => l.startsWith(`| ${label}`)) ?? ''
    // maintenance (13th role column) works boards; the accountant only finance boards.
    expect(row('Work on cards of a board (')).toMatch(/✓/)
    expect(
      row('Approve partner registrations')
        .split('|')
        .filter((c) => c.trim() === '✓'),
    ).toHaveLength(3)
  })
})
