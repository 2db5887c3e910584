// What `npm run dist` needs before it builds anything: the Electron binary that electron-builder
// copies into the package (never downloaded here: package.json's allowScripts denies electron's
// install script) and the PostgreSQL client tools for this platform. Each problem says its fix.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The unpacked Electron distribution electron's install script left, or undefined. */
export function electronDist(root, env = process.env) {
  const electronDir = path.join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist');
    return relative && existsSync(path.join(dist, relative)) ? dist : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle folder electron-builder's extraResources takes for this platform (see electron-builder.yml). */
export function pgToolsDir(root, platform = process.platform, arch = process.arch) {
  return path.join(root, 'resources', 'pg-tools', `${platform}-${arch}`);
}

/** Every missing prerequisite as { what, fix }; empty when packaging can start. */
export function missingPrerequisites({ root, platform = process.platform, arch = process.arch, env = process.env }) {
  const missing = [];
  if (!electronDist(root, env)) {
    missing.push({
      what: 'The Electron binary is not installed (node_modules/electron/path.txt and node_modules/electron/dist/ are missing: npm installed electron with its download script denied).',
      fix: 'On a computer with internet access run `node node_modules/electron/install.js` (what `npm start` does), or allow electron in package.json "allowScripts" and run `npm rebuild electron`.',
    });
  }
  const tools = pgToolsDir(root, platform, arch);
  const pgDump = path.join(tools, 'bin', platform === 'win32' ? 'pg_dump.exe' : 'pg_dump');
  if (!existsSync(pgDump)) {
    missing.push({
      what: `The PostgreSQL client tools for ${platform}-${arch} are missing (${path.relative(root, pgDump)} not found); the installer ships them.`,
      fix:
        platform === 'linux'
          ? 'Run `npm run fetch-pg-tools` (Debian/Ubuntu; it downloads the distribution packages).'
          : 'Run `npm run fetch-pg-tools`: it prints which EDB archive to download and where to unpack it (README, "Packaging").',
    });
  }
  return missing;
}
