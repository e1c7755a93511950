import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

/**
 * Finance (issue 14). The cooperative's books live in the management company's ERP; these tables
 * hold what the portal shows, pushed through the import API (api/finance/import) and keyed by the
 * ERP's own ids (`external_id`, unique per organisation) so a re-import updates instead of
 * duplicating. Money is integer cents everywhere (integer: one row stays under 21 M€; sums are
 * bigint). Status of an invoice is never stored: it is derived from `paid_cents`, `credited_cents`
 * and the due date (schema/finance/status.ts); both sums are kept in step with their rows in the
 * same transaction that writes a payment or a credit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE finance_invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      apartment_id uuid NOT NULL,
      external_id text,
      payer_name text NOT NULL DEFAULT '' CHECK (length(payer_name) <= 200),
      kind text NOT NULL CHECK (kind IN ('maintenance','financing','water','sauna','parking','other')),
      period date NOT NULL,
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      vat_cents integer NOT NULL DEFAULT 0 CHECK (vat_cents >= 0 AND vat_cents <= amount_cents),
      issued_on date NOT NULL,
      due_date date NOT NULL,
      reference text NOT NULL CHECK (reference ~ '^[0-9]{4,20}$'),
      iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
      paid_cents bigint NOT NULL DEFAULT 0,
      credited_cents bigint NOT NULL DEFAULT 0,
      paid_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      UNIQUE (org_id, reference),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)
  await sql`CREATE UNIQUE INDEX finance_invoices_external ON finance_invoices (org_id, external_id)`.execute(
    db,
  )
  await sql`CREATE INDEX finance_invoices_apartment ON finance_invoices (org_id, apartment_id, due_date DESC)`.execute(
    db,
  )
  await sql`
    CREATE INDEX finance_invoices_open ON finance_invoices (org_id, due_date)
      WHERE paid_cents + credited_cents < amount_cents`.execute(db)

  // Bank transfers (imported) and manual payments; matched to an invoice by reference number.
  await sql`
    CREATE TABLE finance_payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      external_id text,
      reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 35),
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      paid_on date NOT NULL,
      payer_name text NOT NULL DEFAULT '' CHECK (length(payer_name) <= 200),
      invoice_id uuid,
      source text NOT NULL CHECK (source IN ('import','manual')),
      recorded_by uuid REFERENCES users(id),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (org_id, invoice_id) REFERENCES finance_invoices(org_id, id)
    )`.execute(db)
  await sql`CREATE UNIQUE INDEX finance_payments_external ON finance_payments (org_id, external_id)`.execute(
    db,
  )
  await sql`CREATE INDEX finance_payments_invoice ON finance_payments (org_id, invoice_id)`.execute(db)
  await sql`
    CREATE INDEX finance_payments_unmatched ON finance_payments (org_id, paid_on DESC)
      WHERE invoice_id IS NULL`.execute(db)

  // Credit notes against one invoice (hyvityslasku), recorded by the accountant or manager.
  await sql`
    CREATE TABLE finance_credits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      invoice_id uuid NOT NULL,
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      recorded_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (org_id, invoice_id) REFERENCES finance_invoices(org_id, id)
    )`.execute(db)

  const categories = `('heating','water','electricity','cleaning','property_maintenance','repairs','management_fee','insurance','loan_costs','capital_income','other')`
  // Budget lines and monthly actuals per cost category; several lines of one category add up.
  await sql`
    CREATE TABLE finance_budgets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      external_id text NOT NULL,
      fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
      category text NOT NULL CHECK (category IN ${sql.raw(categories)}),
      amount_cents bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, external_id)
    )`.execute(db)
  await sql`CREATE INDEX finance_budgets_year ON finance_budgets (org_id, fiscal_year)`.execute(db)
  await sql`
    CREATE TABLE finance_actuals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      external_id text NOT NULL,
      fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
      month integer NOT NULL CHECK (month BETWEEN 1 AND 12),
      category text NOT NULL CHECK (category IN ${sql.raw(categories)}),
      amount_cents bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, external_id)
    )`.execute(db)
  await sql`CREATE INDEX finance_actuals_year ON finance_actuals (org_id, fiscal_year)`.execute(db)

  // Invoices from suppliers to the cooperative; the supplier may be a partner company on the platform.
  await sql`
    CREATE TABLE finance_supplier_invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      external_id text NOT NULL,
      supplier_org_id uuid REFERENCES organisations(id),
      supplier_name text NOT NULL CHECK (length(supplier_name) BETWEEN 1 AND 200),
      supplier_business_id text,
      invoice_number text NOT NULL DEFAULT '' CHECK (length(invoice_number) <= 100),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
      category text NOT NULL CHECK (category IN ${sql.raw(categories)}),
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      vat_cents integer NOT NULL DEFAULT 0 CHECK (vat_cents >= 0 AND vat_cents <= amount_cents),
      issued_on date NOT NULL,
      due_date date NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      decision_note text NOT NULL DEFAULT '' CHECK (length(decision_note) <= 1000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, external_id)
    )`.execute(db)
  await sql`
    CREATE INDEX finance_supplier_invoices_supplier ON finance_supplier_invoices (supplier_org_id)
      WHERE supplier_org_id IS NOT NULL`.execute(db)

  // The apartment's share of the cooperative's loans (lainaosuus).
  await sql`
    CREATE TABLE finance_loan_shares (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      apartment_id uuid NOT NULL,
      external_id text NOT NULL,
      loan_name text NOT NULL CHECK (length(loan_name) BETWEEN 1 AND 200),
      original_cents bigint NOT NULL CHECK (original_cents >= 0),
      remaining_cents bigint NOT NULL CHECK (remaining_cents >= 0),
      UNIQUE (org_id, external_id),
      FOREIGN KEY (org_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)

  // Which apartments of a held cooperative an investor portfolio owns.
  await sql`
    CREATE TABLE portfolio_apartments (
      org_id uuid NOT NULL,
      cooperative_id uuid NOT NULL,
      apartment_id uuid NOT NULL,
      PRIMARY KEY (org_id, apartment_id),
      FOREIGN KEY (org_id, cooperative_id) REFERENCES portfolio_holdings(org_id, cooperative_id),
      FOREIGN KEY (cooperative_id, apartment_id) REFERENCES apartments(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX portfolio_apartments_apartment ON portfolio_apartments (apartment_id)`.execute(db)

  // API keys for the ERP: token `kpk_<id>.<secret>`, only SHA-256(secret) stored (as sessions).
  await sql`
    CREATE TABLE api_keys (
      id text PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      secret_hash bytea NOT NULL,
      scopes text[] NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX api_keys_org ON api_keys (org_id)`.execute(db)
}
