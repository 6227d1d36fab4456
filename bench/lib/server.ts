// Real server processes for benchmarks and proof tests: spawn `minhu serve` on a free port, wait until it
// answers, sign in, stop it gracefully or kill -9 it. Every wait is bounded; every process is tracked so
// a failing run can still clean up (killAll on exit).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_PASSWORD = 'bench-pw-12345';
/** The header the console sends; state-changing requests without it are refused as forged (csrf_rejected). */
export const CONSOLE_HEADERS = { 'x-minhu-request': '1' } as const;

const live = new Set<ChildProcess>();
/** Kills every server this process started and has not stopped yet (exit/crash cleanup). */
export function killAll(): void {
  for (const p of live) {
    try {
      p.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
}
process.once('exit', killAll);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Spawned servers run on a controlled clock, never on today's date: one shifted timeline per test process,
 * starting at a Monday in a year the calendar covers, so every server of a run (and a restarted one) agrees.
 */
export const SERVER_CLOCK_START = '2026-03-02T09:00:00+08:00';
const realStart = Date.now();
export const serverClockNow = () => new Date(Date.parse(SERVER_CLOCK_START) + (Date.now() - realStart));

export interface ServerOptions {
  /** The instant the server's clock reads now (default: the run's shared timeline from SERVER_CLOCK_START). */
  clockStart?: string;
  /** Embedded data folder (PGlite) — or databaseUrl for server PostgreSQL. */
  dataDir: string;
  databaseUrl?: string | null;
  env?: Record<string, string>;
  logLevel?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** How long to wait for the server to answer (ms). */
  readyTimeoutMs?: number;
  /** Keep stdout/stderr in memory (for log assertions). */
  captureOutput?: boolean;
  /** Checkout to run (default: this one) — to measure a proposed change from a copy of the tree. */
  root?: string;
}

export interface ServerProc {
  proc: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** Milliseconds from spawn until the first answer. */
  readyMs: number;
  output(): string;
  /** Resolves when the server's output (stdout and stderr) has matched `re`; rejects after timeoutMs or at exit. */
  waitForOutput(re: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The exit status if the process has exited, else null. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** SIGTERM and wait (bounded; SIGKILL after timeoutMs). */
  stop(timeoutMs?: number): Promise<void>;
  /** kill -9 and wait for the exit. */
  kill9(): Promise<void>;
}

/** Spawns `node --import tsx src/cli.ts serve` and waits until GET /api/v1/me answers (401). */
export async function startServerProcess(opts: ServerOptions): Promise<ServerProc> {
  const port = await freePort();
  const t0 = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    MINHU_DATA_DIR: opts.dataDir,
    DATABASE_URL: opts.databaseUrl ?? '',
    LOG_LEVEL: opts.logLevel ?? 'warn',
    MINHU_DEMO: 'true',
    MINHU_DEMO_PASSWORD: BENCH_PASSWORD,
    MINHU_CLOCK_START: opts.clockStart ?? serverClockNow().toISOString(),
    ...opts.env,
  };
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/cli.ts', 'serve'], { cwd: opts.root ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  let out = '';
  const keep = opts.captureOutput ?? true;
  const waiters = new Set<{ re: RegExp; done: () => void }>();
  const onData = (d: Buffer) => {
    const chunk = d.toString();
    out += chunk;
    for (const w of waiters) if (w.re.test(chunk) || w.re.test(out.slice(-chunk.length - 400))) w.done();
    if (!keep && out.length > 40_000) out = out.slice(-20_000); // keep the tail
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      resolve({ code, signal });
    });
  });
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((e) => (exitInfo = e));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (exitInfo) throw new Error(`server exited before it was ready (${JSON.stringify(exitInfo)}):\n${out.slice(-4000)}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`server not ready after ${opts.readyTimeoutMs ?? 90_000} ms:\n${out.slice(-4000)}`);
    }
    try {
      const r = await fetch(`${url}/api/v1/me`, { signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      if (r.status === 401) break;
    } catch {
      /* not listening yet */
    }
    await sleep(25);
  }
  const readyMs = Math.round(performance.now() - t0);
  const waitExit = async (ms: number) => {
    const t = setTimeout(() => proc.kill('SIGKILL'), ms);
    try {
      await exited;
    } finally {
      clearTimeout(t);
    }
  };
  return {
    proc,
    pid: proc.pid!,
    url,
    port,
    readyMs,
    output: () => out,
    waitForOutput(re, timeoutMs) {
      if (re.test(out)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w = { re, done: () => finish(null) };
        const timer = setTimeout(() => finish(new Error(`the server did not print ${re} within ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
        const finish = (err: Error | null) => {
          clearTimeout(timer);
          waiters.delete(w);
          if (err) reject(err);
          else resolve();
        };
        waiters.add(w);
        void exited.then((e) => finish(new Error(`the server exited (${JSON.stringify(e)}) before printing ${re}`)));
      });
    },
    exitStatus: () => exitInfo,
    exited,
    async stop(timeoutMs = 15_000) {
      if (exitInfo) return;
      proc.kill('SIGTERM');
      await waitExit(timeoutMs);
    },
    async kill9() {
      if (exitInfo) return;
      proc.kill('SIGKILL');
      await waitExit(5000);
    },
  };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime, stime
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Signs in and returns the session cookie header value. */
export async function login(url: string, username: string, password = BENCH_PASSWORD): Promise<string> {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CONSOLE_HEADERS },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${text}`);
  const set = r.headers.getSetCookie().find((c) => c.startsWith('minhu_session='));
  if (!set) throw new Error('login: no session cookie');
  return set.split(';')[0];
}

export function tempDataDir(prefix = 'minhu-bench-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new, empty database on the server PostgreSQL at baseUrl; drop() removes it (even with open connections). */
export async function createDatabase(baseUrl: string, prefix = 'minhu_bench'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
