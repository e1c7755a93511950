import { sql } from 'kysely'
import type { z } from 'zod'
import {
  type ImportKind,
  type ImportReport,
  MAX_IMPORT_ROWS,
  type RowOutcome,
  type RowReport,
} from '../../../schema/api/financeImport.ts'
import { AppError } from '../../../schema/errors.ts'
import type { DB } from '../../../server/db/connect.ts'

/**
 * Runs one import inside the caller's transaction: each row is validated on its own (a bad row is
 * refused with its field paths and never stops the good ones), a second row with the same
 * `externalId` in one file is refused, and valid rows are handed to the kind's handler in batches.
 * Over MAX_IMPORT_ROWS rows refuses the whole file (413); the caller rolls back.
 */
export const BATCH_SIZE = 2000

export interface Refusal {
  path: string
  message: string
}

export interface BatchItem<Row> {
  row: number
  value: Row
}

export interface BatchResult {
  row: number
  status: Exclude<RowOutcome, 'refused'> | 'refused'
  errors?: Refusal[]
}

export interface KindHandler<Row extends { externalId: string }, Ctx> {
  schema: z.ZodType<Row, unknown>
  prepare(trx: DB, orgId: string): Promise<Ctx>
  apply(trx: DB, orgId: string, ctx: Ctx, batch: BatchItem<Row>[]): Promise<BatchResult[]>
  /** The table the kind fills, analysed as an import grows it (see `runImport`). */
  table?: string
}

/** Created rows at which the kind's table is first analysed during one call; then at each doubling. */
const FIRST_ANALYZE_AT = 1_000

export async function runImport<Row extends { externalId: string }, Ctx>(
  trx: DB,
  opts: {
    orgId: string
    kind: ImportKind
    handler: KindHandler<Row, Ctx>
    rows: AsyncIterable<unknown>
    listAll: boolean
    dryRun: boolean
  },
): Promise<ImportReport> {
  const { handler, orgId } = opts
  // One import per cooperative at a time: two files naming the same externalId never race.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`finance-import:${orgId}`}))`.execute(trx)
  const ctx = await handler.prepare(trx, orgId)
  const report: ImportReport = {
    kind: opts.kind,
    dryRun: opts.dryRun,
    counts: { created: 0, updated: 0, unchanged: 0, refused: 0 },
    rows: [],
  }
  const externalIds = new Map<number, string | null>()
  const seen = new Map<string, number>()
  const record = (r: RowReport) => {
    report.counts[r.status]++
    if (opts.listAll || r.status === 'refused') report.rows.push(r)
  }
  let batch: BatchItem<Row>[] = []
  // The planner's statistics still describe the table before this import (a cooperative with no
  // invoices yet): it then takes the cooperative for a handful of rows and looks up each batch's
  // references and ids by scanning them instead of probing the unique indexes, and every batch is
  // slower than the one before (issue 14: a 100,000-row import at 260 rows/s, 866 rows/s at
  // 20,000 without this). At 1,000, 2,000, 4,000, … created rows the organisation column alone is
  // analysed, in the transaction (so its own rows count), from a sample of 3,000 rows: 15 ms on a
  // 45,000-row table where a whole ANALYZE took 600 ms. Autovacuum analyses the rest later.
  let nextAnalyze = FIRST_ANALYZE_AT
  // One batch is written while the next is parsed and validated: the database and this process
  // work at the same time (an import is half JSON and validation, half SQL). Only one batch is in
  // flight, so the kind's handler sees batches in file order as before.
  let writing: Promise<void> | null = null
  const write = async (items: BatchItem<Row>[]) => {
    if (handler.table && report.counts.created >= nextAnalyze) {
      await sql`SET LOCAL default_statistics_target = 10`.execute(trx)
      await sql`ANALYZE ${sql.table(handler.table)} (org_id)`.execute(trx)
      await sql`RESET default_statistics_target`.execute(trx)
      nextAnalyze = report.counts.created * 2
    }
    for (const result of await handler.apply(trx, orgId, ctx, items)) {
      record({
        row: result.row,
        externalId: externalIds.get(result.row) ?? null,
        status: result.status,
        ...(result.errors ? { errors: result.errors } : {}),
      })
      externalIds.delete(result.row)
    }
  }
  const flush = async () => {
    if (writing) await writing
    writing = null
    if (batch.length === 0) return
    const items = batch
    batch = []
    const started = write(items)
    // Held until the next flush awaits it; a failure meanwhile is not an unhandled rejection.
    started.catch(() => {})
    writing = started
  }

  let n = 0
  try {
    await readAll()
  } finally {
    // A malformed file throws while a batch may still be writing: let it end before the rollback.
    await (writing as Promise<void> | null)?.catch(() => {})
  }
  await flush() // starts the last batch
  await flush() // and waits for it
  report.rows.sort((a, b) => a.row - b.row)
  return report

  async function readAll() {
    for await (const raw of opts.rows) {
      n++
      if (n > MAX_IMPORT_ROWS) {
        throw new AppError('payload_too_large', `At most ${MAX_IMPORT_ROWS} rows per call; split the file.`)
      }
      const externalId = externalIdOf(raw)
      const parsed = handler.schema.safeParse(raw)
      if (!parsed.success) {
        record({ row: n, externalId, status: 'refused', errors: issuesOf(parsed.error) })
        continue
      }
      const first = seen.get(parsed.data.externalId)
      if (first !== undefined) {
        record({
          row: n,
          externalId,
          status: 'refused',
          errors: [{ path: 'externalId', message: `Duplicate of row ${first} in this file.` }],
        })
        continue
      }
      seen.set(parsed.data.externalId, n)
      externalIds.set(n, parsed.data.externalId)
      batch.push({ row: n, value: parsed.data })
      if (batch.length >= BATCH_SIZE) await flush()
    }
  }
}

function externalIdOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'externalId' in raw) {
    const id = (raw as { externalId: unknown }).externalId
    if (typeof id === 'string' || typeof id === 'number') return String(id).slice(0, 100)
  }
  return null
}

function issuesOf(error: z.ZodError): Refusal[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(row)',
    message: issue.message,
  }))
}
