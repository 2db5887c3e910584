// Windows and macOS have no package manager to take the tools from: the PostgreSQL project's
// binaries are EDB's zip archives. This prints exactly what to download and where to put it.
import path from 'node:path';

export const EDB_PAGE = 'https://www.enterprisedb.com/download-postgresql-binaries';

/** EDB's archive name for a full version (e.g. "17.6"); build 1 unless EDB re-released it. */
export function edbZipUrl(platform: 'win32' | 'darwin', version: string, build = 1): string {
  const suffix = platform === 'win32' ? 'windows-x64-binaries.zip' : 'osx-binaries.zip';
  return `https://get.enterprisedb.com/postgresql/postgresql-${version}-${build}-${suffix}`;
}

export function edbInstructions(platform: 'win32' | 'darwin', arch: string, out: string, major?: number): string {
  const version = major === undefined ? '<N>.<minor>' : `${major}.<minor>`;
  const which = major === undefined ? 'the newest PostgreSQL major' : `PostgreSQL ${major}`;
  const bin = path.join(out, 'bin');
  const lib = path.join(out, 'lib');
  const lines = [
    `There is no package manager to fetch the PostgreSQL client tools from on ${platform === 'win32' ? 'Windows' : 'macOS'}; use EDB's official binary archive:`,
    '',
    `1. Download ${edbZipUrl(platform, version)}`,
    `   (${which}, newest minor release; all versions are listed at ${EDB_PAGE}).`,
    '2. Unzip it anywhere; it contains a folder named pgsql.',
  ];
  if (platform === 'win32') {
    lines.push(
      `3. Copy pg_dump.exe, pg_restore.exe, psql.exe, pg_dumpall.exe and every .dll file from pgsql\\bin into`,
      `   ${bin}`,
      '   (the DLLs are libpq, OpenSSL, zlib and friends; Windows loads them from beside the .exe).',
    );
    if (arch !== 'x64') lines.push(`   EDB builds only x64; for ${arch}, use folder win32-x64 and an x64 build of Lifeboat.`);
  } else {
    lines.push(
      `3. Copy pg_dump, pg_restore, psql and pg_dumpall from pgsql/bin into`,
      `   ${bin}`,
      `   and every *.dylib from pgsql/lib into`,
      `   ${lib}`,
      `4. Check the architecture (file ${path.join(bin, 'pg_dump')} must mention ${arch === 'arm64' ? 'arm64' : 'x86_64'}), and clear the`,
      `   download quarantine: xattr -dr com.apple.quarantine ${out}`,
    );
  }
  lines.push('', `Then check: ${path.join(bin, platform === 'win32' ? 'pg_dump.exe' : 'pg_dump')} --version, and run npm run dist.`);
  return lines.join('\n');
}
