#!/usr/bin/env node
// `npm start`: the desktop app from a checkout. Makes sure the Electron binary is there (npm
// installs electron with its download script denied, so the first start fetches it), builds
// the UI and the Electron bundles, then runs Electron on dist/electron/main.cjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = path.join(root, 'node_modules', 'electron');
const NO_BINARY =
  "The Electron binary could not be downloaded (no internet?). Lifeboat's UI also runs in a browser: npx lifeboat serve";

/** The binary electron's install script recorded, if present (never triggers a download). */
function electronBinary() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist');
    const binary = path.join(dist, relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  return result.status === 0;
}

let binary = electronBinary();
if (!binary) {
  console.log('Downloading the Electron binary (once)…');
  if (!run(process.execPath, [path.join(electronDir, 'install.js')]) || !(binary = electronBinary())) {
    console.error(NO_BINARY);
    process.exit(1);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const script of ['build:renderer', 'build:electron']) {
  // npm.cmd needs a shell on Windows; the arguments are fixed strings.
  const result = spawnSync(npm, ['run', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`npm run ${script} failed.`);
    process.exit(result.status ?? 1);
  }
}

const child = spawn(binary, [path.join(root, 'dist', 'electron', 'main.cjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  // Electron must start as Electron, even if the shell asks for Node mode.
  env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
