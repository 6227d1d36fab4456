// Exclusive ownership of an embedded data folder.
// PGlite leaves postmaster.pid behind after kill -9 and then hangs forever on the next open, so we keep
// our own lock file (pid + start time): a live owner makes us refuse, a dead one's leftovers are cleared.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';

const LOCK_FILE = 'minhu.lock';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process start time from /proc (Linux), to tell a reused pid from the original owner. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me = { pid: process.pid, start: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner: { pid: number; start: string | null } | null = null;
      try {
        owner = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
      } catch {
        owner = null; // half-written lock from a crash: treat as stale
      }
      const live = owner && owner.pid !== process.pid && isAlive(owner.pid) && (owner.start === null || startTimeOf(owner.pid) === owner.start);
      if (live) {
        throw new AppError('data_dir_locked', `The data folder ${dataDir} is in use by process ${owner!.pid}. Stop it first, or set MINHU_DATA_DIR to another folder.`);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  // The previous owner is gone: its postgres pid file is a leftover that would hang PGlite.
  fs.rmSync(path.join(dataDir, 'pgdata', 'postmaster.pid'), { force: true });
  return {
    release() {
      try {
        const cur = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
        if (cur.pid === process.pid) fs.rmSync(lockPath, { force: true });
      } catch {
        /* already gone */
      }
    },
  };
}
