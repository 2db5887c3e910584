// `npm run fetch-pg-tools [-- --major N] [--out DIR]`: the PostgreSQL client tools the installers
// ship, in resources/pg-tools/<platform>-<arch>/ (not committed). Linux: from Debian/Ubuntu
// packages, automatically. Windows/macOS: prints which EDB archive to download and where to unpack
// it (`--platform win32|darwin` prints that from any computer).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { edbInstructions } from './pg-tools/edb-instructions';
import { fetchDebianTools } from './pg-tools/fetch-debian';
import { FetchToolsError } from './pg-tools/run-command';

const root = fileURLToPath(new URL('..', import.meta.url));
const USAGE = 'usage: npm run fetch-pg-tools -- [--major N] [--out DIR] [--platform linux|win32|darwin] [--arch x64|arm64]';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value.`, USAGE, 2);
  return value;
}

function fail(message: string, fix: string, code = 1): never {
  process.stderr.write(`fetch-pg-tools: ${message}\n${fix}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void process.stdout.write(`${USAGE}\n`);
  const majorText = option('--major');
  const major = majorText === undefined ? undefined : Number(majorText);
  if (major !== undefined && !(Number.isInteger(major) && major >= 10)) fail(`--major must be a PostgreSQL major version such as 16, not "${majorText}".`, USAGE, 2);
  const platform = option('--platform') ?? process.platform;
  const arch = option('--arch') ?? process.arch;
  const out = path.resolve(option('--out') ?? path.join(root, 'resources', 'pg-tools', `${platform}-${arch}`));

  if (platform === 'win32' || platform === 'darwin') {
    process.stdout.write(`${edbInstructions(platform, arch, out, major)}\n`);
    // Nothing was fetched: a script that chains `fetch-pg-tools && dist` must stop here.
    process.exit(1);
  }
  if (platform !== 'linux' || platform !== process.platform || arch !== process.arch) {
    fail(`Tools for ${platform}-${arch} cannot be fetched on ${process.platform}-${process.arch}.`, 'Run the script on that platform (Linux tools come from its own apt sources).', 2);
  }
  const started = Date.now();
  const manifest = await fetchDebianTools({ out, ...(major === undefined ? {} : { major }), log: (line) => process.stdout.write(`${line}\n`) });
  const bytes = Object.values(manifest.files).reduce((sum, f) => sum + f.size, 0);
  process.stdout.write(
    `PostgreSQL ${manifest.version} client tools (${Object.keys(manifest.files).length} files, ${(bytes / 1048576).toFixed(1)} MiB, glibc ≥ ${manifest.glibcRequired ?? '?'}) in ${out}, ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof FetchToolsError) fail(error.message, error.fix);
  throw error;
});
