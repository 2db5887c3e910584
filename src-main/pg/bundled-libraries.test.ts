import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledLibDir, libraryPathVariable, prependLibraryPath, withBundledLibraries } from './bundled-libraries';

const root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-bundled-libs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bundle(name: string, withManifest: boolean): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  if (withManifest) writeFileSync(path.join(dir, 'manifest.json'), '{}');
  return path.join(dir, 'bin', 'pg_dump');
}

describe('bundled libraries', () => {
  it('finds lib/ only beside a fetched bundle (one with our manifest)', () => {
    expect(bundledLibDir(bundle('fetched', true))).toBe(path.join(root, 'fetched', 'lib'));
    // /usr/bin/../lib exists everywhere and must never be put on the loader path.
    expect(bundledLibDir(bundle('usr', false))).toBeUndefined();
    expect(bundledLibDir('/usr/bin/pg_dump')).toBeUndefined();
  });

  it('also trusts the resources layout pg-tools/<platform>-<arch>, manifest or not (EDB files copied by hand)', () => {
    expect(bundledLibDir(bundle('pg-tools/darwin-arm64', false))).toBe(path.join(root, 'pg-tools', 'darwin-arm64', 'lib'));
    expect(bundledLibDir(bundle('pg-tools/other', false))).toBeUndefined();
  });

  it('prepends the folder to the platform’s loader variable and keeps what was there', () => {
    expect(libraryPathVariable('linux')).toBe('LD_LIBRARY_PATH');
    expect(libraryPathVariable('darwin')).toBe('DYLD_LIBRARY_PATH');
    expect(libraryPathVariable('win32')).toBeUndefined();
    expect(prependLibraryPath({ PATH: '/bin' }, '/b/lib', 'linux')).toEqual({ PATH: '/bin', LD_LIBRARY_PATH: '/b/lib' });
    expect(prependLibraryPath({ LD_LIBRARY_PATH: '/opt/x' }, '/b/lib', 'linux').LD_LIBRARY_PATH).toBe(`/b/lib${path.delimiter}/opt/x`);
    expect(prependLibraryPath({ PATH: 'C:\\x' }, 'C:\\b\\lib', 'win32')).toEqual({ PATH: 'C:\\x' });
  });

  it('leaves the environment of system tools untouched and does not modify its input', () => {
    const env = { PATH: '/usr/bin' };
    expect(withBundledLibraries('/usr/lib/postgresql/15/bin/pg_dump', env)).toBe(env);
    const withLib = withBundledLibraries(bundle('fetched2', true), env);
    expect(withLib[libraryPathVariable()!]).toBe(path.join(root, 'fetched2', 'lib'));
    expect(env).toEqual({ PATH: '/usr/bin' });
  });
});
