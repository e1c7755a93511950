/** A statement of a batch (batch.ts); no imports, so the PGlite thread loads it cheaply. */
export interface BatchStatement {
  sql: string
  parameters: readonly unknown[]
  /** The first row's `column` must equal `equals` (strings compared), else the batch rolls back. */
  expect?: { column: string; equals: string }
}

export class BatchConflict extends Error {
  override name = 'BatchConflict'
}

/** Whether a statement's rows meet its expectation. */
export function meetsExpectation(statement: BatchStatement, rows: readonly unknown[]): boolean {
  if (!statement.expect) return true
  const first = rows[0] as Record<string, unknown> | undefined
  return first !== undefined && String(first[statement.expect.column]) === statement.expect.equals
}

export const batchStatement = (
  query: { sql: string; parameters: readonly unknown[] },
  expect?: BatchStatement['expect'],
): BatchStatement => ({ sql: query.sql, parameters: query.parameters, ...(expect ? { expect } : {}) })
