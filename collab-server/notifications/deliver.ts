import type { Hocuspocus } from '@hocuspocus/server'
import { addInboxItem } from '../../schema/docs/inbox.ts'
import { inboxDocName } from '../../schema/docs/names.ts'
import { notificationMail } from '../../schema/i18n/mail.ts'
import { defaultNotificationPrefs } from '../../schema/roles.ts'
import type { DB } from '../../server/db/connect.ts'
import type { Mailer } from '../../server/mail/mailer.ts'
import type { CollabContext } from '../context.ts'
import type { Delivery } from '../notifier.ts'

export interface DeliverOptions {
  db: DB
  hocuspocus: Hocuspocus<CollabContext>
  mailer?: Mailer | undefined
  publicUrl: string
}

/**
 * Writes the items into each recipient's live inbox through a Hocuspocus direct connection (so
 * whoever has it open sees them at once), stored before this returns; then mails those the
 * recipient's preferences ask for. An item already in the inbox (a retry) is neither added nor
 * mailed again; one the recipient had already seen live is stored read and not mailed.
 */
export async function deliver(opts: DeliverOptions, deliveries: Delivery[]): Promise<void> {
  const byUser = new Map<string, Delivery[]>()
  for (const d of deliveries) byUser.set(d.userId, [...(byUser.get(d.userId) ?? []), d])
  for (const [userId, list] of byUser) {
    const connection = await opts.hocuspocus.openDirectConnection(inboxDocName(userId), {
      userId: 'server',
    } as unknown as CollabContext)
    const added: Delivery[] = []
    try {
      await connection.transact((doc) => {
        for (const d of list) if (addInboxItem(doc, d.item, d.readAt ?? null)) added.push(d)
      })
    } finally {
      // Stores the inbox (snapshot) before we go on: the row is marked done only after.
      await connection.disconnect()
    }
    await email(opts, userId, added)
  }
}

async function email(opts: DeliverOptions, userId: string, added: Delivery[]): Promise<void> {
  if (!opts.mailer || added.length === 0) return
  const user = await opts.db
    .selectFrom('users')
    .select(['email', 'language', 'notification_prefs'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) return
  const prefs = { ...defaultNotificationPrefs(), ...(user.notification_prefs ?? {}) }
  for (const d of added) {
    // Mentions always notify like a message would; the portal always shows everything.
    if (!prefs[d.prefKind]?.email || d.readAt !== undefined) continue
    const mail = notificationMail(user.language, d.item, String(new URL(d.item.link, opts.publicUrl)))
    await opts.mailer.enqueue(opts.db, {
      to: user.email,
      subject: mail.subject.slice(0, 200),
      body: mail.body,
      kind: `notify.${d.item.kind}`,
    })
  }
}
