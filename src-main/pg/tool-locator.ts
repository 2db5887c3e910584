// Finds PostgreSQL client tool folders (bundled first, then the system) and picks one whose
// major version can handle a given server: pg_dump refuses servers newer than itself.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { LifeboatError } from '../../src-shared/errors';
import { withBundledLibraries } from './bundled-libraries';

const execFileAsync = promisify(execFile);
const EXE = process.platform === 'win32' ? '.exe' : '';
const TOOL_NAMES = ['pg_dump', 'pg_restore', 'psql', 'pg_dumpall'] as const;
export type PgToolName = (typeof TOOL_NAMES)[number];

export interface PgToolSet {
  dir: string;
  source: 'env' | 'bundled' | 'system';
  version: string;
  major: number;
  paths: Record<PgToolName, string>;
}

/** Folders to look in, most preferred first. */
export function candidateToolDirs(env: NodeJS.ProcessEnv = process.env): Array<{ dir: string; source: PgToolSet['source'] }> {
  const out: Array<{ dir: string; source: PgToolSet['source'] }> = [];
  if (env.LIFEBOAT_PG_TOOLS) out.push({ dir: env.LIFEBOAT_PG_TOOLS, source: 'env' });
  out.push({ dir: path.join(resourcesDir(env), 'pg-tools', `${process.platform}-${process.arch}`, 'bin'), source: 'bundled' });
  const system: string[] = [];
  for (const entry of (env.PATH ?? '').split(path.delimiter)) if (entry) system.push(entry);
  system.push(...globVersions('/usr/lib/postgresql', (v) => path.join('/usr/lib/postgresql', v, 'bin')));
  system.push(...globVersions('/usr/pgsql', (v) => `/usr/pgsql-${v}/bin`, '/usr', /^pgsql-(\d+)$/));
  system.push(...globVersions('/Applications/Postgres.app/Contents/Versions', (v) => `/Applications/Postgres.app/Contents/Versions/${v}/bin`));
  for (const brew of ['/opt/homebrew/opt', '/usr/local/opt']) {
    system.push(...globVersions(brew, (v) => `${brew}/postgresql@${v}/bin`, brew, /^postgresql@(\d+)$/));
  }
  if (process.platform === 'win32') {
    for (const base of [env.ProgramFiles, env['ProgramFiles(x86)']]) {
      if (base) system.push(...globVersions(path.join(base, 'PostgreSQL'), (v) => path.join(base, 'PostgreSQL', v, 'bin')));
    }
  }
  const seen = new Set(out.map((c) => path.resolve(c.dir)));
  for (const dir of system) {
    const resolved = path.resolve(dir);
    if (!seen.has(resolved)) {
      seen.add(resolved);
      out.push({ dir: resolved, source: 'system' });
    }
  }
  return out;
}

/** Where `resources/` lives: set by the desktop host when packaged, else the checkout's folder. */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIFEBOAT_RESOURCES) return env.LIFEBOAT_RESOURCES;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');
}

function globVersions(base: string, toDir: (v: string) => string, listDir = base, pattern = /^(\d+(?:\.\d+)?)$/): string[] {
  try {
    return readdirSync(listDir)
      .map((name) => pattern.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
      .map(toDir);
  } catch {
    return [];
  }
}

/** Parses "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → { version: '15.18', major: 15 }. */
export function parseToolVersion(output: string): { version: string; major: number } | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  return { version: match[2] === undefined ? String(major) : `${major}.${match[2]}`, major };
}

async function probeDir(dir: string, source: PgToolSet['source']): Promise<PgToolSet | undefined> {
  const paths = Object.fromEntries(TOOL_NAMES.map((t) => [t, path.join(dir, t + EXE)])) as Record<PgToolName, string>;
  if (!existsSync(paths.pg_dump) || !existsSync(paths.pg_restore)) return undefined;
  // Debian's pg_wrapper picks a version from cluster settings; the versioned folders are found directly.
  if (realpathSync(paths.pg_dump).endsWith('pg_wrapper')) return undefined;
  try {
    const { stdout } = await execFileAsync(paths.pg_dump, ['--version'], { timeout: 10_000, env: withBundledLibraries(paths.pg_dump, process.env) });
    const parsed = parseToolVersion(stdout);
    return parsed ? { dir, source, ...parsed, paths } : undefined;
  } catch {
    return undefined; // a broken or foreign binary: not a candidate
  }
}

let cache: Promise<PgToolSet[]> | undefined;

/** Every usable tool folder, in preference order. Cached for the life of the process. */
export function findToolSets(): Promise<PgToolSet[]> {
  cache ??= (async () => {
    const sets = await Promise.all(candidateToolDirs().map((c) => probeDir(c.dir, c.source)));
    const found: PgToolSet[] = [];
    const seenBinaries = new Set<string>();
    for (const set of sets) {
      if (!set) continue;
      const binary = realpathSync(set.paths.pg_dump);
      if (!seenBinaries.has(binary)) {
        seenBinaries.add(binary);
        found.push(set);
      }
    }
    return found;
  })();
  return cache;
}

export function clearToolCache(): void {
  cache = undefined;
}

/**
 * Picks tools for a server of the given major: a bundled or configured set if it is new
 * enough, otherwise the newest system set that is. Throws PG_VERSION_MISMATCH naming
 * what was found when none can handle the server.
 */
export function chooseToolSet(sets: PgToolSet[], serverMajor: number, serverVersion: string): PgToolSet {
  const preferred = sets.find((s) => s.source !== 'system' && s.major >= serverMajor);
  if (preferred) return preferred;
  const newest = sets.filter((s) => s.major >= serverMajor).sort((a, b) => b.major - a.major)[0];
  if (newest) return newest;
  if (sets.length === 0) {
    throw new LifeboatError('PG_TOOLS_MISSING', `No PostgreSQL client tools (pg_dump, pg_restore) were found for PostgreSQL ${serverVersion}.`, {
      fix: `Install the PostgreSQL ${serverMajor} client tools (Debian/Ubuntu: apt install postgresql-client-${serverMajor}; Windows/macOS: the installer from postgresql.org), or set LIFEBOAT_PG_TOOLS to a folder containing pg_dump.`,
    });
  }
  const found = sets.map((s) => `${s.version} (${s.dir})`).join(', ');
  throw new LifeboatError(
    'PG_VERSION_MISMATCH',
    `The server runs PostgreSQL ${serverVersion}, but the newest pg_dump found is ${sets.map((s) => s.major).sort((a, b) => b - a)[0]}: found ${found}. pg_dump cannot read a server newer than itself.`,
    {
      fix: `Install PostgreSQL ${serverMajor} client tools or newer (Debian/Ubuntu: apt install postgresql-client-${serverMajor}; Windows/macOS: the postgresql.org installer), or set LIFEBOAT_PG_TOOLS to their bin folder.`,
      details: { serverVersion, toolsFound: found },
    },
  );
}

export async function toolsForServer(serverMajor: number, serverVersion: string): Promise<PgToolSet> {
  return chooseToolSet(await findToolSets(), serverMajor, serverVersion);
}

/**
 * Tools for restoring an archive onto a server. pg_restore must read the archive's format (as
 * new as the pg_dump that wrote it); unlike pg_dump it may be older than the server, since it
 * only sends SQL. Tools as new as the server are still preferred; older ones that can read the
 * archive are the fallback (e.g. bundled 15 restoring a drill into the shipped PostgreSQL 18).
 */
export async function toolsForRestore(serverMajor: number, serverVersion: string, archiveMajor: number): Promise<PgToolSet> {
  const sets = await findToolSets();
  try {
    return chooseToolSet(sets, Math.max(serverMajor, archiveMajor), serverVersion);
  } catch (error) {
    const readable = sets.filter((s) => s.major >= archiveMajor).sort((a, b) => b.major - a.major)[0];
    if (readable) return readable;
    throw error;
  }
}

/** "15.18 (Debian 15.18-0+deb12u1)" → 15 (for 9.6 and older the first number, enough for "newer than 10"). */
export function majorOf(version: string | null | undefined): number | undefined {
  const match = /^(\d+)/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Without a server (verify, import): the newest pg_restore that reads an archive written by this pg_dump. */
export async function toolsForArchive(pgDumpVersion: string | null | undefined): Promise<PgToolSet> {
  const needed = majorOf(pgDumpVersion) ?? 0;
  const sets = await findToolSets();
  const usable = sets.filter((s) => s.major >= needed).sort((a, b) => b.major - a.major)[0];
  if (usable) return usable;
  if (sets.length === 0) {
    throw new LifeboatError('PG_TOOLS_MISSING', 'No PostgreSQL client tools (pg_restore, psql) were found.', {
      fix: 'Install the PostgreSQL client tools (Debian/Ubuntu: apt install postgresql-client), or set LIFEBOAT_PG_TOOLS to their bin folder.',
    });
  }
  throw new LifeboatError('PG_VERSION_MISMATCH', `This archive was written by pg_dump ${pgDumpVersion}; no pg_restore that new was found (found ${sets.map((s) => s.version).join(', ')}).`, {
    fix: `Install PostgreSQL ${needed} client tools or newer, or set LIFEBOAT_PG_TOOLS.`,
  });
}
