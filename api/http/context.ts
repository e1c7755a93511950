import type * as Y from 'yjs'
import type { Config } from '../../schema/config.ts'
import type { Principal } from '../../schema/policy.ts'
import type { Session } from '../../server/auth/sessions.ts'
import type { DB, Engine } from '../../server/db/connect.ts'
import type { Mailer } from '../../server/mail/mailer.ts'

/** What every request handler can reach. Built once per process and passed in (no globals). */
export interface AppDeps {
  readonly config: Config
  readonly db: DB
  readonly engine: Engine
  readonly mailer: Mailer
  /** Called after membership/role/suspension changes so live sockets are re-authorised (collab). */
  readonly onAccessChanged: (change: AccessChange) => void
  /** Writes a live calendar document after a booking commits; unset where no collab server runs. */
  readonly publishCalendar?: PublishCalendar | undefined
  /** Where the collab server runs in another process: "these calendars changed" (over Redis). */
  readonly announceCalendars?: AnnounceCalendars | undefined
}

/** Applies `change` to the live document `docName` through the collab server. */
export type PublishCalendar = (docName: string, change: (doc: Y.Doc) => void) => Promise<void>

/** Tells the collab servers that the calendars of these resources must be rebuilt from the table. */
export type AnnounceCalendars = (orgId: string, resourceIds: readonly string[]) => Promise<void>

export type AccessChange =
  | { kind: 'membership'; orgId: string; userId: string }
  | { kind: 'org'; orgId: string }
  | { kind: 'user'; userId: string }

export interface AppEnv {
  Variables: {
    deps: AppDeps
    session: Session
    principal: Principal
    clientAddress: string
  }
}
