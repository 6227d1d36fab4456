// The only reader of process.env. Validated at boot; the type is derived from the schema.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import path from 'node:path';

const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String(),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  demo: Type.Boolean(),
  demoPassword: Type.String({ minLength: 6 }),
  timezone: Type.String({ minLength: 1 }),
  logLevel: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')]),
  sweepIntervalMs: Type.Integer({ minimum: 0 }),
  maxUploadBytes: Type.Integer({ minimum: 1 }),
  overloadMaxEventLoopDelayMs: Type.Integer({ minimum: 0 }),
  autoDispatchThreshold: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
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

/** Builds the config from an environment (defaults to process.env) plus explicit overrides. */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL : null;
  const raw: Config = {
    port: int(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.MINHU_DATA_DIR ?? './data'),
    databaseUrl,
    demo: bool(env.MINHU_DEMO, databaseUrl === null),
    demoPassword: env.MINHU_DEMO_PASSWORD ?? 'minhu12345',
    timezone: env.MINHU_TIMEZONE ?? 'Asia/Shanghai',
    logLevel: (env.LOG_LEVEL as Config['logLevel']) ?? 'info',
    sweepIntervalMs: int(env.MINHU_SWEEP_INTERVAL_MS, 60_000),
    maxUploadBytes: int(env.MINHU_MAX_UPLOAD_BYTES, 20 * 1024 * 1024),
    overloadMaxEventLoopDelayMs: int(env.MINHU_OVERLOAD_DELAY_MS, 1000),
    autoDispatchThreshold: env.MINHU_AUTO_DISPATCH_THRESHOLD ? Number(env.MINHU_AUTO_DISPATCH_THRESHOLD) : null,
    ...overrides,
  };
  if (!Value.Check(ConfigSchema, raw)) {
    const first = [...Value.Errors(ConfigSchema, raw)][0];
    throw new Error(`Invalid configuration at ${first?.instancePath || '/'}: ${first?.message}`);
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
