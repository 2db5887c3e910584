// `npm run dist` stops before building anything when the Electron binary or the PostgreSQL
// client tools are missing, and says what is missing and how to fix it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPrerequisites } from '../../scripts/packaging/prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-dist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fakeCheckout(name: string, parts: { electron?: boolean; pgTools?: 'linux-x64' | 'win32-x64' }): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'node_modules', 'electron'), { recursive: true });
  if (parts.electron) {
    writeFileSync(path.join(dir, 'node_modules', 'electron', 'path.txt'), 'electron');
    mkdirSync(path.join(dir, 'node_modules', 'electron', 'dist'));
    writeFileSync(path.join(dir, 'node_modules', 'electron', 'dist', 'electron'), '');
  }
  if (parts.pgTools) {
    const bin = path.join(dir, 'resources', 'pg-tools', parts.pgTools, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, parts.pgTools.startsWith('win32') ? 'pg_dump.exe' : 'pg_dump'), '');
  }
  return dir;
}

describe('dist prerequisites', () => {
  it('are met with the Electron binary and this platform’s tools', () => {
    expect(missingPrerequisites({ root: fakeCheckout('complete', { electron: true, pgTools: 'linux-x64' }), platform: 'linux', arch: 'x64', env: {} })).toEqual([]);
    expect(missingPrerequisites({ root: fakeCheckout('complete-win', { electron: true, pgTools: 'win32-x64' }), platform: 'win32', arch: 'x64', env: {} })).toEqual([]);
  });

  it('name a missing Electron binary with the command that fetches it', () => {
    const [problem, ...rest] = missingPrerequisites({ root: fakeCheckout('no-electron', { pgTools: 'linux-x64' }), platform: 'linux', arch: 'x64', env: {} });
    expect(rest).toEqual([]);
    expect(problem?.what).toMatch(/Electron binary is not installed/);
    expect(problem?.fix).toMatch(/node node_modules\/electron\/install\.js.*npm rebuild electron/);
    // path.txt alone is not enough: the binary it names must be there.
    const partial = fakeCheckout('electron-path-only', { pgTools: 'linux-x64' });
    writeFileSync(path.join(partial, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(missingPrerequisites({ root: partial, platform: 'linux', arch: 'x64', env: {} })).toHaveLength(1);
  });

  it('name missing client tools with the platform’s way to get them', () => {
    const linux = missingPrerequisites({ root: fakeCheckout('no-tools', { electron: true }), platform: 'linux', arch: 'arm64', env: {} });
    expect(linux).toEqual([{ what: expect.stringContaining('resources/pg-tools/linux-arm64/bin/pg_dump not found'), fix: expect.stringContaining('npm run fetch-pg-tools') }]);
    const mac = missingPrerequisites({ root: fakeCheckout('no-tools-mac', { electron: true, pgTools: 'linux-x64' }), platform: 'darwin', arch: 'arm64', env: {} });
    expect(mac[0]?.fix).toMatch(/EDB archive/);
  });
});

describe('npm run dist on this machine (no Electron binary)', () => {
  const outputs = ['dist/cli/main.js', 'dist/renderer/index.html', 'dist/electron/main.cjs', 'dist/packages', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'];
  const stamp = () => outputs.map((rel) => (existsSync(path.join(root, rel)) ? statSync(path.join(root, rel)).mtimeMs : 'absent'));

  it('exits 1 with what is missing and how to fix it, and builds nothing', async () => {
    const before = stamp();
    // An empty override makes the Electron check fail even where the binary is installed.
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(path.join(tmp, 'no-electron-')) };
    const result = await promisify(execFile)(process.execPath, [path.join(root, 'scripts/dist.mjs')], { cwd: root, env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    const { stderr } = result as { stderr: string };
    expect(stderr).toContain('npm run dist cannot start; nothing was built');
    expect(stderr).toContain('The Electron binary is not installed');
    expect(stderr).toContain('npm rebuild electron');
    if (!existsSync(path.join(root, 'resources/pg-tools', `${process.platform}-${process.arch}`))) expect(stderr).toContain('npm run fetch-pg-tools');
    expect(stamp()).toEqual(before);
  });
});
