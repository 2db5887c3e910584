// `npm run fetch-pg-tools` for real: Debian packages from the network, into a temp bundle, then
// every tool started the way Lifeboat starts it (LD_LIBRARY_PATH from our env builder, a PATH
// without PostgreSQL), libpq proven to load from the bundle, checksums, and a real dump.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBundledLibraries } from '../../src-main/pg/bundled-libraries';
import { runTool } from '../../src-main/pg/run-tool';
import { clearToolCache, findToolSets, parseToolVersion } from '../../src-main/pg/tool-locator';
import { parseLdd, isGlibcLibrary } from '../../scripts/pg-tools/library-closure';
import { verifyBundle, type PgToolsManifest } from '../../scripts/pg-tools/manifest';
import { useCluster } from '../helpers/clusters';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-fetch-pg-tools-'));
const bundle = path.join(work, 'pg-tools', `linux-${process.arch}`);
const emptyPath = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-empty-path-'));
const TOOLS = ['pg_dump', 'pg_restore', 'psql', 'pg_dumpall'];
let manifest: PgToolsManifest;
let fetchOutput = '';
let fetchMs = 0;

function fetchTools() {
  return run(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/fetch-pg-tools.ts'), '--out', bundle], { cwd: root, timeout: 180_000 });
}

/** How Lifeboat starts a bundled tool: nothing PostgreSQL on PATH, the bundle's lib/ from our env builder. */
const toolEnv = (binary: string) => withBundledLibraries(binary, { PATH: emptyPath, LANG: 'C' });

beforeAll(async () => {
  const started = Date.now();
  ({ stdout: fetchOutput } = await fetchTools());
  fetchMs = Date.now() - started;
  manifest = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as PgToolsManifest;
}, 200_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(emptyPath, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('npm run fetch-pg-tools (Debian packages)', () => {
  it('writes bin/, lib/ and a manifest naming the packages and versions', () => {
    console.log(`${fetchOutput.trim()}\n(fetch took ${fetchMs} ms)`);
    expect(readdirSync(path.join(bundle, 'bin')).sort()).toEqual([...TOOLS].sort());
    expect(readdirSync(path.join(bundle, 'lib'))).toContain('libpq.so.5');
    expect(manifest).toMatchObject({ format: 1, platform: `linux-${process.arch}`, source: 'debian-packages' });
    expect(manifest.packages.map((p) => p.name)).toEqual(expect.arrayContaining([`postgresql-client-${manifest.major}`, 'libpq5']));
    for (const pkg of manifest.packages) expect(pkg.version).toMatch(/^\S+$/);
    expect(manifest.files['lib/libpq.so.5']?.package).toBe('libpq5');
    // glibc stays with the system; everything else a tool needs is in lib/.
    expect(Object.keys(manifest.files).filter((f) => f.startsWith('lib/') && isGlibcLibrary(path.basename(f)))).toEqual([]);
    expect(statSync(bundle).mode & 0o777).toBe(0o755);
  });

  it('every tool starts from the bundle alone and reports the manifest’s version', async () => {
    for (const tool of TOOLS) {
      const binary = path.join(bundle, 'bin', tool);
      const { stdout } = await run(binary, ['--version'], { env: toolEnv(binary) });
      expect(stdout.trim(), tool).toContain(`(PostgreSQL) ${manifest.version}`);
      expect(parseToolVersion(stdout)).toEqual({ version: manifest.version, major: manifest.major });
    }
    expect(manifest.versionOutput).toContain(manifest.version);
  });

  it('libpq and every other non-glibc library resolve inside the bundle’s lib/', async () => {
    const lib = path.join(bundle, 'lib');
    for (const tool of TOOLS) {
      const binary = path.join(bundle, 'bin', tool);
      const { stdout } = await run('/usr/bin/ldd', [binary], { env: toolEnv(binary) });
      const libraries = parseLdd(stdout);
      expect(libraries.find((l) => l.soname === 'libpq.so.5')?.path, tool).toBe(path.join(lib, 'libpq.so.5'));
      const outside = libraries.filter((l) => !isGlibcLibrary(l.soname) && path.dirname(l.path ?? '') !== lib);
      expect(outside, tool).toEqual([]);
    }
  });

  it('matches its manifest’s SHA-256 checksums', () => {
    expect(Object.keys(manifest.files).length).toBeGreaterThan(TOOLS.length + 1);
    expect(verifyBundle(bundle)).toEqual([]);
  });

  describe('with a throwaway PostgreSQL 15', () => {
    const cluster = useCluster(15);

    it('dumps it with the bundled pg_dump and reads it with the bundled psql, both started by runTool', async () => {
      const c = cluster();
      await c.query('CREATE TABLE bundled_check (id int primary key, note text); INSERT INTO bundled_check VALUES (1, $$from the bundle$$);');
      const conn = { host: c.host, port: c.port, user: c.superuser, password: c.password, database: 'postgres', sslmode: undefined };
      const dump = runTool(path.join(bundle, 'bin', 'pg_dump'), ['--format=plain', '--table=bundled_check'], conn, { stdout: 'pipe' });
      let sql = '';
      dump.child.stdout!.setEncoding('utf8').on('data', (text: string) => (sql += text));
      await dump.done;
      expect(sql).toContain(`-- Dumped by pg_dump version ${manifest.version}`);
      expect(sql).toContain('from the bundle');

      const psql = runTool(path.join(bundle, 'bin', 'psql'), ['-At', '-c', 'select note from bundled_check'], conn, { stdout: 'pipe' });
      let out = '';
      psql.child.stdout!.setEncoding('utf8').on('data', (text: string) => (out += text));
      await psql.done;
      expect(out.trim()).toBe('from the bundle');
    });
  });

  it('is found by the tool locator as the bundled set when it sits in the resources folder', async () => {
    const saved = process.env.LIFEBOAT_RESOURCES;
    process.env.LIFEBOAT_RESOURCES = work;
    clearToolCache();
    try {
      const sets = await findToolSets();
      expect(sets.find((s) => s.source === 'bundled')).toMatchObject({ dir: path.join(bundle, 'bin'), version: manifest.version, major: manifest.major });
    } finally {
      if (saved === undefined) delete process.env.LIFEBOAT_RESOURCES;
      else process.env.LIFEBOAT_RESOURCES = saved;
      clearToolCache();
    }
  });

  it('a second fetch replaces the bundle in one step and leaves no temp folders', async () => {
    await fetchTools();
    expect(readdirSync(path.dirname(bundle))).toEqual([`linux-${process.arch}`]);
    expect(verifyBundle(bundle)).toEqual([]);
  });
});
