// `npm run demo`: the main job on an embedded default. Starts a throwaway PostgreSQL with
// sample business data, then drives the real `lifeboat` CLI through keygen → backup → list →
// verify → restore, compares row counts, shows how to restore by hand, and cleans up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSampleBusinessData } from '../src-main/demo/sample-data';
import { startLocalCluster, type LocalCluster } from '../src-main/pg/local-cluster';
import { availableServerMajors, findServerBinDir } from '../src-main/pg/server-binaries';

const CLI = fileURLToPath(new URL('../bin/lifeboat.mjs', import.meta.url));
const keep = process.argv.includes('--keep');

function say(text: string): void {
  process.stdout.write(`\n\x1b[1m${text}\x1b[0m\n`);
}

function lifeboat(args: string[], env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): string {
  if (!options.quiet) process.stdout.write(`$ lifeboat ${args.join(' ')}\n`);
  const res = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (!options.quiet) process.stdout.write(res.stdout);
  if (res.status !== 0) throw new Error(`lifeboat ${args[0]} failed (exit ${res.status})`);
  return res.stdout;
}

async function main(): Promise<void> {
  const major = findServerBinDir(15) ? 15 : availableServerMajors().at(-1);
  const binDir = major === undefined ? undefined : findServerBinDir(major);
  if (!binDir) throw new Error('No PostgreSQL server binaries found: install postgresql-15 (apt-get install postgresql-15).');
  const work = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-demo-'));
  const home = path.join(work, 'lifeboat-home');
  const backups = path.join(work, 'backups');
  const keyFile = path.join(work, 'recovery-key.txt');
  let cluster: LocalCluster | undefined;
  try {
    say(`1. Starting a throwaway PostgreSQL ${major} with sample business data`);
    cluster = await startLocalCluster({ binDir });
    await cluster.query('CREATE DATABASE acme_books');
    const { tables } = await loadSampleBusinessData(cluster, 'acme_books', { scale: 1 });
    for (const [table, rows] of Object.entries(tables)) process.stdout.write(`   ${table.padEnd(14)} ${rows} rows\n`);
    const env = { LIFEBOAT_HOME: home, PGPASSWORD: cluster.password };
    const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster!.port}/${db}`;
    spawnSync('mkdir', ['-p', backups]);

    say('2. Creating the encryption key (keep this file safe: it is the only way to read the backups)');
    const keygen = lifeboat(['keygen', '--out', keyFile], env);
    const recipient = /age1[0-9a-z]+/.exec(keygen)?.[0] ?? '';

    say('3. Backing up (pg_dump → zstd → age → folder; the password comes from PGPASSWORD, never the command line)');
    const backupOutput = lifeboat(['backup', '--db', url('acme_books'), '--to', backups, '--recipient', recipient], env);
    const id = /Backup id: (\S+)/.exec(backupOutput)?.[1] ?? '';
    const backup = JSON.parse(lifeboat(['show', id, '--json'], env, { quiet: true })) as {
      backup: { files: Array<{ role: string; name: string }>; copies: Array<{ prefix: string }> };
    };

    say('4. The catalog');
    lifeboat(['list'], env);

    say('5. Verifying: hash, full decryption, and the archive table of contents');
    lifeboat(['verify', id, '--identity', keyFile], env);

    say('6. Restoring into a NEW database and comparing row counts with the backup');
    lifeboat(['restore', id, '--db', url('acme_books_restored'), '--identity', keyFile], env);
    for (const table of Object.keys(tables)) {
      const original = await cluster.query(`SELECT count(*)::int AS n FROM ${table}`, 'acme_books');
      const restored = await cluster.query(`SELECT count(*)::int AS n FROM ${table}`, 'acme_books_restored');
      const same = original.rows[0].n === restored.rows[0].n;
      process.stdout.write(`   ${table.padEnd(14)} ${String(original.rows[0].n).padStart(6)} → ${String(restored.rows[0].n).padStart(6)} ${same ? '✓' : '✗ DIFFERENT'}\n`);
      if (!same) throw new Error(`Row counts differ for ${table}`);
    }

    const dumpName = backup.backup.files.find((f) => f.role === 'dump')!.name;
    const dumpPath = path.join(backups, backup.backup.copies[0]!.prefix, dumpName);
    say('7. Where everything is');
    process.stdout.write(`   backup files   ${path.dirname(dumpPath)}\n   catalog + logs ${home}\n   key            ${keyFile}\n`);
    say('   Restoring by hand, without Lifeboat (stock age, zstd and pg_restore):');
    process.stdout.write(`   createdb NEWDB\n   age -d -i ${keyFile} ${dumpPath} \\\n     | zstd -d | pg_restore --exit-on-error -d NEWDB\n`);
  } finally {
    await cluster?.stop();
    if (keep) say(`Kept ${work} (--keep). The PostgreSQL server was stopped.`);
    else {
      rmSync(work, { recursive: true, force: true });
      say('Cleaned up: the throwaway server and every demo file are gone (run with -- --keep to keep the files).');
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
