// manifest.json of a fetched tool bundle: where every file came from and its SHA-256, so a
// packaged app's tools can be traced to their packages and checked for damage.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST_NAME = 'manifest.json';

export interface BundledPackage {
  name: string;
  version: string;
  /** downloaded: from `apt-get download`; system: copied from this computer's installed package. */
  origin: 'downloaded' | 'system';
}

export interface PgToolsManifest {
  format: 1;
  /** <platform>-<arch> in Node's naming, as the folder name and electron-builder's ${arch}. */
  platform: string;
  major: number;
  version: string;
  /** `pg_dump --version` exactly as printed. */
  versionOutput: string;
  source: 'debian-packages';
  distribution: string;
  /** The newest GLIBC_x.y symbol version the files need: the oldest glibc they run on. */
  glibcRequired: string | null;
  packages: BundledPackage[];
  files: Record<string, { sha256: string; size: number; package: string }>;
  createdAt: string;
}

/** Every regular file under root (relative, '/'-separated), except the manifest itself. */
export function listFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (rel !== MANIFEST_NAME) out.push(rel);
  }
  return out.sort();
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Problems with a bundle against its manifest: missing, changed or unlisted files. */
export function verifyBundle(root: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, MANIFEST_NAME), 'utf8')) as PgToolsManifest;
  const problems: string[] = [];
  const present = new Set(listFiles(root));
  for (const [rel, expected] of Object.entries(manifest.files)) {
    if (!present.has(rel)) problems.push(`${rel} is missing`);
    else if (statSync(path.join(root, rel)).size !== expected.size || sha256File(path.join(root, rel)) !== expected.sha256) problems.push(`${rel} does not match its SHA-256`);
    present.delete(rel);
  }
  for (const rel of present) problems.push(`${rel} is not in the manifest`);
  return problems;
}

/** The highest GLIBC_x.y version string referenced in these files (null without any). */
export function glibcRequired(files: string[]): string | null {
  let best: number[] | null = null;
  for (const file of files) {
    for (const match of readFileSync(file).toString('latin1').matchAll(/GLIBC_(\d+)\.(\d+)(?:\.(\d+))?/g)) {
      const v = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
      if (!best || v[0]! > best[0]! || (v[0] === best[0] && (v[1]! > best[1]! || (v[1] === best[1] && v[2]! > best[2]!)))) best = v;
    }
  }
  return best ? best.slice(0, best[2] ? 3 : 2).join('.') : null;
}
