import type { DB } from '../db/connect.ts'

/**
 * The hook for "your invoice is paid" notices: called in the transaction that settled the
 * invoices. Live inbox delivery (an outbox row for the notifier) is not wired yet (issue 14 (g));
 * until then the owner sees the new status on their next load.
 */
export async function notifySettled(
  _trx: DB,
  _orgId: string,
  _invoiceIds: readonly string[],
): Promise<void> {}
