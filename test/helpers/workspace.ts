// A per-test scratch area: LIFEBOAT_HOME, destination folders and key files, removed afterwards.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateIdentity } from '../../src-main/crypto';
import { writeFileSync } from 'node:fs';

export interface Workspace {
  root: string;
  home: string;
  dest: string;
  keyFile: string;
  recipient: string;
  identity: string;
  /** Every file under dir, relative, sorted. */
  files(dir?: string): string[];
  cleanup(): void;
}

export function createWorkspace(): Workspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-test-'));
  const home = path.join(root, 'home');
  const dest = path.join(root, 'dest');
  mkdirSync(dest);
  const { identity, recipient } = generateIdentity();
  const keyFile = path.join(root, 'key.txt');
  writeFileSync(keyFile, `# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
  return {
    root,
    home,
    dest,
    keyFile,
    recipient,
    identity,
    files: (dir = dest) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort(),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
