import type { ColumnType, Generated, Insertable, RawBuilder, Selectable } from 'kysely'
import type { ApiKeyScope, CostCategory, InvoiceKind } from '../finance/kinds.ts'
import type { LocalNames } from '../localNames.ts'
import type { BoardTopic } from '../policy.ts'
import type { Language, NotificationPrefs, OrgKind, Role, RoleGroup } from '../roles.ts'

/** Table types. The migrations are the truth; keep these in step with them. */

/** jsonb is written through server/db/json.ts `jsonb()`, which both drivers store alike. */
type JsonInput = RawBuilder<unknown>
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export interface OrganisationsTable {
  id: Generated<string>
  kind: OrgKind
  name: string
  business_id: string | null
  status: Generated<'active' | 'suspended'>
  managed_by: string | null
  created_at: CreatedAt
  address: string | null
  fiscal_year_start_month: Generated<number>
}

export interface PortfolioHoldingsTable {
  org_id: string
  cooperative_id: string
}

export interface BuildingsTable {
  id: Generated<string>
  org_id: string
  name: string
  address: Generated<string>
}

export interface StaircasesTable {
  id: Generated<string>
  org_id: string
  building_id: string
  name: string
}

export interface ApartmentsTable {
  id: Generated<string>
  org_id: string
  building_id: string
  staircase_id: string | null
  number: string
  // numeric comes back as a string from both drivers
  area_m2: ColumnType<string, string | number, string | number>
  share_count: number
  /** The ERP's id (import API, CSV import); null for apartments added by hand. */
  external_id: string | null
}

export interface UsersTable {
  id: Generated<string>
  email: string
  name: string
  phone: string | null
  language: Generated<Language>
  password_hash: string | null
  platform_admin: Generated<boolean>
  totp_key: Uint8Array | null
  totp_pending_key: Uint8Array | null
  notification_prefs: ColumnType<Partial<NotificationPrefs>, JsonInput | undefined, JsonInput>
  created_at: CreatedAt
  /** 0034: when the person's data was erased (the row stays, pseudonymised). */
  erased_at: Timestamp | null
}

export interface ErasureRequestsTable {
  id: Generated<string>
  user_id: string
  remove_message_text: Generated<boolean>
  /** cancelled: the person withdrew it; refused: an organisation's staff refused it (0037). */
  status: Generated<'pending' | 'erased' | 'cancelled' | 'refused'>
  /** The organisations whose staff must confirm (the person's memberships when asked). */
  org_ids: string[]
  requested_at: CreatedAt
  erased_at: Timestamp | null
  refused_at: Timestamp | null
  refused_by: string | null
  refused_org_id: string | null
  /** Told to the person (inbox, mail, My data). */
  refusal_reason: string | null
}

export interface ErasureConfirmationsTable {
  request_id: string
  org_id: string
  confirmed_by: string
  confirmed_at: CreatedAt
}

/** 0036: a person's data export, prepared in the background; the link's secret is stored hashed. */
export interface GdprExportsTable {
  id: Generated<string>
  user_id: string
  status: Generated<'queued' | 'running' | 'ready' | 'failed'>
  progress: Generated<number>
  token_hash: Uint8Array | null
  /** The zip under FILES_DIR/exports. */
  file_name: string | null
  // bigint: both drivers return it as a string
  size: ColumnType<string | null, number | null, number | null>
  error: string | null
  requested_at: CreatedAt
  ready_at: Timestamp | null
  expires_at: Timestamp | null
}

/** 0036: how many days an organisation keeps closed cases, chat history and meter readings (null: kept). */
export interface RetentionSettingsTable {
  org_id: string
  closed_cases_days: number | null
  chat_days: number | null
  readings_days: number | null
  updated_by: string | null
  updated_at: Generated<Date>
}

export interface MembershipsTable {
  id: Generated<string>
  org_id: string
  user_id: string
  role: Role
  building_id: string | null
  apartment_id: string | null
  created_at: CreatedAt
}

export interface SessionsTable {
  id: string
  user_id: string
  secret_hash: Uint8Array
  mfa_verified: Generated<boolean>
  created_at: CreatedAt
  expires_at: Timestamp
  user_agent: Generated<string>
}

export interface LoginFailuresTable {
  id: Generated<string>
  key: string
  at: Generated<Date>
}

export interface RecoveryCodesTable {
  user_id: string
  code_hash: Uint8Array
  used_at: Timestamp | null
}

export interface PasswordResetsTable {
  token_hash: Uint8Array
  user_id: string
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface InvitationsTable {
  id: Generated<string>
  org_id: string
  email: string
  role: Role
  building_id: string | null
  apartment_id: string | null
  token_hash: Uint8Array
  invited_by: string
  created_at: CreatedAt
  expires_at: Timestamp
  accepted_at: Timestamp | null
  revoked_at: Timestamp | null
  language: Language | null
}

export type RegistrationStatus = 'pending' | 'approved' | 'rejected' | 'blocked'

export interface RegistrationsTable {
  id: Generated<string>
  company_name: string
  business_id: string
  contact_name: string
  email: string
  phone: string | null
  products: ColumnType<string[], string[] | undefined, string[]>
  user_id: string
  status: Generated<RegistrationStatus>
  reason: string | null
  org_id: string | null
  reviewed_by: string | null
  reviewed_at: Timestamp | null
  created_at: CreatedAt
}

export interface AuditLogTable {
  id: Generated<string>
  org_id: string | null
  actor_id: string | null
  action: string
  target_type: string
  target_id: string | null
  details: ColumnType<Record<string, unknown>, JsonInput | undefined, never>
  at: CreatedAt
}

export interface MailOutboxTable {
  id: Generated<string>
  to_address: string
  subject: string
  body: string
  kind: string
  created_at: CreatedAt
  sent_at: Timestamp | null
  attempts: Generated<number>
  last_error: string | null
  /** 0041: an iCalendar file sent with the mail (an event's invitation, change or cancellation). */
  calendar: string | null
}

export interface Database {
  organisations: OrganisationsTable
  portfolio_holdings: PortfolioHoldingsTable
  buildings: BuildingsTable
  staircases: StaircasesTable
  apartments: ApartmentsTable
  users: UsersTable
  memberships: MembershipsTable
  sessions: SessionsTable
  login_failures: LoginFailuresTable
  recovery_codes: RecoveryCodesTable
  password_resets: PasswordResetsTable
  invitations: InvitationsTable
  registrations: RegistrationsTable
  audit_log: AuditLogTable
  mail_outbox: MailOutboxTable
  threads: ThreadsTable
  collab_documents: CollabDocumentsTable
  collab_updates: CollabUpdatesTable
  collab_tokens: CollabTokensTable
  messages: MessagesTable
  message_versions: MessageVersionsTable
  projection_parked: ProjectionParkedTable
  outbox: OutboxTable
  erasure_requests: ErasureRequestsTable
  erasure_confirmations: ErasureConfirmationsTable
  gdpr_exports: GdprExportsTable
  retention_settings: RetentionSettingsTable
}

export type UserRow = Selectable<UsersTable>
export type OrganisationRow = Selectable<OrganisationsTable>
export type NewAuditEntry = Insertable<AuditLogTable>

// ── Collab (0002_collab) ─────────────────────────────────────────────────────────────────────

export interface ThreadsTable {
  id: Generated<string>
  org_id: string
  kind: Generated<'channel' | 'case' | 'task' | 'event'>
  title: string
  audience: Generated<'members' | 'board'>
  created_by: string | null
  created_at: CreatedAt
  archived_at: Timestamp | null
}

export interface CollabDocumentsTable {
  name: string
  org_id: string | null
  kind: string
  snapshot: Uint8Array
  updated_at: Generated<Date>
}

export interface CollabUpdatesTable {
  // bigint identity: both drivers return it as a string
  id: Generated<string>
  doc_name: string
  update: Uint8Array
  user_id: string | null
  created_at: CreatedAt
}

export interface CollabTokensTable {
  token_hash: Uint8Array
  user_id: string
  session_id: string
  expires_at: Timestamp
}

export interface MessagesTable {
  org_id: string
  thread_id: string
  id: string
  author_id: string | null
  text: string
  created_at: Timestamp
  edited_at: Timestamp | null
  deleted: Generated<boolean>
  hidden: Generated<boolean>
  /** 0015: order in the thread, from 1. */
  seq: number
  hidden_reason: string | null
  hidden_by: string | null
  attachments: Generated<string[]>
  /** 0015: when the message left the live document for the archive. */
  archived_at: Timestamp | null
}

/** 0008: every text a message has had (original, edits, deletion); moderators and auditors read it. */
export interface MessageVersionsTable {
  org_id: string
  thread_id: string
  message_id: string
  /** The Yjs item that carried the text, `<client>:<clock>`: the idempotency key. */
  version: string
  text: string
  deleted: Generated<boolean>
  edited_by: string | null
  edited_at: Timestamp
}

/** 0022: document items a projection could not write, parked and reported once each. */
export interface ProjectionParkedTable {
  doc_name: string
  /** The item's Yjs id, `<client>:<clock>`. */
  item: string
  org_id: string | null
  /** What the item names (a message id). */
  entity_id: string
  author_id: string | null
  reason: string
  created_at: CreatedAt
}

export interface OutboxTable {
  id: Generated<string>
  org_id: string | null
  topic: string
  entity_id: string
  payload: ColumnType<Record<string, unknown>, string | undefined, string>
  created_at: CreatedAt
  attempts: Generated<number>
  claimed_at: Timestamp | null
  processed_at: Timestamp | null
  last_error: string | null
}

export type ThreadRow = Selectable<ThreadsTable>

// ── Bookings (0003_bookings) ─────────────────────────────────────────────────────────────────

/** A tstzrange: written with sql`tstzrange(...)`, read back through lower()/upper() as Dates. */
type RangeColumn = ColumnType<string, RawBuilder<unknown>, RawBuilder<unknown>>

/** ISO weekday "1" (Monday) .. "7" → [from, to] pairs of Europe/Helsinki wall-clock "HH:MM". */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>

export interface BookingCategoriesTable {
  id: Generated<string>
  org_id: string
  name: string
  position: Generated<number>
  /** 0042: the name per language; `name` is the one of last resort. */
  names: ColumnType<LocalNames, JsonInput | undefined, JsonInput>
}

export interface BookingQuotaGroupsTable {
  id: Generated<string>
  org_id: string
  name: string
  max_active: number
}

export interface BookingResourcesTable {
  id: Generated<string>
  org_id: string
  category_id: string
  building_id: string | null
  quota_group_id: string | null
  name: string
  description: Generated<string>
  mode: 'slots' | 'free'
  grid_minutes: number
  min_minutes: number
  max_minutes: number
  opening_hours: ColumnType<OpeningHours, JsonInput, JsonInput>
  lead_min_minutes: Generated<number>
  lead_max_days: Generated<number>
  cancel_cutoff_minutes: Generated<number>
  active: Generated<boolean>
  created_at: CreatedAt
}

export interface BookingBlackoutsTable {
  id: Generated<string>
  org_id: string
  resource_id: string
  during: RangeColumn
  reason: Generated<string>
}

export interface BookingUnitsTable {
  id: Generated<string>
  org_id: string
  name: string
}

export interface BookingUnitResourcesTable {
  org_id: string
  unit_id: string
  resource_id: string
}

export interface BookingStandingShiftsTable {
  id: Generated<string>
  org_id: string
  resource_id: string
  apartment_id: string
  weekday: number
  start_time: string
  duration_minutes: number
  // date columns: compared and written as 'YYYY-MM-DD' strings
  valid_from: ColumnType<Date, string, string>
  valid_until: ColumnType<Date | null, string | null, string | null>
  created_by: string | null
  created_at: CreatedAt
  ended_at: Timestamp | null
  /** How many weeks ahead its bookings are kept (0018). */
  weeks_ahead: Generated<number>
  /** The local date of the last week booked or tried. */
  materialised_until: ColumnType<Date, string, string>
}

export type BookingStatus = 'confirmed' | 'cancelled'

export interface BookingsTable {
  id: Generated<string>
  org_id: string
  resource_id: string
  apartment_id: string | null
  booked_by: string | null
  during: RangeColumn
  status: Generated<BookingStatus>
  standing_shift_id: string | null
  note: Generated<string>
  created_at: CreatedAt
  cancelled_at: Timestamp | null
  cancelled_by: string | null
}

export interface BookingClaimsTable {
  org_id: string
  booking_id: string
  unit_id: string
  resource_id: string
  during: RangeColumn
}

export interface BookingFeedTokensTable {
  token_hash: Uint8Array
  user_id: string
  created_at: CreatedAt
  revoked_at: Timestamp | null
}

export interface Database {
  booking_categories: BookingCategoriesTable
  booking_quota_groups: BookingQuotaGroupsTable
  booking_resources: BookingResourcesTable
  booking_blackouts: BookingBlackoutsTable
  booking_units: BookingUnitsTable
  booking_unit_resources: BookingUnitResourcesTable
  booking_standing_shifts: BookingStandingShiftsTable
  bookings: BookingsTable
  booking_claims: BookingClaimsTable
  booking_feed_tokens: BookingFeedTokensTable
}

// ── Documents and search (0004_documents_search) ─────────────────────────────────────────────
// Declared as a second `Database` block (interfaces merge) so each domain appends its own tables.

export interface Database {
  files: FilesTable
  document_folders: DocumentFoldersTable
  documents: DocumentsTable
  document_versions: DocumentVersionsTable
  search_records: SearchRecordsTable
  search_lexicon: SearchLexiconTable
}

/** The outbox columns added for the indexer (backoff, parking, lease owner). */
export interface OutboxTable {
  available_at: Timestamp | null
  parked_at: Timestamp | null
  claimed_by: string | null
}

export interface FilesTable {
  id: Generated<string>
  org_id: string
  sha256: string
  // bigint: both drivers return it as a string
  size: ColumnType<string, number, number>
  mime: string
  name: string
  uploaded_by: string | null
  created_at: CreatedAt
}

export interface DocumentFoldersTable {
  id: Generated<string>
  org_id: string
  parent_id: string | null
  name: string
  visible_roles: ColumnType<Role[], Role[] | undefined, Role[]>
  visible_groups: ColumnType<RoleGroup[], RoleGroup[] | undefined, RoleGroup[]>
  building_id: string | null
  created_by: string | null
  created_at: CreatedAt
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export interface DocumentsTable {
  id: Generated<string>
  org_id: string
  folder_id: string
  title: string
  language: Generated<Language>
  current_version: Generated<number>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Date>
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export interface DocumentVersionsTable {
  org_id: string
  document_id: string
  version: number
  file_id: string
  created_by: string | null
  created_at: CreatedAt
  extracted_text: string | null
  extracted_at: Timestamp | null
  extract_error: string | null
}

export interface SearchRecordsTable {
  id: string
  org_id: string
  type: string
  entity_id: string
  title: string
  body: string
  url: string
  language: string
  updated_at: Timestamp
  vis_all: boolean
  vis_roles: string[]
  vis_building: string | null
  vis_participants: string[]
  vis_internal: boolean
  /** Who wrote it (advanced search filters by it); null when nobody in particular. */
  author_id: Generated<string | null>
  /** Derived by a trigger from title, body and language. */
  tsv: ColumnType<string, never, never>
}

export interface SearchLexiconTable {
  word: string
}

// ── Cases (0006_cases) ───────────────────────────────────────────────────────────────────────

export interface Database {
  case_categories: CaseCategoriesTable
  cases: CasesTable
  case_participants: CaseParticipantsTable
  case_status_history: CaseStatusHistoryTable
  case_record_changes: CaseRecordChangesTable
  thread_reads: ThreadReadsTable
}

/** The columns 0006 adds to `threads`: a case's thread and its internal notes. */
export interface ThreadsTable {
  case_id: string | null
  layer: 'case' | 'internal' | null
}

/** 0042: a standing channel's name per language; `title` is the one of last resort. */
export interface ThreadsTable {
  names: ColumnType<LocalNames, JsonInput | undefined, JsonInput>
}

export interface CaseCategoriesTable {
  org_id: string
  key: string
  name: string | null
  position: Generated<number>
  /** 0008: a retired category stays on old cases but is not offered for new ones. */
  active: Generated<boolean>
}

export type CaseStatusColumn = 'new' | 'in_progress' | 'waiting' | 'resolved' | 'closed'
export type CasePriorityColumn = 'low' | 'normal' | 'high' | 'urgent'

export interface CasesTable {
  id: Generated<string>
  org_id: string
  number: number
  reporter_id: string
  title: string
  category: string
  priority: Generated<CasePriorityColumn>
  status: Generated<CaseStatusColumn>
  assignee_id: string | null
  /** date: read back as 'YYYY-MM-DD' text (selected with to_char). */
  due_date: ColumnType<string | null, string | null, string | null>
  building_id: string | null
  staircase_id: string | null
  apartment_id: string | null
  shared_with_building: Generated<boolean>
  excerpt: Generated<string>
  /** The report form's idempotency key: unique per (org, reporter) when set (0020). */
  client_key: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface CaseParticipantsTable {
  org_id: string
  case_id: string
  user_id: string
  added_by: string | null
  added_at: CreatedAt
  /** The partner company they were added through (0019); null: a member of the cooperative. */
  via_org_id: string | null
}

/** Every change of a case's description and checklist (0019), projected from the update log. */
export interface CaseRecordChangesTable {
  org_id: string
  case_id: string
  entry: string
  kind: CaseRecordChangeKind
  item_id: string | null
  item_text: string | null
  before: string | null
  after: string | null
  changed_by: string | null
  changed_at: Timestamp
}
export type CaseRecordChangeKind =
  | 'description'
  | 'checklist_added'
  | 'checklist_edited'
  | 'checklist_ticked'
  | 'checklist_unticked'
  | 'checklist_removed'

export interface CaseStatusHistoryTable {
  org_id: string
  case_id: string
  seq: number
  status: CaseStatusColumn
  changed_by: string | null
  changed_at: Timestamp
}

export interface ThreadReadsTable {
  user_id: string
  thread_id: string
  read_at: Timestamp
}

// ── Task boards (0005_boards) ────────────────────────────────────────────────────────────────

export interface Database {
  boards: BoardsTable
  tasks: TasksTable
  task_comments: TaskCommentsTable
}

export type BoardVisibility = 'board' | 'residents'

export interface BoardsTable {
  id: Generated<string>
  org_id: string
  title: string
  visibility: Generated<BoardVisibility>
  created_by: string | null
  created_at: CreatedAt
  archived_at: Timestamp | null
  topic: Generated<BoardTopic>
}

export interface TasksTable {
  org_id: string
  board_id: string
  card_id: string
  title: string
  description: Generated<string>
  assignee_id: string | null
  delegated_org_id: string | null
  /** date: read back as 'YYYY-MM-DD' text (selected with to_char). */
  due: ColumnType<string | null, string | null, string | null>
  column_id: string | null
  status: Generated<string>
  labels: ColumnType<string[], JsonInput | undefined, JsonInput>
  checklist_done: Generated<number>
  checklist_total: Generated<number>
  progress: Generated<number>
  archived: Generated<boolean>
  updated_at: Generated<Date>
}

export interface TaskCommentsTable {
  id: Generated<string>
  org_id: string
  board_id: string
  card_id: string
  author_id: string | null
  author_org_id: string | null
  text: string
  created_at: CreatedAt
}

// ── Notifications (0009_notifications) ───────────────────────────────────────────────────────

export interface Database {
  notification_dedupe: NotificationDedupeTable
}

export interface NotificationDedupeTable {
  key: string
  source: string
  created_at: CreatedAt
}

// ── Attachments (0007_attachments) ───────────────────────────────────────────────────────────

export interface Database {
  attachments: AttachmentsTable
}

export type AttachmentOwnerKind = 'case' | 'message' | 'task' | 'communication' | 'event'

export interface AttachmentsTable {
  id: Generated<string>
  org_id: string
  owner_kind: AttachmentOwnerKind
  /** The case, the thread (message attachments), the card, the communication or the event (0048). */
  owner_id: string
  /** The card's board; set only for task attachments. */
  board_id: string | null
  file_id: string
  thumb_sha256: string | null
  uploaded_by: string | null
  created_at: CreatedAt
  deleted_at: Timestamp | null
  deleted_by: string | null
}

// ── Knowledge base and partner materials (0012_kb) ─────────────────────────────────────────

export interface Database {
  kb_categories: KbCategoriesTable
  kb_articles: KbArticlesTable
  kb_article_versions: KbArticleVersionsTable
  partner_products: PartnerProductsTable
  partner_product_grants: PartnerProductGrantsTable
  partner_materials: PartnerMaterialsTable
}

export interface KbCategoriesTable {
  id: Generated<string>
  org_id: string
  name: string
  position: Generated<number>
  created_at: CreatedAt
}

export interface KbArticlesTable {
  id: Generated<string>
  org_id: string
  category_id: string | null
  title: string
  body: string
  language: Generated<Language>
  shared: Generated<boolean>
  status: Generated<'draft' | 'published'>
  current_version: Generated<number>
  created_by: string | null
  created_at: CreatedAt
  updated_by: string | null
  updated_at: Generated<Date>
  published_at: Timestamp | null
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export interface KbArticleVersionsTable {
  org_id: string
  article_id: string
  version: number
  title: string
  body: string
  language: Language
  created_by: string | null
  created_at: CreatedAt
}

export interface PartnerProductsTable {
  id: Generated<string>
  org_id: string
  name: string
  description: Generated<string>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Date>
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export interface PartnerProductGrantsTable {
  org_id: string
  product_id: string
  partner_org_id: string
  granted_by: string | null
  granted_at: Generated<Date>
  revoked_at: Timestamp | null
  revoked_by: string | null
}

export interface PartnerMaterialsTable {
  id: Generated<string>
  org_id: string
  product_id: string
  title: string
  description: Generated<string>
  file_id: string
  created_by: string | null
  created_at: CreatedAt
  deleted_at: Timestamp | null
  deleted_by: string | null
}

// ── Upload throttle (0016_files_upkeep) ─────────────────────────────────────────────────

export interface Database {
  upload_attempts: UploadAttemptsTable
  import_calls: ImportCallsTable
}

/** 0026: one row per import API call (`key:<id>` or `user:<id>`), kept for the rate limit's window. */
export interface ImportCallsTable {
  id: Generated<string>
  caller: string
  at: Generated<Date>
}

/** One row per upload a user started, kept for the throttle's window. */
export interface UploadAttemptsTable {
  id: Generated<string>
  user_id: string
  at: Generated<Date>
}

// ── Finance (0024_finance) ──────────────────────────────────────────────────────────────

export interface Database {
  finance_invoices: FinanceInvoicesTable
  finance_payments: FinancePaymentsTable
  finance_credits: FinanceCreditsTable
  finance_budgets: FinanceBudgetsTable
  finance_actuals: FinanceActualsTable
  finance_supplier_invoices: FinanceSupplierInvoicesTable
  finance_loan_shares: FinanceLoanSharesTable
  portfolio_apartments: PortfolioApartmentsTable
  api_keys: ApiKeysTable
}

/** A `date` column: both drivers return a Date; read it as text (`::text`) to avoid time zones. */
type DateColumn = ColumnType<Date, string, string>
/** Sums and aggregates kept as bigint: drivers return a string (postgres.js) or a number. */
type BigCents = ColumnType<string | number, number | undefined, number>

export interface FinanceInvoicesTable {
  id: Generated<string>
  org_id: string
  apartment_id: string
  external_id: string | null
  payer_name: Generated<string>
  /** The payer was erased (GDPR): the invoice is kept, but no longer found by their name. */
  payer_erased: Generated<boolean>
  kind: InvoiceKind
  period: DateColumn
  description: Generated<string>
  amount_cents: number
  vat_cents: Generated<number>
  issued_on: DateColumn
  due_date: DateColumn
  reference: string
  iban: string
  paid_cents: BigCents
  credited_cents: BigCents
  paid_on: ColumnType<Date | null, string | null | undefined, string | null>
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface FinancePaymentsTable {
  id: Generated<string>
  org_id: string
  external_id: string | null
  reference: Generated<string>
  amount_cents: number
  paid_on: DateColumn
  payer_name: Generated<string>
  invoice_id: string | null
  source: 'import' | 'manual'
  recorded_by: string | null
  note: Generated<string>
  created_at: CreatedAt
}

export interface FinanceCreditsTable {
  id: Generated<string>
  org_id: string
  invoice_id: string
  amount_cents: number
  reason: string
  recorded_by: string | null
  created_at: CreatedAt
}

export interface FinanceBudgetsTable {
  id: Generated<string>
  org_id: string
  external_id: string
  fiscal_year: number
  category: CostCategory
  amount_cents: BigCents
  updated_at: Timestamp
}

export interface FinanceActualsTable {
  id: Generated<string>
  org_id: string
  external_id: string
  fiscal_year: number
  month: number
  category: CostCategory
  amount_cents: BigCents
  updated_at: Timestamp
}

export type SupplierInvoiceStatus = 'pending' | 'approved' | 'rejected'

export interface FinanceSupplierInvoicesTable {
  id: Generated<string>
  org_id: string
  external_id: string
  supplier_org_id: string | null
  supplier_name: string
  supplier_business_id: string | null
  invoice_number: Generated<string>
  description: Generated<string>
  category: CostCategory
  amount_cents: number
  vat_cents: Generated<number>
  issued_on: DateColumn
  due_date: DateColumn
  status: Generated<SupplierInvoiceStatus>
  decided_by: string | null
  decided_at: Timestamp | null
  decision_note: Generated<string>
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface FinanceLoanSharesTable {
  id: Generated<string>
  org_id: string
  apartment_id: string
  external_id: string
  loan_name: string
  original_cents: BigCents
  remaining_cents: BigCents
}

export interface PortfolioApartmentsTable {
  org_id: string
  cooperative_id: string
  apartment_id: string
  /** The ERP's id of the holding (0027), for the `holdings` import kind. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>
  acquired_on: ColumnType<Date | null, string | null | undefined, string | null>
  price_cents: ColumnType<string | number | null, number | null | undefined, number | null>
}

export interface ApiKeysTable {
  id: string
  org_id: string
  name: string
  secret_hash: Uint8Array
  scopes: ColumnType<ApiKeyScope[], ApiKeyScope[], ApiKeyScope[]>
  created_by: string | null
  created_at: CreatedAt
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

// ── Reports and the investor portal (0027_reports) ───────────────────────────────────────────

export interface Database {
  portfolio_rents: PortfolioRentsTable
  renovation_plans: RenovationPlansTable
}

/** Rental income of a held apartment per month (report 7). */
export interface PortfolioRentsTable {
  id: Generated<string>
  org_id: string
  apartment_id: string
  external_id: string
  month: DateColumn
  amount_cents: number
  updated_at: Generated<Date>
}

/** A line of the cooperative's long-term maintenance plan (PTS), imported (report 8). */
export interface RenovationPlansTable {
  id: Generated<string>
  org_id: string
  external_id: string
  title: string
  planned_year: number
  estimate_cents: BigCents
  updated_at: Generated<Date>
}

// ── Communications (0029_communications) ──────────────────────────────────────────────────────

export interface AnnouncementsTable {
  id: Generated<string>
  org_id: string | null
  severity: 'info' | 'warning' | 'critical'
  starts_at: Timestamp
  ends_at: Timestamp
  texts: ColumnType<Record<string, { title: string; body: string }>, JsonInput, JsonInput>
  created_by: string | null
  created_at: CreatedAt
  withdrawn_at: Timestamp | null
  signalled_at: Timestamp | null
  /** 0038: organisations a platform announcement is limited to (null: everyone). */
  target_org_ids: ColumnType<string[] | null, JsonInput | undefined, JsonInput>
  /** 0038: the fan-out of a platform critical announcement (last user id done; when finished). */
  fanout_cursor: string | null
  fanout_done_at: Timestamp | null
}

export interface AnnouncementDismissalsTable {
  announcement_id: string
  user_id: string
  at: CreatedAt
}

export interface CommunicationsTable {
  id: Generated<string>
  org_id: string
  sender_id: string | null
  subject: string
  body: string
  audience: ColumnType<Record<string, unknown>, JsonInput, JsonInput>
  override: ColumnType<Record<string, unknown>, JsonInput | undefined, JsonInput>
  recipient_count: Generated<number>
  scheduled_at: Timestamp
  created_at: CreatedAt
  cancelled_at: Timestamp | null
  letter_file_id: string | null
  letter_pages: number | null
  texts: ColumnType<Record<string, { title: string; body: string }> | null, JsonInput | undefined, JsonInput>
  /** 0038: the platform announcement this organisation's send carries (its fan-out). */
  announcement_id: string | null
  /** 0041: the iCalendar file this send's emails carry (an event's notices), null for none. */
  calendar: string | null
}

export type DeliveryChannel = 'portal' | 'email' | 'sms' | 'letter'
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'read' | 'cancelled'

export interface CommunicationDeliveriesTable {
  // bigint identity: both drivers return it as a string
  id: Generated<string>
  org_id: string
  communication_id: string
  user_id: string
  channel: DeliveryChannel
  address: Generated<string>
  language: Generated<string>
  status: Generated<DeliveryStatus>
  attempts: Generated<number>
  available_at: Timestamp
  claimed_at: Timestamp | null
  claimed_by: string | null
  last_error: string | null
  provider_ref: string | null
  sent_at: Timestamp | null
  delivered_at: Timestamp | null
  read_at: Timestamp | null
}

/** 0047: a saved recipient list, a named audience of one organisation. */
export interface CommunicationListsTable {
  id: Generated<string>
  org_id: string
  name: string
  audience: ColumnType<Record<string, unknown>, JsonInput, JsonInput>
  created_by: string | null
  created_at: CreatedAt
}

export interface Database {
  announcements: AnnouncementsTable
  announcement_dismissals: AnnouncementDismissalsTable
  communications: CommunicationsTable
  communication_deliveries: CommunicationDeliveriesTable
  communication_lists: CommunicationListsTable
}

// ── Events (0030_events) ─────────────────────────────────────────────────────────────────────

export type RsvpResponse = 'yes' | 'no' | 'maybe'

export interface EventsTable {
  id: Generated<string>
  org_id: string
  title: string
  description: Generated<string>
  place: Generated<string>
  starts_at: Timestamp
  ends_at: Timestamp
  audience: ColumnType<Record<string, unknown>, JsonInput, JsonInput>
  capacity: number | null
  reminder_hours: number | null
  reminder_communication_id: string | null
  thread_id: string
  created_by: string | null
  created_at: CreatedAt
  cancelled_at: Timestamp | null
  /** 0039: the iCalendar SEQUENCE, one more on every change an attendee is told of. */
  sequence: Generated<number>
  /** 0039: when the event was last edited (null: never). */
  updated_at: Timestamp | null
}

export interface EventInviteesTable {
  event_id: string
  user_id: string
}

export interface EventRsvpsTable {
  event_id: string
  user_id: string
  response: RsvpResponse
  updated_at: Timestamp
}

export interface Database {
  events: EventsTable
  event_invitees: EventInviteesTable
  event_rsvps: EventRsvpsTable
}

// ── Meters and readings (0031_meters) ───────────────────────────────────────────────────────

export interface Database {
  meters: MetersTable
  meter_readings: MeterReadingsTable
  reading_rounds: ReadingRoundsTable
}

export type MeterKindColumn = 'electricity' | 'cold_water' | 'hot_water' | 'heat' | 'other'
export type MeterUnitColumn = 'kWh' | 'MWh' | 'm3' | 'l'
/** date columns here are read back with to_char (text) and written as 'YYYY-MM-DD'. */
type DayColumn = ColumnType<string, string, string>

export interface MetersTable {
  id: Generated<string>
  org_id: string
  building_id: string
  apartment_id: string | null
  kind: MeterKindColumn
  serial: string
  unit: MeterUnitColumn
  location: Generated<string>
  external_id: string | null
  retired_at: Timestamp | null
  created_at: CreatedAt
}

export interface MeterReadingsTable {
  id: Generated<string>
  org_id: string
  meter_id: string
  /** numeric(14,3): read back as text by both drivers. */
  value: ColumnType<string, string | number, string | number>
  read_on: DayColumn
  meter_change: Generated<boolean>
  status: 'accepted' | 'flagged' | 'rejected'
  flag_reason: 'high_consumption' | 'low_consumption' | null
  source: 'resident' | 'staff' | 'import'
  submitted_by: string | null
  photo_file_id: string | null
  note: Generated<string>
  external_id: string | null
  reviewed_by: string | null
  reviewed_at: Timestamp | null
  created_at: CreatedAt
}

export interface ReadingRoundsTable {
  id: Generated<string>
  org_id: string
  building_id: string
  title: string
  kind: MeterKindColumn | null
  opens_on: DayColumn
  due_on: DayColumn
  created_by: string | null
  closed_at: Timestamp | null
  created_at: CreatedAt
}

// ── Dashboards, cooperative information and links (0032_dashboards) ─────────────────────────

export interface Database {
  dashboard_layouts: DashboardLayoutsTable
  dashboard_defaults: DashboardDefaultsTable
  org_info: OrgInfoTable
  org_links: OrgLinksTable
}

/** One widget on a dashboard, in order: its kind and its size (validated in schema/api/dashboards.ts). */
export interface WidgetColumn {
  kind: string
  size: 'small' | 'large'
}

export interface DashboardLayoutsTable {
  user_id: string
  org_id: string
  widgets: ColumnType<WidgetColumn[], JsonInput, JsonInput>
  updated_at: Timestamp
}

export interface DashboardDefaultsTable {
  org_id: string
  role_group: RoleGroup
  widgets: ColumnType<WidgetColumn[], JsonInput, JsonInput>
  updated_by: string | null
  updated_at: Timestamp
}

export interface OrgContactColumn {
  role: string
  name: string
  phone: string
  email: string
  note: string
}

export interface OrgInfoTable {
  org_id: string
  contacts: ColumnType<OrgContactColumn[], JsonInput | undefined, JsonInput>
  office_hours: Generated<string>
  emergency_phone: Generated<string>
  house_rules: Generated<string>
  updated_by: string | null
  updated_at: Timestamp
}

export interface OrgLinksTable {
  id: Generated<string>
  org_id: string
  title: string
  url: string
  description: Generated<string>
  icon: Generated<string>
  position: Generated<number>
  created_by: string | null
  created_at: CreatedAt
}

/** 0043: who has written in a thread (kept by triggers on `messages`), for the notifier. */
export interface Database {
  thread_participants: ThreadParticipantsTable
}

export interface ThreadParticipantsTable {
  org_id: string
  thread_id: string
  user_id: string
  /** How many message rows the user has in the thread (> 0). */
  messages: number
}

/** 0049: open cases per cooperative and (status, assignee, due date), kept by triggers on `cases`. */
export interface Database {
  case_queue_counts: CaseQueueCountsTable
}

export interface CaseQueueCountsTable {
  org_id: string
  status: 'new' | 'in_progress' | 'waiting'
  assignee_id: string | null
  /** date: read back as 'YYYY-MM-DD' text. */
  due_date: ColumnType<string | null, string | null, string | null>
  /** How many open cases have these values (> 0). */
  cases: number
}

/** 0050: per case thread, its latest live message and the latest by anyone else (triggers on `messages`). */
export interface Database {
  case_thread_activity: CaseThreadActivityTable
}

export interface CaseThreadActivityTable {
  thread_id: string
  org_id: string
  case_id: string
  last_at: Timestamp
  last_author: string | null
  /** The latest live message by anyone but `last_author`; null when they wrote every one. */
  other_at: Timestamp | null
}
