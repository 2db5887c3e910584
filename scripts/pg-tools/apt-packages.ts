// The client tools come from the distribution's own packages: `apt-get download` (no root, no
// installation) into a temp folder, then `dpkg-deb -x`. The newest major the apt sources offer
// is taken unless one is asked for.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FetchToolsError, lastErrorLine, runCommand } from './run-command';

const APT_MISSING_FIX =
  'This script reads Debian/Ubuntu packages. On another Linux, copy pg_dump, pg_restore, psql, pg_dumpall and their libraries into resources/pg-tools/linux-<arch>/{bin,lib} by hand, or set LIFEBOAT_PG_TOOLS at run time.';
const UPDATE_FIX = 'Run `sudo apt-get update` (the package lists are missing or out of date), then try again.';
const PGDG_HINT = 'For other majors, add the PostgreSQL apt repository (https://wiki.postgresql.org/wiki/Apt) and run `sudo apt-get update`.';

/** Majors in `apt-cache search --names-only '^postgresql-client-[0-9]+$'` output, newest first. */
export function parseClientMajors(searchOutput: string): number[] {
  const majors = new Set<number>();
  for (const line of searchOutput.split('\n')) {
    const match = /^postgresql-client-(\d+)\s/.exec(line);
    if (match?.[1]) majors.add(Number(match[1]));
  }
  return [...majors].sort((a, b) => b - a);
}

/** The requested major if the sources have it, else the newest; explains what is missing. */
export function pickMajor(available: number[], requested?: number): number {
  if (available.length === 0) {
    throw new FetchToolsError('apt knows no postgresql-client-<N> package.', UPDATE_FIX);
  }
  if (requested === undefined) return available[0]!;
  if (!available.includes(requested)) {
    throw new FetchToolsError(`postgresql-client-${requested} is not in your apt sources (available: ${available.join(', ')}).`, PGDG_HINT);
  }
  return requested;
}

export async function availableClientMajors(): Promise<number[]> {
  const res = await runCommand('apt-cache', ['search', '--names-only', '^postgresql-client-[0-9]+$'], { missingFix: APT_MISSING_FIX });
  if (res.code !== 0) throw new FetchToolsError(`apt-cache search failed: ${lastErrorLine(res.stderr)}`, UPDATE_FIX);
  return parseClientMajors(res.stdout);
}

export interface DebPackage {
  name: string;
  version: string;
  file: string;
}

/** Downloads the packages' .deb files into dir (apt-get download needs no root). */
export async function downloadPackages(names: string[], dir: string): Promise<DebPackage[]> {
  await requireAptGet();
  const res = await runCommand('apt-get', ['download', ...names], { cwd: dir, missingFix: APT_MISSING_FIX });
  if (res.code !== 0) {
    const line = lastErrorLine(res.stderr);
    const offline = /Could not resolve|Failed to fetch|Temporary failure|Connection|404/i.test(res.stderr);
    throw new FetchToolsError(
      `apt-get download ${names.join(' ')} failed: ${line}`,
      offline ? `Check the network connection to your Debian/Ubuntu mirror; a 404 means the lists are out of date. ${UPDATE_FIX}` : /Unable to locate|no installation candidate/i.test(res.stderr) ? UPDATE_FIX : 'Read the apt message above.',
    );
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.deb'));
  return Promise.all(
    names.map(async (name) => {
      const file = files.find((f) => f.startsWith(`${name}_`));
      if (!file) throw new FetchToolsError(`apt-get download did not produce ${name}_*.deb in ${dir}.`, 'Run it by hand to see why: apt-get download ' + name);
      const deb = path.join(dir, file);
      return { name, version: await debField(deb, 'Version'), file: deb };
    }),
  );
}

/** Unpacks a .deb's files under dest (like installing it into an empty root). */
export async function extractPackage(deb: string, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  const res = await runCommand('dpkg-deb', ['-x', deb, dest], { missingFix: 'Install dpkg (it provides dpkg-deb).' });
  if (res.code !== 0) throw new FetchToolsError(`dpkg-deb -x ${path.basename(deb)} failed: ${lastErrorLine(res.stderr)}`, 'The download may be damaged: delete it and run the script again.');
}

async function debField(deb: string, field: string): Promise<string> {
  const res = await runCommand('dpkg-deb', ['-f', deb, field], { missingFix: 'Install dpkg (it provides dpkg-deb).' });
  if (res.code !== 0) throw new FetchToolsError(`dpkg-deb could not read ${path.basename(deb)}: ${lastErrorLine(res.stderr)}`, 'Delete the download and run the script again.');
  return res.stdout.trim();
}

async function requireAptGet(): Promise<void> {
  await runCommand('apt-get', ['--version'], { missingFix: APT_MISSING_FIX });
}
