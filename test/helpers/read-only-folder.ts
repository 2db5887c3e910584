// Makes a folder read-only for the current user. Root ignores permission bits, so as root
// the folder is bind-mounted read-only onto itself (the way a NAS share mounted ro behaves).
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

export function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['--bind', dir, dir]);
    execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
    return () => execFileSync('umount', [dir]);
  }
  chmodSync(dir, 0o555);
  return () => chmodSync(dir, 0o755);
}

/** A folder that holds at most `bytes` (a tmpfs), to make a destination fill up mid-write. Needs root. */
export function mountSmallFolder(dir: string, bytes: number): { resize: (bytes: number) => void; unmount: () => void } {
  if (process.getuid?.() !== 0) throw new Error('mountSmallFolder needs root (tests run as root on our machines and in CI)');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'lifeboat-test', dir]);
  return {
    resize: (size) => execFileSync('mount', ['-o', `remount,size=${size}`, dir]),
    unmount: () => execFileSync('umount', [dir]),
  };
}
