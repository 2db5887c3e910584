#!/usr/bin/env node
// Bundles the Electron host for a packaged app that needs neither tsx nor the TypeScript
// sources: dist/electron/main.cjs (main process) and dist/electron/preload.cjs.
//
// The preload is a bundle of its own because a sandboxed preload cannot load other files:
// its `require` only knows 'electron' (and a few Node shims). The main bundle keeps electron
// and the native modules outside (better-sqlite3, zstd-napi, @napi-rs/keyring: they are
// unpacked from the asar by electron-builder and loaded from node_modules at run time).
//
//   node scripts/build-electron.mjs [--outdir dir]
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const NATIVE_EXTERNALS = ['better-sqlite3', 'zstd-napi', '@napi-rs/keyring'];
export const EXTERNALS = ['electron', ...NATIVE_EXTERNALS];

// pg requires the optional 'pg-native' only when `pg.native` is read (never in Lifeboat):
// a stub that fails like a missing module keeps it out of the bundle.
const pgNativeStub = {
  name: 'pg-native-stub',
  setup(b) {
    b.onResolve({ filter: /^pg-native$/ }, () => ({ path: 'pg-native', namespace: 'pg-native-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'pg-native-stub' }, () => ({
      contents: "throw Object.assign(new Error(\"Cannot find module 'pg-native'\"), { code: 'MODULE_NOT_FOUND' });",
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 runs Node 22 and Chromium 140.
  target: ['node22', 'chrome140'],
  external: EXTERNALS,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

export async function buildElectron({ outdir = path.join(root, 'dist', 'electron') } = {}) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(root, 'src-main/hosts/electron/main.ts')],
      outfile: path.join(outdir, 'main.cjs'),
      plugins: [pgNativeStub],
      // The core's ESM sources use import.meta.url (resource and package lookups): give it the bundle's own URL.
      define: { 'import.meta.url': '__lifeboat_import_meta_url' },
      banner: { js: 'const __lifeboat_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    }),
    build({
      ...common,
      entryPoints: [path.join(root, 'src-main/hosts/electron/preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      external: ['electron'],
    }),
  ]);
  const sizes = {};
  for (const file of ['main.cjs', 'preload.cjs']) sizes[file] = (await stat(path.join(outdir, file))).size;
  // The metafiles name every external import: what the packaged app must find in node_modules.
  return { outdir, sizes, metafiles: { main: main.metafile, preload: preload.metafile } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? path.resolve(process.argv[i + 1] ?? '') : undefined;
  const started = Date.now();
  const { outdir: out, sizes } = await buildElectron(outdir ? { outdir } : {});
  for (const [file, bytes] of Object.entries(sizes)) console.log(`${path.relative(process.cwd(), path.join(out, file)) || file}  ${(bytes / 1024).toFixed(1)} KiB`);
  console.log(`Electron bundles built in ${Date.now() - started} ms.`);
}
