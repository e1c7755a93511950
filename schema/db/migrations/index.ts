import type { Migration } from 'kysely/migration'
import * as m0001 from './0001_foundation.ts'
import * as m0002 from './0002_collab.ts'
import * as m0003 from './0003_bookings.ts'
import * as m0004 from './0004_documents_search.ts'
import * as m0005 from './0005_boards.ts'
import * as m0006 from './0006_cases.ts'
import * as m0007 from './0007_attachments.ts'
import * as m0008 from './0008_message_history.ts'
import * as m0009 from './0009_notifications.ts'
import * as m0012 from './0012_kb.ts'
import * as m0013 from './0013_search_cases_tasks.ts'
import * as m0014 from './0014_search_bookings.ts'
import * as m0015 from './0015_thread_archive.ts'
import * as m0016 from './0016_files_upkeep.ts'
import * as m0017 from './0017_search_words.ts'
import * as m0018 from './0018_standing_shift_horizon.ts'
import * as m0019 from './0019_case_record_access.ts'
import * as m0020 from './0020_case_client_key.ts'
import * as m0022 from './0022_projection_parked.ts'
import * as m0024 from './0024_finance.ts'
import * as m0026 from './0026_import_rate.ts'
import * as m0027 from './0027_reports.ts'
import * as m0029 from './0029_communications.ts'
import * as m0030 from './0030_events.ts'
import * as m0031 from './0031_meters.ts'
import * as m0032 from './0032_dashboards.ts'
import * as m0033 from './0033_onboarding.ts'
import * as m0034 from './0034_gdpr.ts'
import * as m0035 from './0035_invoice_payer_erased.ts'
import * as m0036 from './0036_gdpr_export_retention.ts'
import * as m0037 from './0037_erasure_refused.ts'
import * as m0038 from './0038_platform_announcement_delivery.ts'
import * as m0039 from './0039_event_sequence.ts'
import * as m0040 from './0040_report_indexes.ts'
import * as m0041 from './0041_calendar_attachments.ts'
import * as m0042 from './0042_local_names.ts'
import * as m0043 from './0043_thread_participants.ts'
import * as m0045 from './0045_history_purge.ts'
import * as m0047 from './0047_communications_keys_lists.ts'
import * as m0048 from './0048_communication_attachments.ts'
import * as m0049 from './0049_case_queue_counts.ts'
import * as m0050 from './0050_case_thread_activity.ts'
import * as m0051 from './0051_cases_queue_page.ts'
import * as m0052 from './0052_cases_queue_order.ts'
import * as m0053 from './0053_search_gin_fastupdate.ts'

/** Every migration in order. Forward-only: append, never edit or remove. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_collab': m0002,
  '0003_bookings': m0003,
  '0004_documents_search': m0004,
  '0005_boards': m0005,
  '0006_cases': m0006,
  '0007_attachments': m0007,
  '0008_message_history': m0008,
  '0009_notifications': m0009,
  '0012_kb': m0012,
  '0013_search_cases_tasks': m0013,
  '0014_search_bookings': m0014,
  '0015_thread_archive': m0015,
  '0016_files_upkeep': m0016,
  '0017_search_words': m0017,
  '0018_standing_shift_horizon': m0018,
  '0019_case_record_access': m0019,
  '0020_case_client_key': m0020,
  '0022_projection_parked': m0022,
  '0024_finance': m0024,
  '0026_import_rate': m0026,
  '0027_reports': m0027,
  '0029_communications': m0029,
  '0030_events': m0030,
  '0031_meters': m0031,
  '0032_dashboards': m0032,
  '0033_onboarding': m0033,
  '0034_gdpr': m0034,
  '0035_invoice_payer_erased': m0035,
  '0036_gdpr_export_retention': m0036,
  '0037_erasure_refused': m0037,
  '0038_platform_announcement_delivery': m0038,
  '0039_event_sequence': m0039,
  '0040_report_indexes': m0040,
  '0041_calendar_attachments': m0041,
  '0042_local_names': m0042,
  '0043_thread_participants': m0043,
  '0045_history_purge': m0045,
  '0047_communications_keys_lists': m0047,
  '0048_communication_attachments': m0048,
  '0049_case_queue_counts': m0049,
  '0050_case_thread_activity': m0050,
  '0051_cases_queue_page': m0051,
  '0052_cases_queue_order': m0052,
  '0053_search_gin_fastupdate': m0053,
}
