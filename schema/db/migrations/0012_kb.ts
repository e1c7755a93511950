import { type Kysely, sql } from 'kysely'

// Frozen once released: never edit, add a new migration instead. Imports no application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── Knowledge base: categories, articles and every version of each article ────────────────
  await sql`
    CREATE TABLE kb_categories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, id),
      UNIQUE (org_id, name)
    )`.execute(db)

  // `shared`: a management company's article that every cooperative it manages reads.
  // Deleting a category uncategorises its articles in the same transaction (api/kb).
  await sql`
    CREATE TABLE kb_articles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      category_id uuid,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) <= 100000),
      language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi','sv','en')),
      shared boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
      current_version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, category_id) REFERENCES kb_categories(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX kb_articles_org ON kb_articles (org_id) WHERE deleted_at IS NULL`.execute(db)

  await sql`
    CREATE TABLE kb_article_versions (
      org_id uuid NOT NULL,
      article_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      title text NOT NULL,
      body text NOT NULL,
      language text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (article_id, version),
      FOREIGN KEY (org_id, article_id) REFERENCES kb_articles(org_id, id)
    )`.execute(db)

  // ── Partner materials: products, the partner companies granted each, and the files ────────
  await sql`
    CREATE TABLE partner_products (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      UNIQUE (org_id, id)
    )`.execute(db)

  // A revoked grant stays as a row so the indexer knows whose search records to remove.
  await sql`
    CREATE TABLE partner_product_grants (
      org_id uuid NOT NULL,
      product_id uuid NOT NULL,
      partner_org_id uuid NOT NULL REFERENCES organisations(id),
      granted_by uuid REFERENCES users(id),
      granted_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES users(id),
      PRIMARY KEY (product_id, partner_org_id),
      FOREIGN KEY (org_id, product_id) REFERENCES partner_products(org_id, id)
    )`.execute(db)
  await sql`
    CREATE INDEX partner_product_grants_partner ON partner_product_grants (partner_org_id)
    WHERE revoked_at IS NULL`.execute(db)

  await sql`
    CREATE TABLE partner_materials (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL,
      product_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
      file_id uuid NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users(id),
      UNIQUE (org_id, id),
      FOREIGN KEY (org_id, product_id) REFERENCES partner_products(org_id, id),
      FOREIGN KEY (org_id, file_id) REFERENCES files(org_id, id)
    )`.execute(db)
  await sql`CREATE INDEX partner_materials_product ON partner_materials (org_id, product_id)`.execute(db)
}
