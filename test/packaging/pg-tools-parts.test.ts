// The pure parts of scripts/fetch-pg-tools.ts: apt and ldd output, glibc exclusion, dpkg paths,
// manifest checks, the atomic folder swap, and the Windows/macOS instructions.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseClientMajors, pickMajor } from '../../scripts/pg-tools/apt-packages';
import { replaceDirAtomically } from '../../scripts/pg-tools/atomic-dir';
import { edbInstructions, edbZipUrl } from '../../scripts/pg-tools/edb-instructions';
import { isGlibcLibrary, parseLdd } from '../../scripts/pg-tools/library-closure';
import { glibcRequired, listFiles, sha256File, verifyBundle } from '../../scripts/pg-tools/manifest';
import { dpkgPathVariants, parseDpkgSearch } from '../../scripts/pg-tools/system-package';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-pg-tools-parts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('apt', () => {
  it('reads the client majors apt offers, newest first', () => {
    const out = 'postgresql-client-15 - front-end programs for PostgreSQL 15\npostgresql-client-17 - front-end programs for PostgreSQL 17\npostgresql-client-common - manager\n';
    expect(parseClientMajors(out)).toEqual([17, 15]);
    expect(parseClientMajors('')).toEqual([]);
  });
  it('takes the newest unless asked, and explains what is missing', () => {
    expect(pickMajor([17, 15])).toBe(17);
    expect(pickMajor([17, 15], 15)).toBe(15);
    expect(() => pickMajor([15], 17)).toThrowError(/postgresql-client-17 is not in your apt sources \(available: 15\)/);
    expect(() => pickMajor([])).toThrowError(expect.objectContaining({ fix: expect.stringContaining('apt-get update') }));
  });
});

describe('ldd', () => {
  const sample = [
    '/x/bin/pg_dump:',
    '\tlinux-vdso.so.1 (0x00007ffd5b1f2000)',
    '\tlibpq.so.5 => /x/lib/libpq.so.5 (0x00007f36c0f97000)',
    '\tlibssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x00007f36c0ec6000)',
    '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f36c081e000)',
    '\tlibgone.so.1 => not found',
    '\t/lib64/ld-linux-x86-64.so.2 (0x00007f36c1062000)',
    '/x/bin/psql:',
    '\tlibpq.so.5 => /x/lib/libpq.so.5 (0x00007f36c0f97000)',
  ].join('\n');
  it('lists each library once, with where it was found', () => {
    expect(parseLdd(sample)).toEqual([
      { soname: 'linux-vdso.so.1', path: undefined },
      { soname: 'libpq.so.5', path: '/x/lib/libpq.so.5' },
      { soname: 'libssl.so.3', path: '/lib/x86_64-linux-gnu/libssl.so.3' },
      { soname: 'libc.so.6', path: '/lib/x86_64-linux-gnu/libc.so.6' },
      { soname: 'libgone.so.1', path: undefined },
      { soname: 'ld-linux-x86-64.so.2', path: '/lib64/ld-linux-x86-64.so.2' },
    ]);
  });
  it('leaves glibc (and only glibc) to the system', () => {
    for (const lib of ['libc.so.6', 'libm.so.6', 'libdl.so.2', 'libpthread.so.0', 'librt.so.1', 'libresolv.so.2', 'ld-linux-x86-64.so.2', 'ld-linux-aarch64.so.1', 'linux-vdso.so.1', 'libnss_files.so.2']) {
      expect(isGlibcLibrary(lib), lib).toBe(true);
    }
    for (const lib of ['libpq.so.5', 'libssl.so.3', 'libcrypto.so.3', 'libz.so.1', 'libcrypt.so.1', 'libcom_err.so.2', 'libreadline.so.8', 'libmd.so.0']) {
      expect(isGlibcLibrary(lib), lib).toBe(false);
    }
  });
});

describe('dpkg', () => {
  it('tries both sides of the /usr merge', () => {
    expect(dpkgPathVariants('/lib/x86_64-linux-gnu/libssl.so.3')).toEqual(['/lib/x86_64-linux-gnu/libssl.so.3', '/usr/lib/x86_64-linux-gnu/libssl.so.3']);
    expect(dpkgPathVariants('/usr/lib/a.so', '/usr/lib/a.so.1')).toEqual(['/usr/lib/a.so', '/usr/lib/a.so.1', '/lib/a.so', '/lib/a.so.1']);
  });
  it('reads the owner from dpkg -S', () => {
    expect(parseDpkgSearch('zlib1g:amd64: /lib/x86_64-linux-gnu/libz.so.1\n')).toBe('zlib1g:amd64');
    expect(parseDpkgSearch('')).toBeUndefined();
  });
});

describe('manifest', () => {
  it('finds missing, changed and unlisted files', () => {
    const dir = path.join(tmp, 'bundle');
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    mkdirSync(path.join(dir, 'lib'), { recursive: true });
    writeFileSync(path.join(dir, 'bin', 'pg_dump'), 'binary');
    writeFileSync(path.join(dir, 'lib', 'libpq.so.5'), 'library GLIBC_2.17 GLIBC_2.34 GLIBC_2.4');
    const files = Object.fromEntries(listFiles(dir).map((rel) => [rel, { sha256: sha256File(path.join(dir, rel)), size: readFileSync(path.join(dir, rel)).length, package: 'x' }]));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ files }));
    expect(listFiles(dir)).toEqual(['bin/pg_dump', 'lib/libpq.so.5']);
    expect(verifyBundle(dir)).toEqual([]);
    expect(glibcRequired([path.join(dir, 'lib', 'libpq.so.5')])).toBe('2.34');

    writeFileSync(path.join(dir, 'bin', 'pg_dump'), 'binarY');
    writeFileSync(path.join(dir, 'lib', 'extra.so'), '');
    rmSync(path.join(dir, 'lib', 'libpq.so.5'));
    expect(verifyBundle(dir).sort()).toEqual(['bin/pg_dump does not match its SHA-256', 'lib/extra.so is not in the manifest', 'lib/libpq.so.5 is missing']);
  });
});

describe('replaceDirAtomically', () => {
  it('swaps the new folder in and removes the old one', async () => {
    const target = path.join(tmp, 'swap', 'linux-x64');
    await replaceDirAtomically(target, async (dir) => writeFileSync(path.join(dir, 'v'), '1'));
    await replaceDirAtomically(target, async (dir) => writeFileSync(path.join(dir, 'v'), '2'));
    expect(readFileSync(path.join(target, 'v'), 'utf8')).toBe('2');
    expect(readdirSync(path.dirname(target))).toEqual(['linux-x64']);
  });
  it('leaves the old folder untouched when building the new one fails', async () => {
    const target = path.join(tmp, 'swap', 'linux-x64');
    await expect(
      replaceDirAtomically(target, async (dir) => {
        writeFileSync(path.join(dir, 'v'), 'half');
        throw new Error('download failed');
      }),
    ).rejects.toThrow('download failed');
    expect(readFileSync(path.join(target, 'v'), 'utf8')).toBe('2');
    expect(readdirSync(path.dirname(target))).toEqual(['linux-x64']);
  });
});

describe('Windows and macOS', () => {
  it('names the EDB archive and the folders to copy into', () => {
    expect(edbZipUrl('win32', '17.6')).toBe('https://get.enterprisedb.com/postgresql/postgresql-17.6-1-windows-x64-binaries.zip');
    expect(edbZipUrl('darwin', '17.6')).toBe('https://get.enterprisedb.com/postgresql/postgresql-17.6-1-osx-binaries.zip');
    const win = edbInstructions('win32', 'x64', 'C:\\lifeboat\\resources\\pg-tools\\win32-x64', 17);
    expect(win).toContain('postgresql-17.<minor>-1-windows-x64-binaries.zip');
    expect(win).toMatch(/pg_dump\.exe, pg_restore\.exe, psql\.exe, pg_dumpall\.exe and every \.dll/);
    const mac = edbInstructions('darwin', 'arm64', '/src/resources/pg-tools/darwin-arm64');
    expect(mac).toContain('postgresql-<N>.<minor>-1-osx-binaries.zip');
    expect(mac).toContain('/src/resources/pg-tools/darwin-arm64/lib');
    expect(mac).toContain('xattr -dr com.apple.quarantine');
  });

  it('the script prints them for --platform win32, fetches nothing and exits 1', async () => {
    const out = path.join(tmp, 'win32-x64');
    const result = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/fetch-pg-tools.ts'), '--platform', 'win32', '--arch', 'x64', '--major', '17', '--out', out], { cwd: root }).catch((e: { code: number; stdout: string }) => e);
    expect(result).toMatchObject({ code: 1, stdout: expect.stringContaining('postgresql-17.<minor>-1-windows-x64-binaries.zip') });
    expect(existsSync(out)).toBe(false);
  });
});
