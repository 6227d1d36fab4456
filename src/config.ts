// The only reader of process.env. Validated at boot; the type is derived from the schema.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import path from 'node:path';
import net from 'node:net';

const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String(),
  /** Sets `Secure` on the session cookie (and sends HSTS): turn on when users reach Minhu over HTTPS. */
  cookieSecure: Type.Boolean(),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** A direct connection to the primary (not through a transaction pooler such as PgBouncer), for LISTEN/NOTIFY
   *  and migrations; null = DATABASE_URL is direct. Only meaningful with databaseUrl. */
  databaseDirectUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** Read replicas (DATABASE_READ_URL, comma-separated): streaming standbys of the primary for lists, dashboards,
   *  assessment and search. Empty = every read from the primary. Only meaningful with databaseUrl. */
  databaseReadUrls: Type.Array(Type.String({ minLength: 1 })),
  /** A replica further behind the primary than this serves no reads (MINHU_READ_MAX_LAG_MS). */
  readMaxLagMs: Type.Integer({ minimum: 0 }),
  demo: Type.Boolean(),
  demoPassword: Type.String({ minLength: 6 }),
  timezone: Type.String({ minLength: 1 }),
  logLevel: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')]),
  sweepIntervalMs: Type.Integer({ minimum: 0 }),
  maxUploadBytes: Type.Integer({ minimum: 1 }),
  overloadMaxEventLoopDelayMs: Type.Integer({ minimum: 0 }),
  autoDispatchThreshold: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  /** Tests and demos only: the server's clock starts at this instant and runs on from there. */
  clockStart: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** Public address of the portal, used in SMS links (tracking, evaluation). */
  publicUrl: Type.String(),
  /** Notification delivery: webhook gateway (null = the log sender), HMAC secret, timeout, worker timing. */
  notifyWebhookUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
  notifyWebhookSecret: Type.String(),
  notifyWebhookTimeoutMs: Type.Integer({ minimum: 100 }),
  notifyIntervalMs: Type.Integer({ minimum: 0 }),
  notifyBatch: Type.Integer({ minimum: 1, maximum: 1000 }),
  notifyLeaseMs: Type.Integer({ minimum: 1000 }),
  notifyMaxAttempts: Type.Integer({ minimum: 1, maximum: 100 }),
  notifyQuietHours: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$|^$' }),
  /** Insight: how often the hotspot and early-warning job runs (claimed: one instance per pass; 0 = off). */
  insightIntervalMs: Type.Integer({ minimum: 0 }),
  /** Requests an Open311 API key may make per minute. */
  open311RateLimit: Type.Integer({ minimum: 1 }),
  /** Reverse proxies whose X-Forwarded-For names the client (IPs or CIDRs); none = the socket address is the client. */
  trustedProxies: Type.Array(Type.String({ minLength: 1 })),
});
export type Config = Static<typeof ConfigSchema>;

function bool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new Error(`expected a boolean (true/false), got "${v}"`);
}
function int(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`expected an integer, got "${v}"`);
  return n;
}

/** "10.0.0.1, 10.1.0.0/16, ::1" → entries, each an IP address or CIDR range (Fastify's trustProxy accepts both). */
export function parseTrustedProxies(v: string | undefined): string[] {
  if (!v || !v.trim()) return [];
  return v.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
    const [ip, bits, extra] = x.split('/');
    const family = net.isIP(ip);
    const max = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || extra !== undefined || !okBits) throw new Error(`MINHU_TRUSTED_PROXIES: "${x}" is not an IP address or CIDR range`);
    return x;
  });
}

/** Builds the config from an environment (defaults to process.env) plus explicit overrides. */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL : null;
  const demo = bool(env.MINHU_DEMO, databaseUrl === null);
  const raw: Config = {
    port: int(env.PORT, 8080),
    // Demo users have a published password: a demo listens on this machine only unless HOST says otherwise.
    host: env.HOST || ((overrides.demo ?? demo) ? '127.0.0.1' : '0.0.0.0'),
    cookieSecure: bool(env.MINHU_COOKIE_SECURE, false),
    dataDir: path.resolve(env.MINHU_DATA_DIR ?? './data'),
    databaseUrl,
    databaseDirectUrl: env.DATABASE_DIRECT_URL && env.DATABASE_DIRECT_URL.trim() !== '' ? env.DATABASE_DIRECT_URL : null,
    databaseReadUrls: (env.DATABASE_READ_URL ?? '').split(',').map((u) => u.trim()).filter(Boolean),
    readMaxLagMs: int(env.MINHU_READ_MAX_LAG_MS, 10_000),
    demo,
    demoPassword: env.MINHU_DEMO_PASSWORD ?? 'minhu12345',
    timezone: env.MINHU_TIMEZONE ?? 'Asia/Shanghai',
    logLevel: (env.LOG_LEVEL as Config['logLevel']) ?? 'info',
    sweepIntervalMs: int(env.MINHU_SWEEP_INTERVAL_MS, 60_000),
    maxUploadBytes: int(env.MINHU_MAX_UPLOAD_BYTES, 20 * 1024 * 1024),
    overloadMaxEventLoopDelayMs: int(env.MINHU_OVERLOAD_DELAY_MS, 1000),
    autoDispatchThreshold: env.MINHU_AUTO_DISPATCH_THRESHOLD ? Number(env.MINHU_AUTO_DISPATCH_THRESHOLD) : null,
    clockStart: env.MINHU_CLOCK_START ? env.MINHU_CLOCK_START : null,
    publicUrl: (env.MINHU_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, ''),
    notifyWebhookUrl: env.MINHU_NOTIFY_WEBHOOK_URL ? env.MINHU_NOTIFY_WEBHOOK_URL : null,
    notifyWebhookSecret: env.MINHU_NOTIFY_WEBHOOK_SECRET ?? '',
    notifyWebhookTimeoutMs: int(env.MINHU_NOTIFY_WEBHOOK_TIMEOUT_MS, 5000),
    notifyIntervalMs: int(env.MINHU_NOTIFY_INTERVAL_MS, 2000),
    notifyBatch: int(env.MINHU_NOTIFY_BATCH, 20),
    notifyLeaseMs: int(env.MINHU_NOTIFY_LEASE_MS, 60_000),
    notifyMaxAttempts: int(env.MINHU_NOTIFY_MAX_ATTEMPTS, 8),
    notifyQuietHours: env.MINHU_NOTIFY_QUIET_HOURS ?? '22:00-08:00',
    open311RateLimit: int(env.MINHU_OPEN311_RATE_LIMIT, 60),
    insightIntervalMs: int(env.MINHU_INSIGHT_INTERVAL_MS, 20_000),
    trustedProxies: parseTrustedProxies(env.MINHU_TRUSTED_PROXIES),
    ...overrides,
  };
  if (!Value.Check(ConfigSchema, raw)) {
    const first = [...Value.Errors(ConfigSchema, raw)][0];
    throw new Error(`Invalid configuration at ${first?.instancePath || '/'}: ${first?.message}`);
  }
  if (raw.clockStart !== null) {
    // A shifted clock would date real orders wrongly: only demo servers and test runs may have one.
    if (!raw.demo && env.NODE_ENV !== 'test') throw new Error('Invalid configuration: MINHU_CLOCK_START is for tests and demos only (needs MINHU_DEMO=true or NODE_ENV=test)');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw.clockStart) || Number.isNaN(Date.parse(raw.clockStart))) {
      throw new Error(`Invalid configuration: MINHU_CLOCK_START "${raw.clockStart}" must be an ISO 8601 instant with an offset, e.g. 2026-03-02T09:00:00+08:00`);
    }
  }
  if (raw.databaseDirectUrl !== null && raw.databaseUrl === null) {
    throw new Error('Invalid configuration: DATABASE_DIRECT_URL is set but DATABASE_URL is not (the direct URL names the primary behind the pooler that DATABASE_URL points at)');
  }
  if (raw.databaseReadUrls.length && raw.databaseUrl === null) {
    throw new Error('Invalid configuration: DATABASE_READ_URL is set but DATABASE_URL is not (read replicas follow a server PostgreSQL primary; the embedded database has none)');
  }
  for (const u of raw.databaseReadUrls) {
    if (!/^postgres(ql)?:\/\//.test(u)) throw new Error(`Invalid configuration: DATABASE_READ_URL entry "${u.replace(/\/\/[^@/]*@/, '//…@').slice(0, 80)}" is not a postgres:// URL`);
  }
  if (raw.notifyWebhookUrl && raw.notifyWebhookSecret.length < 16) {
    throw new Error('Invalid configuration: MINHU_NOTIFY_WEBHOOK_SECRET must be at least 16 characters when MINHU_NOTIFY_WEBHOOK_URL is set');
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw.timezone });
  } catch {
    throw new Error(`Invalid configuration: MINHU_TIMEZONE "${raw.timezone}" is not a known IANA time zone`);
  }
  return raw;
}

/** For test harnesses: the PostgreSQL URL to run the suite against, if any. */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.MINHU_TEST_DATABASE_URL || null;
}
