import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Reports and the investor portal (issue 15).
 *
 * - `portfolio_apartments` gains the ERP's id of the holding (the `holdings` import kind upserts
 *   by it), the acquisition date and price (net yield of report 7 is against the price).
 * - `portfolio_rents`: rental income of a held apartment per month, entered by the portfolio or
 *   imported (`rents` kind). Removing a holding removes its rents (they describe that holding).
 * - `renovation_plans`: the cooperative's long-term maintenance plan (PTS) lines, imported by the
 *   ERP (`renovations` kind), read by the investor's costs-and-risks report.
 * - Indexes the reports' range scans use: invoices by period, cases by creation and update time,
 *   bookings by resource and start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE portfolio_apartments ADD COLUMN external_id text`.execute(db)
  await sql`ALTER TABLE portfolio_apartments ADD COLUMN acquired_on date`.execute(db)
  await sql`ALTER TABLE portfolio_apartments ADD COLUMN price_cents bigint CHECK (price_cents >= 0)`.execute(
    db,
  )
  await sql`CREATE UNIQUE INDEX portfolio_apartments_external ON portfolio_apartments (org_id, external_id)`.execute(
    db,
  )
  await sql`CREATE INDEX portfolio_apartments_cooperative ON portfolio_apartments (org_id, cooperative_id)`.execute(
    db,
  )

  await sql`
    CREATE TABLE portfolio_rents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      apartment_id uuid NOT NULL,
      external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      amount_cents integer NOT NULL CHECK (amount_cents >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, external_id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES portfolio_apartments(org_id, apartment_id) ON DELETE CASCADE
    )`.execute(db)
  await sql`CREATE INDEX portfolio_rents_month ON portfolio_rents (org_id, month)`.execute(db)

  await sql`
    CREATE TABLE renovation_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      planned_year integer NOT NULL CHECK (planned_year BETWEEN 2000 AND 2100),
      estimate_cents bigint NOT NULL CHECK (estimate_cents >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, external_id)
    )`.execute(db)
  await sql`CREATE INDEX renovation_plans_year ON renovation_plans (org_id, planned_year)`.execute(db)

  await sql`CREATE INDEX finance_invoices_period ON finance_invoices (org_id, period)`.execute(db)
  await sql`CREATE INDEX cases_org_created ON cases (org_id, created_at)`.execute(db)
  await sql`CREATE INDEX case_status_history_changed ON case_status_history (org_id, changed_at)`.execute(db)
}
