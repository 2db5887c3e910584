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
