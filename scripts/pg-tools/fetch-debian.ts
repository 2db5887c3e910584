// Debian/Ubuntu: fills resources/pg-tools/linux-<arch>/ with bin/ (pg_dump, pg_restore, psql,
// pg_dumpall), lib/ (libpq and every non-glibc library they load) and manifest.json, from the
// distribution's packages. The tools run from there on a computer without PostgreSQL because
// the app puts lib/ on LD_LIBRARY_PATH when it starts them (src-main/pg/bundled-libraries.ts).
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prependLibraryPath } from '../../src-main/pg/bundled-libraries';
import { parseToolVersion } from '../../src-main/pg/tool-locator';
import { availableClientMajors, downloadPackages, extractPackage, pickMajor } from './apt-packages';
import { replaceDirAtomically } from './atomic-dir';
import { librariesToBundle } from './library-closure';
import { glibcRequired, listFiles, MANIFEST_NAME, sha256File, type BundledPackage, type PgToolsManifest } from './manifest';
import { FetchToolsError, runCommand } from './run-command';
import { owningPackage } from './system-package';

export const TOOLS = ['pg_dump', 'pg_restore', 'psql', 'pg_dumpall'] as const;

export interface FetchOptions {
  /** The bundle folder to (re)create, e.g. resources/pg-tools/linux-x64. */
  out: string;
  major?: number;
  log?: (line: string) => void;
}

export async function fetchDebianTools({ out, major: requested, log = () => {} }: FetchOptions): Promise<PgToolsManifest> {
  const major = pickMajor(await availableClientMajors(), requested);
  const work = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-pg-tools-'));
  try {
    const names = [`postgresql-client-${major}`, 'libpq5'];
    log(`Downloading ${names.join(', ')} (PostgreSQL ${major}) with apt-get…`);
    const debs = await downloadPackages(names, work);
    const roots = new Map<string, { pkg: BundledPackage; root: string }>();
    for (const deb of debs) {
      const root = path.join(work, 'root', deb.name);
      await extractPackage(deb.file, root);
      roots.set(deb.name, { pkg: { name: deb.name, version: deb.version, origin: 'downloaded' }, root });
    }
    const binDir = path.join(roots.get(names[0]!)!.root, 'usr', 'lib', 'postgresql', String(major), 'bin');
    const tools = TOOLS.map((t) => path.join(binDir, t));
    for (const tool of tools) {
      if (!existsSync(tool)) throw new FetchToolsError(`${names[0]} has no ${path.basename(tool)} in /usr/lib/postgresql/${major}/bin.`, 'The package layout is unexpected; report it with the distribution name.');
    }
    const libraries = await librariesToBundle(tools, [...roots.values()].flatMap((r) => sharedLibraryDirs(r.root)));
    log(`Bundling ${libraries.length} libraries: ${libraries.map((l) => l.soname).join(' ')}`);

    return await replaceDirAtomically(out, async (temp) => {
      mkdirSync(path.join(temp, 'bin'));
      mkdirSync(path.join(temp, 'lib'));
      const fileOrigin = new Map<string, string>();
      for (const tool of tools) {
        const dest = path.join(temp, 'bin', path.basename(tool));
        copyFileSync(tool, dest);
        chmodSync(dest, 0o755);
        fileOrigin.set(`bin/${path.basename(tool)}`, names[0]!);
      }
      const packages = [...roots.values()].map((r) => r.pkg);
      for (const lib of libraries) {
        // Copied under its soname, links resolved: no symlinks for the packager to mishandle.
        copyFileSync(lib.path, path.join(temp, 'lib', lib.soname));
        fileOrigin.set(`lib/${lib.soname}`, await libraryOrigin(lib.path, roots, packages));
      }
      const versionOutput = await checkBundle(temp, major);
      const files: PgToolsManifest['files'] = {};
      for (const rel of listFiles(temp)) {
        files[rel] = { sha256: sha256File(path.join(temp, rel)), size: statSync(path.join(temp, rel)).size, package: fileOrigin.get(rel) ?? 'unknown' };
      }
      const manifest: PgToolsManifest = {
        format: 1,
        platform: `linux-${process.arch}`,
        major,
        version: parseToolVersion(versionOutput)!.version,
        versionOutput,
        source: 'debian-packages',
        distribution: distributionName(),
        glibcRequired: glibcRequired(listFiles(temp).map((rel) => path.join(temp, rel))),
        packages,
        files,
        createdAt: new Date().toISOString(),
      };
      writeFileSync(path.join(temp, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Folders of an unpacked package that hold shared libraries (usr/lib/<triplet>, usr/lib). */
function sharedLibraryDirs(root: string): string[] {
  const usrLib = path.join(root, 'usr', 'lib');
  if (!existsSync(usrLib)) return [];
  const dirs = readdirSync(usrLib, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name.includes('-linux-')).map((e) => path.join(usrLib, e.name));
  return [...dirs, usrLib];
}

/** The package a bundled library comes from; one copied from this system adds its package to `packages`. */
async function libraryOrigin(file: string, roots: Map<string, { root: string }>, packages: BundledPackage[]): Promise<string> {
  for (const [name, { root }] of roots) if (file.startsWith(root + path.sep)) return name;
  const owner = await owningPackage(file);
  if (!owner) return `system file ${file}`;
  if (!packages.some((p) => p.name === owner.name)) packages.push({ ...owner, origin: 'system' });
  return owner.name;
}

/** Every tool starts from the new folder alone and every library resolves inside it; returns pg_dump --version. */
async function checkBundle(dir: string, major: number): Promise<string> {
  const env = prependLibraryPath({ PATH: '/usr/bin:/bin', LANG: 'C' }, path.join(dir, 'lib'), 'linux');
  let versionOutput = '';
  for (const tool of TOOLS) {
    const res = await runCommand(path.join(dir, 'bin', tool), ['--version'], { env });
    const parsed = parseToolVersion(res.stdout);
    if (res.code !== 0 || parsed?.major !== major) {
      throw new FetchToolsError(`The bundled ${tool} does not start: ${(res.stderr || res.stdout).trim()}`, 'A library may be missing from the bundle; run the script again, and report the message if it persists.');
    }
    if (tool === 'pg_dump') versionOutput = res.stdout.trim();
  }
  const outside = (await librariesToBundle(TOOLS.map((t) => path.join(dir, 'bin', t)), [path.join(dir, 'lib')])).filter((l) => path.dirname(l.path) !== path.join(dir, 'lib'));
  if (outside.length > 0) {
    throw new FetchToolsError(`Libraries still load from outside the bundle: ${outside.map((l) => l.path).join(', ')}.`, 'Report this with the distribution name.');
  }
  return versionOutput;
}

function distributionName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
