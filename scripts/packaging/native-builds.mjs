// electron-builder rebuilds native modules in place, for Electron's ABI. The checkout's tests
// and CLI run on Node, so the Node builds are set aside first and put back afterwards.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Moves a copy of each module's build/ folder aside; returns the function that restores them. */
export function setAsideNativeBuilds(root, modules) {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const saved = mkdtempSync(path.join(root, '.tmp', 'node-native-builds-'));
  const kept = [];
  for (const name of modules) {
    const build = path.join(root, 'node_modules', name, 'build');
    if (!existsSync(build)) continue; // prebuilt N-API packages (@napi-rs/keyring) have nothing to rebuild
    cpSync(build, path.join(saved, name), { recursive: true, verbatimSymlinks: true });
    kept.push(name);
  }
  return function restore() {
    for (const name of kept) {
      const build = path.join(root, 'node_modules', name, 'build');
      rmSync(build, { recursive: true, force: true });
      renameSync(path.join(saved, name), build);
    }
    rmSync(saved, { recursive: true, force: true });
    return kept;
  };
}
