// The packaged app runs the esbuild bundles, not tsx: they must build, and load nothing at run
// time but Node's built-ins, electron and the native modules kept outside the bundle.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-electron-build-'));
const NATIVE = ['better-sqlite3', 'zstd-napi', '@napi-rs/keyring'];
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Every module the bundle loads at run time: esbuild re-reads it and reports its require()/import() calls. */
async function runtimeImports(file: string): Promise<string[]> {
  const found = new Set<string>();
  await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    plugins: [
      {
        name: 'collect',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            found.add(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return [...found].sort();
}

let stdout = '';
beforeAll(async () => {
  ({ stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'scripts/build-electron.mjs'), '--outdir', outdir], { cwd: root }));
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('scripts/build-electron.mjs', () => {
  it('writes main.cjs and preload.cjs and reports their sizes', () => {
    for (const file of ['main.cjs', 'preload.cjs']) {
      expect(statSync(path.join(outdir, file)).size).toBeGreaterThan(1000);
      expect(stdout).toContain(file);
    }
    console.log(stdout.trim());
  });

  it('main.cjs requires only Node built-ins, electron and the native modules', async () => {
    const imports = await runtimeImports(path.join(outdir, 'main.cjs'));
    const foreign = imports.filter((name) => !BUILTINS.has(name) && name !== 'electron' && !NATIVE.includes(name));
    expect(foreign).toEqual([]);
    expect(imports).toContain('electron');
    expect(imports).toEqual(expect.arrayContaining(NATIVE));
  });

  it('preload.cjs requires electron and nothing else (a sandboxed preload can load nothing else)', async () => {
    expect(await runtimeImports(path.join(outdir, 'preload.cjs'))).toEqual(['electron']);
  });

  it('gives the core its import.meta.url (resources, package lookups) in the CommonJS bundle', () => {
    const main = readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    expect(main).not.toMatch(/import\.meta/);
    expect(main.startsWith('const __lifeboat_import_meta_url = require("node:url").pathToFileURL(__filename).href;')).toBe(true);
  });
});
