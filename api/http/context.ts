import type { Config } from '../../schema/config.ts'
import type { Principal } from '../../schema/policy.ts'
import type { Session } from '../../server/auth/sessions.ts'
import type { AccessChange } from '../../server/bus/accessBus.ts'
import type { AnnounceCalendars } from '../../server/bus/calendarBus.ts'
import type { ProfileChange } from '../../server/bus/channels.ts'
import type { PublishCalendar } from '../../server/calendar/publisher.ts'
import type { DB, Engine } from '../../server/db/connect.ts'
import type { Logger } from '../../server/log.ts'
import type { Mailer } from '../../server/mail/mailer.ts'
import type { PlaceLookup } from '../auth/place.ts'
import type { SessionCache } from './sessionCache.ts'

/** What every request handler can reach. Built once per process and passed in (no globals). */
export interface AppDeps {
  readonly config: Config
  readonly db: DB
  readonly engine: Engine
  readonly mailer: Mailer
  /** The process's structured logger (server/log.ts); tests may leave it out. */
  readonly log?: Logger | undefined
  /** Called after membership/role/suspension changes so live sockets are re-authorised (collab). */
  readonly onAccessChanged: (change: AccessChange) => void
  /**
   * Called after a change that `/api/me` shows but that changes no access (a profile, an
   * organisation's name), so every instance drops its cached answers (sharedSessionCache.ts);
   * unset where nothing caches them.
   */
  readonly onProfileChanged?: ((change: ProfileChange) => void) | undefined
  /** Writes a live calendar document after a booking commits; unset where no collab server runs. */
  readonly publishCalendar?: PublishCalendar | undefined
  /** Where the collab server runs in another process: "these calendars changed" (over Redis). */
  readonly announceCalendars?: AnnounceCalendars | undefined
  /**
   * Session → principal for a few seconds, forgotten on every access change (sessionCache.ts);
   * unset: every request reads both from the database (tests that change rows behind the API).
   */
  readonly sessionCache?: SessionCache | undefined
  /** Names the place of a sign-in's address; none by default, so only the address is recorded. */
  readonly placeLookup?: PlaceLookup | undefined
}

export interface AppEnv {
  Variables: {
    deps: AppDeps
    session: Session
    principal: Principal
    clientAddress: string
    /** The session cookie's value once parsed (null: none), so a request parses it once (security.ts). */
    sessionCookie: string | null
  }
}
