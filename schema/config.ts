import { z } from 'zod'

/**
 * The one configuration of every process. Read once at start, validated, frozen, passed in.
 * Nothing else reads process.env, so a test can build any configuration it needs.
 */
const urlWith = (protocols: string[], hint: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol)
      } catch {
        return false
      }
    }, hint)

const ConfigSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a port number from 0 to 65535' })
    .int('must be a port number from 0 to 65535')
    .min(0, 'must be a port number from 0 to 65535')
    .max(65535, 'must be a port number from 0 to 65535')
    .default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: urlWith(
    ['postgres:', 'postgresql:'],
    'must look like postgres://user@host:5432/db',
  ).optional(),
  REDIS_URL: urlWith(['redis:', 'rediss:'], 'must look like redis://127.0.0.1:6379').optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .default('kotipiha'),
  MEILI_URL: urlWith(['http:', 'https:'], 'must look like http://127.0.0.1:7700').optional(),
  MEILI_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  FILES_DIR: z.string().min(1).optional(),
  MAX_UPLOAD_MB: z.coerce
    .number({ message: 'must be a whole number of megabytes from 1 to 1024' })
    .int('must be a whole number of megabytes from 1 to 1024')
    .min(1, 'must be a whole number of megabytes from 1 to 1024')
    .max(1024, 'must be a whole number of megabytes from 1 to 1024')
    .default(25),
  UPLOAD_RATE_LIMIT: z.coerce
    .number({ message: 'must be a whole number of uploads from 1 to 100000' })
    .int('must be a whole number of uploads from 1 to 100000')
    .min(1, 'must be a whole number of uploads from 1 to 100000')
    .max(100_000, 'must be a whole number of uploads from 1 to 100000')
    .default(60),
  UPLOAD_RATE_WINDOW_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes from 1 to 1440' })
    .int('must be a whole number of minutes from 1 to 1440')
    .min(1, 'must be a whole number of minutes from 1 to 1440')
    .max(1440, 'must be a whole number of minutes from 1 to 1440')
    .default(10),
  IMPORT_RATE_LIMIT: z.coerce
    .number({ message: 'must be a whole number of calls from 1 to 100000' })
    .int('must be a whole number of calls from 1 to 100000')
    .min(1, 'must be a whole number of calls from 1 to 100000')
    .max(100_000, 'must be a whole number of calls from 1 to 100000')
    .default(120),
  IMPORT_RATE_WINDOW_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes from 1 to 1440' })
    .int('must be a whole number of minutes from 1 to 1440')
    .min(1, 'must be a whole number of minutes from 1 to 1440')
    .max(1440, 'must be a whole number of minutes from 1 to 1440')
    .default(10),
  LOGIN_ADDRESS_LIMIT: z.coerce
    .number({ message: 'must be a whole number of failed sign-ins from 10 to 100000' })
    .int('must be a whole number of failed sign-ins from 10 to 100000')
    .min(10, 'must be a whole number of failed sign-ins from 10 to 100000')
    .max(100_000, 'must be a whole number of failed sign-ins from 10 to 100000')
    .default(100),
  SMS_URL: urlWith(['http:', 'https:'], 'must look like https://user:pass@api.46elks.com/a1/sms').optional(),
  SMS_STATUS_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24 to 128 letters, digits, - or _ (e.g. openssl rand -hex 24)')
    .optional(),
  COMMUNICATIONS_RECIPIENTS_PER_HOUR: z.coerce
    .number({ message: 'must be a whole number of recipients from 1 to 10000000' })
    .int('must be a whole number of recipients from 1 to 10000000')
    .min(1, 'must be a whole number of recipients from 1 to 10000000')
    .max(10_000_000, 'must be a whole number of recipients from 1 to 10000000')
    .default(20_000),
  COMMUNICATION_ATTACHMENTS_MB: z.coerce
    .number({ message: 'must be a whole number of megabytes from 1 to 100' })
    .int('must be a whole number of megabytes from 1 to 100')
    .min(1, 'must be a whole number of megabytes from 1 to 100')
    .max(100, 'must be a whole number of megabytes from 1 to 100')
    .default(10),
  SMTP_MAX_CONNECTIONS: z.coerce
    .number({ message: 'must be a whole number of connections from 1 to 100' })
    .int('must be a whole number of connections from 1 to 100')
    .min(1, 'must be a whole number of connections from 1 to 100')
    .max(100, 'must be a whole number of connections from 1 to 100')
    .default(10),
  PUBLIC_URL: urlWith(['http:', 'https:'], 'must look like https://kotipiha.example.fi').optional(),
  SMTP_URL: urlWith(['smtp:', 'smtps:'], 'must look like smtp://user:pass@host:587').optional(),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  DEMO: z.enum(['auto', '0', '1']).default('auto'),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
})

export type RawConfig = z.infer<typeof ConfigSchema>

export interface Config {
  readonly port: number
  readonly dataDir: string
  /**
   * Where the embedded database (PGlite) lives: `DATA_DIR/pglite`. The one place that says so;
   * every process and script opens it through `databaseTarget` (server/db/open.ts), never `dataDir`.
   */
  readonly embeddedDbDir: string
  readonly databaseUrl: string | undefined
  readonly redisUrl: string | undefined
  /**
   * The first part of every Redis channel name of this deployment (`<prefix>:collab:access`, the
   * documents' `<prefix>:collab:<name>`): processes with the same REDIS_URL and prefix hear each
   * other, others do not. Pub/sub ignores Redis's database numbers, so this is what keeps two
   * deployments (or two test files) on one Redis apart. Read it through `redisTarget`.
   */
  readonly redisPrefix: string
  readonly meiliUrl: string | undefined
  readonly meiliMasterKey: string | undefined
  readonly filesDir: string
  /** The largest upload accepted (attachments, documents, versions, materials), in bytes; refused mid-stream beyond it. */
  readonly maxUploadBytes: number
  /** Uploads one user may start (attachments, documents, materials) within the window. */
  readonly uploadRate: { readonly max: number; readonly windowMs: number }
  /** Import API calls one key (or one person's portal upload) may make within the window. */
  readonly importRate: { readonly max: number; readonly windowMs: number }
  /**
   * Failed sign-ins tolerated per account and per client address within the window (api/auth/
   * rateLimit.ts). The address limit is high because a whole office or building may share one
   * address, and a correct password (and second factor) passes it anyway.
   */
  readonly loginThrottle: {
    readonly perAccount: number
    readonly perAddress: number
    readonly windowMs: number
  }
  readonly publicUrl: string
  readonly smtpUrl: string | undefined
  /** SMTP connections the mail flush keeps open and sends over at once (server/mail/mailer.ts). */
  readonly smtpMaxConnections: number
  /** SMS provider (46elks HTTP API); unset: the dev sink (server/communications/sms.ts). */
  readonly smsUrl: string | undefined
  /**
   * The secret part of the address the SMS provider reports delivery to
   * (`PUBLIC_URL/api/sms-status/<secret>`); unset: no delivery reports are asked for.
   */
  readonly smsStatusSecret: string | undefined
  /** Recipients one sender may reach with mass communications per sliding hour (api/communications). */
  readonly communicationsRecipientsPerHour: number
  /**
   * All attachments of one mass communication together, in bytes (each also within
   * `maxUploadBytes`): every recipient may download them and every printed letter carries them.
   */
  readonly communicationAttachmentBytes: number
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  readonly trustProxy: boolean
  /** Demo mode: seeds an empty embedded database and shows the dev mailbox. */
  readonly demo: boolean
  readonly logLevel: RawConfig['LOG_LEVEL']
}

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.')
        return `${key}=${JSON.stringify(present[key] ?? '')}: ${issue.message}. Fix it in the environment or unset it to use the default.`
      }),
    )
  }
  const raw = parsed.data
  if (raw.MEILI_URL && !raw.MEILI_MASTER_KEY) {
    throw new ConfigError([
      'MEILI_URL is set but MEILI_MASTER_KEY is not: set both, or neither for Postgres search.',
    ])
  }
  const port = raw.PORT
  return Object.freeze({
    port,
    dataDir: raw.DATA_DIR,
    embeddedDbDir: `${raw.DATA_DIR.replace(/\/+$/, '')}/pglite`,
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    redisPrefix: raw.REDIS_PREFIX,
    meiliUrl: raw.MEILI_URL,
    meiliMasterKey: raw.MEILI_MASTER_KEY,
    filesDir: raw.FILES_DIR ?? `${raw.DATA_DIR}/files`,
    maxUploadBytes: raw.MAX_UPLOAD_MB * 1024 * 1024,
    uploadRate: Object.freeze({
      max: raw.UPLOAD_RATE_LIMIT,
      windowMs: raw.UPLOAD_RATE_WINDOW_MINUTES * 60_000,
    }),
    importRate: Object.freeze({
      max: raw.IMPORT_RATE_LIMIT,
      windowMs: raw.IMPORT_RATE_WINDOW_MINUTES * 60_000,
    }),
    loginThrottle: Object.freeze({
      perAccount: 10,
      perAddress: raw.LOGIN_ADDRESS_LIMIT,
      windowMs: 15 * 60_000,
    }),
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    smtpUrl: raw.SMTP_URL,
    smtpMaxConnections: raw.SMTP_MAX_CONNECTIONS,
    smsUrl: raw.SMS_URL,
    smsStatusSecret: raw.SMS_STATUS_SECRET,
    communicationsRecipientsPerHour: raw.COMMUNICATIONS_RECIPIENTS_PER_HOUR,
    communicationAttachmentBytes: raw.COMMUNICATION_ATTACHMENTS_MB * 1024 * 1024,
    trustProxy: raw.TRUST_PROXY === '1',
    demo: raw.DEMO === '1' || (raw.DEMO === 'auto' && !raw.DATABASE_URL),
    logLevel: raw.LOG_LEVEL,
  })
}

/** The database a process uses: the given Postgres, or the embedded one under DATA_DIR. */
export type DatabaseTarget =
  | { readonly engine: 'postgres'; readonly url: string }
  | { readonly engine: 'pglite'; readonly dir: string }

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { engine: 'postgres', url: config.databaseUrl }
    : { engine: 'pglite', dir: config.embeddedDbDir }
}

/** Where a process's bus and live documents meet the others': Redis and the channel prefix, or none. */
export interface RedisTarget {
  readonly url: string
  readonly prefix: string
}

export function redisTarget(config: Config): RedisTarget | undefined {
  return config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined
}
