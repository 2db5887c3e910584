#!/usr/bin/env node
// Entry point for `lifeboat` / `npx lifeboat`: runs the bundled CLI (dist/cli, built by
// `npm ci`), or the TypeScript sources through tsx when the bundle is missing or older than
// the sources, so a developer never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/cli/main.js`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(bundle) && process.env.LIFEBOAT_FROM_SOURCE !== '1' && statSync(bundle).mtimeMs >= Math.max(newestSource(`${root}src-main`), newestSource(`${root}src-shared`));
if (fresh) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/hosts/cli/main.ts');
}
