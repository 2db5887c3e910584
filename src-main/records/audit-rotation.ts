// Size-based rotation of the audit log: audit.log → audit.log.1 → … → audit.log.<keep>, oldest dropped.
// Several processes (scheduler, CLI, UI) append to one file, so rotation runs under a lock file.
import { closeSync, openSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';

/** A lock older than this was left by a process that died mid-rotation. */
const STALE_LOCK_MS = 30_000;

/** `file` for n = 0, else `file.n`. */
export function rotatedPath(file: string, n: number): string {
  return n === 0 ? file : `${file}.${n}`;
}

/** The live file and every rotated file name, newest first (some may not exist). */
export function auditFilePaths(file: string, keep: number): string[] {
  return Array.from({ length: keep + 1 }, (_, n) => rotatedPath(file, n));
}

/**
 * Rotates when appending `incomingBytes` would take the live file past `maxBytes`. Returns whether
 * it rotated. Another process holding the lock means it is rotating right now: we simply append.
 */
export function rotateIfNeeded(file: string, incomingBytes: number, maxBytes: number, keep: number): boolean {
  if (!needsRotation(file, incomingBytes, maxBytes)) return false;
  const lock = `${file}.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_LOCK_MS) rmSync(lock, { force: true });
    return false;
  }
  try {
    // Re-check under the lock: another process may have rotated between our stat and our lock.
    if (!needsRotation(file, incomingBytes, maxBytes)) return false;
    for (let n = keep - 1; n >= 1; n--) renameIfExists(rotatedPath(file, n), rotatedPath(file, n + 1));
    if (keep >= 1) renameIfExists(file, rotatedPath(file, 1));
    else rmSync(file, { force: true });
    return true;
  } finally {
    closeSync(fd);
    unlinkSync(lock);
  }
}

function needsRotation(file: string, incomingBytes: number, maxBytes: number): boolean {
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  // An entry bigger than the limit still goes into an empty file rather than rotating forever.
  return size > 0 && size + incomingBytes > maxBytes;
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
