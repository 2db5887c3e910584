// Bundles the `lifeboat` CLI (and the core it uses) into dist/cli with esbuild, so commands
// start fast and small without compiling TypeScript at run time. Heavy parts (the AWS SDK,
// the mail library) stay in separate chunks loaded only when used. Run by `npm ci` (prepare).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = new URL('../dist/cli/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src-main/hosts/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native modules and packages that locate files relative to themselves stay in node_modules.
  external: ['better-sqlite3', 'zstd-napi', '@napi-rs/keyring', 'pg-native', 'tsx', 'tsx/*'],
  banner: { js: "import { createRequire as __lifeboatRequire } from 'node:module'; const require = __lifeboatRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
