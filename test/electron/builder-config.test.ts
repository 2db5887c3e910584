// electron-builder.yml as electron-builder itself reads it: its own loader and schema check,
// then the choices that matter (fuses, native modules outside the asar, what is packaged).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { Minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', async () => {
  const config = await getConfig(root, null, null);

  it("passes electron-builder's loader and schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('app.lifeboat.desktop');
    expect(config.productName).toBe('Lifeboat');
    expect(config.extraMetadata).toEqual({ main: 'dist/electron/main.cjs' });
  });

  it('burns the security fuses', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('rebuilds the native modules for Electron when packaging, with keys this electron-builder knows', () => {
    const scheme = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as { properties: Record<string, unknown> };
    for (const key of ['npmRebuild', 'buildDependenciesFromSource', 'nativeRebuilder']) expect(scheme.properties, key).toHaveProperty(key);
    expect(config).toMatchObject({ npmRebuild: true, buildDependenciesFromSource: false, nativeRebuilder: 'sequential' });
  });

  it('packs an asar with the native modules unpacked', () => {
    expect(config.asar).toBe(true);
    const unpack = (config.asarUnpack as string[]).map((p) => new Minimatch(p, { dot: true }));
    for (const file of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/zstd-napi/build/Release/binding.node', 'node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node']) {
      expect(unpack.some((m) => m.match(file)), file).toBe(true);
    }
  });

  it('ships the bundles, the UI and only the native node_modules', () => {
    // The loader normalises `files` to one file set; electron-builder matches as util/filter.js
    // does: walking the patterns in order, an exclusion removes, a later inclusion adds back.
    const [fileSet] = config.files as Array<{ filter: string[] }>;
    const patterns = (fileSet?.filter ?? []).map((p) => new Minimatch(p, { dot: true }));
    const matchAll = (list: Minimatch[], file: string) => list.reduce((match, m) => (match === m.negate ? m.match(file) : match), false);
    for (const file of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js']) expect(matchAll(patterns, file), file).toBe(true);
    for (const file of ['dist/electron/main.cjs.map', 'src-main/core.ts', 'test/electron/build.test.ts', 'dist/cli/main.js']) expect(matchAll(patterns, file), file).toBe(false);
    // Production dependencies are copied through the same patterns behind "**/*" (fileMatcher.js, getNodeModuleFileMatcher).
    const modules = [new Minimatch('**/*', { dot: true }), ...patterns];
    for (const file of [
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
      'node_modules/file-uri-to-path/index.js',
      'node_modules/zstd-napi/dist/index.js',
      'node_modules/@napi-rs/keyring/index.js',
      'node_modules/@napi-rs/keyring-win32-x64-msvc/keyring.node',
    ]) {
      expect(matchAll(modules, file), file).toBe(true);
    }
    for (const file of ['node_modules/react/index.js', 'node_modules/@aws-sdk/client-s3/package.json', 'node_modules/pg/lib/index.js', 'node_modules/zod/index.js', 'node_modules/better-sqlite3-helper/x.js', 'node_modules/prebuild-install/bin.js']) {
      expect(matchAll(modules, file), file).toBe(false);
    }
  });

  it('puts the tray images, the icon and each platform’s PostgreSQL tools in the resources folder', () => {
    expect(config.extraResources).toEqual(expect.arrayContaining([{ from: 'resources/tray/', to: 'tray/' }, { from: 'resources/icons/icon.png', to: 'icons/icon.png' }]));
    expect(config.linux?.extraResources).toEqual([{ from: 'resources/pg-tools/linux-${arch}/', to: 'pg-tools/linux-${arch}/' }]);
    expect(config.win?.extraResources).toEqual([{ from: 'resources/pg-tools/win32-${arch}/', to: 'pg-tools/win32-${arch}/' }]);
    expect(config.mac?.extraResources).toEqual([{ from: 'resources/pg-tools/darwin-${arch}/', to: 'pg-tools/darwin-${arch}/' }]);
  });

  it('builds AppImage + deb, a per-user NSIS installer with a choice, and a hardened dmg', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true, entitlements: 'resources/icons/entitlements.mac.plist' });
  });
});
