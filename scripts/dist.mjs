#!/usr/bin/env node
// `npm run dist`: the installers for this platform (AppImage + deb, NSIS, dmg) in dist/packages.
// Checks first that the Electron binary and the PostgreSQL client tools are present and stops
// with what is missing and how to fix it; then builds the CLI, the UI and the Electron bundles
// and runs electron-builder, which rebuilds the native modules for Electron (the Node builds
// are put back afterwards). `--check` only checks. Needs internet (electron-builder downloads
// its packaging tools and Electron's headers).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_EXTERNALS } from './build-electron.mjs';
import { setAsideNativeBuilds } from './packaging/native-builds.mjs';
import { electronDist, missingPrerequisites } from './packaging/prerequisites.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PLATFORM_FLAG = { linux: '--linux', win32: '--win', darwin: '--mac' };

const missing = missingPrerequisites({ root });
if (!PLATFORM_FLAG[process.platform]) missing.push({ what: `Lifeboat has no installer for ${process.platform}.`, fix: 'Build on Linux, Windows or macOS.' });
if (missing.length > 0) {
  console.error('npm run dist cannot start; nothing was built:\n');
  for (const { what, fix } of missing) console.error(`✗ ${what}\n  Fix: ${fix}\n`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  console.log('Ready to package: the Electron binary and the PostgreSQL client tools are present.');
  process.exit(0);
}

function run(command, args) {
  // npm.cmd needs a shell on Windows; every argument here is a fixed string.
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && command.endsWith('.cmd') });
  if (result.status !== 0) {
    console.error(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const script of ['build:cli', 'build:renderer', 'build:electron']) run(npm, ['run', script]);

console.log('If this is interrupted, run `npm rebuild better-sqlite3 zstd-napi` to get the Node builds back.');
const restore = setAsideNativeBuilds(root, NATIVE_EXTERNALS);
try {
  run(process.execPath, [
    path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
    PLATFORM_FLAG[process.platform],
    `--${process.arch}`,
    // The Electron that was checked above, instead of a second download.
    `-c.electronDist=${electronDist(root)}`,
  ]);
} finally {
  console.log(`Node builds of ${restore().join(', ') || 'no native module'} restored.`);
}
const out = path.join(root, 'dist', 'packages');
if (existsSync(out)) for (const file of readdirSync(out)) console.log(`  dist/packages/${file}`);
