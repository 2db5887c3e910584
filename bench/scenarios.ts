// The rows of the benchmark. Each is a Scenario: optional untimed before/after, a timed run.
// New rows (fan-out to S3, restore from S3, UI timings) are new entries in ROWS, with their
// key in the JSON's `seconds` and, when they have one, a target in report.ts.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE, type BenchSetup } from './setup';
import { cliEntry, REPO_ROOT, runLifeboat } from './lifeboat-cli';
import type { Sample, Scenario } from './measure';
import { runProcess } from './proc';

export interface BenchContext {
  setup: BenchSetup;
  /** pg_dump -Fc -Z0 archive made once, restored by row e. */
  plainArchive: string;
  pgDumpFile: string;
  seedFile: string;
  seedPassphrase: string;
  /** The latest Lifeboat backup (written by row d, restored by row f). */
  lastBackup: { file: string; bytes: number } | undefined;
  /** The latest fan-out backup's id (written by row g to the folder and S3, restored by row h from S3). */
  lastS3Backup: { id: string } | undefined;
}

export type Row = Scenario<BenchContext>;

/** pg_dump's flags shared by every dump row: connection, no prompt. */
function dumpArgs(ctx: BenchContext, ...extra: string[]): string[] {
  return [...ctx.setup.connArgs, '--no-password', ...extra, DATABASE];
}

const pgDumpFloor: Row = {
  key: 'pg_dump_floor',
  tag: 'a',
  label: 'pg_dump -Fc -Z0 --no-sync → /dev/null (floor)',
  run: async (ctx) => {
    const r = await runProcess(ctx.setup.tool('pg_dump'), dumpArgs(ctx, '-Fc', '-Z0', '--no-sync', '-f', '/dev/null'), { env: ctx.setup.pgEnv(), label: 'pg_dump -Z0' });
    return { seconds: r.seconds };
  },
};

const pgDumpGzip: Row = {
  key: 'pg_dump',
  tag: 'b',
  label: 'pg_dump -Fc → file (gzip -6)',
  before: async (ctx) => rmSync(ctx.pgDumpFile, { force: true }),
  run: async (ctx) => {
    const r = await runProcess(ctx.setup.tool('pg_dump'), dumpArgs(ctx, '-Fc', '-f', ctx.pgDumpFile), { env: ctx.setup.pgEnv(), label: 'pg_dump -Fc' });
    return { seconds: r.seconds, bytes: statSync(ctx.pgDumpFile).size };
  },
};

/** The seed runbooks' pipeline, verbatim in spirit: plain SQL dump, gzip -9, openssl AES-256-CBC. */
const SEED_SCRIPT = 'set -o pipefail; "$BENCH_PG_DUMP" -h 127.0.0.1 -p "$BENCH_PORT" -U postgres --no-password "$BENCH_DB" | gzip -9 | openssl enc -aes-256-cbc -pbkdf2 -pass env:BENCH_PASS > "$BENCH_OUT"';

const seedPipeline: Row = {
  key: 'seed',
  tag: 'c',
  label: 'pg_dump | gzip -9 | openssl enc → file (seed)',
  before: async (ctx) => rmSync(ctx.seedFile, { force: true }),
  run: async (ctx) => {
    const env = ctx.setup.pgEnv({
      BENCH_PG_DUMP: ctx.setup.tool('pg_dump'),
      BENCH_PORT: String(ctx.setup.cluster.port),
      BENCH_DB: DATABASE,
      BENCH_OUT: ctx.seedFile,
      BENCH_PASS: ctx.seedPassphrase,
    });
    const r = await runProcess('bash', ['-c', SEED_SCRIPT], { env, label: 'seed pipeline' });
    return { seconds: r.seconds, bytes: statSync(ctx.seedFile).size };
  },
};

interface BackupJson {
  backup?: { id: string; storedBytes: number | null; files: Array<{ role: string; name: string }>; copies: Array<{ prefix: string; status: string }> };
  copies: Array<{ status: string; error?: string }>;
}

/** One `lifeboat backup` into the backup folder; returns the dump file and the CLI run. */
export async function lifeboatBackup(ctx: BenchContext, sampleRss: boolean, extraFlags: string[] = []): Promise<Sample & { file: string }> {
  const { setup } = ctx;
  const args = ['backup', '--db', setup.url(DATABASE), '--to', setup.backupDir, '--recipient', setup.recipient, ...extraFlags, '--json'];
  const r = await runLifeboat<BackupJson>(args, setup.cliEnv(), { sampleRss });
  const backup = r.json.backup;
  const dump = backup?.files.find((f) => f.role === 'dump');
  const copy = backup?.copies.find((c) => c.status === 'present');
  if (!backup || !dump || !copy) throw new Error(`lifeboat backup reported no stored dump: ${r.stdout.slice(0, 2000)}`);
  const file = join(setup.backupDir, ...copy.prefix.split('/'), dump.name);
  const bytes = statSync(file).size;
  // Row f restores a backup made with the default flags only.
  if (extraFlags.length === 0) ctx.lastBackup = { file, bytes };
  return { seconds: r.seconds, bytes, peakRssMb: r.peakRssMb, file };
}

const lifeboatBackupRow: Row = {
  key: 'lifeboat_backup',
  tag: 'd',
  label: 'lifeboat backup → folder (zstd + age)',
  run: async (ctx) => {
    const { seconds, bytes, peakRssMb } = await lifeboatBackup(ctx, true);
    return { seconds, bytes, peakRssMb };
  },
};

/** One `lifeboat backup` to the backup folder and the S3 server at once (credentials in the env only). */
export async function lifeboatFanoutBackup(ctx: BenchContext, sampleRss: boolean): Promise<Sample> {
  const { setup } = ctx;
  const args = ['backup', '--db', setup.url(DATABASE), '--to', setup.backupDir, '--to', setup.s3Url, '--recipient', setup.recipient, '--json'];
  const r = await runLifeboat<BackupJson>(args, setup.s3CliEnv(), { sampleRss });
  const backup = r.json.backup;
  const dump = backup?.files.find((f) => f.role === 'dump');
  const failed = r.json.copies.filter((c) => c.status !== 'present');
  if (!backup || !dump || backup.copies.length !== 2 || failed.length > 0 || backup.copies.some((c) => c.status !== 'present')) {
    throw new Error(`lifeboat backup did not store both copies: ${r.stdout.slice(0, 2000)}`);
  }
  ctx.lastS3Backup = { id: backup.id };
  const folderCopy = backup.copies.find((c) => existsSync(join(setup.backupDir, ...c.prefix.split('/'), dump.name)));
  const bytes = folderCopy ? statSync(join(setup.backupDir, ...folderCopy.prefix.split('/'), dump.name)).size : undefined;
  return { seconds: r.seconds, ...(bytes !== undefined ? { bytes } : {}), peakRssMb: r.peakRssMb };
}

const lifeboatFanoutRow: Row = {
  key: 'lifeboat_backup_fanout',
  tag: 'g',
  label: 'lifeboat backup → folder + S3 at once (fan-out)',
  run: (ctx) => lifeboatFanoutBackup(ctx, true),
};

const RESTORE_E = `${DATABASE}_restore_pg`;
const RESTORE_F = `${DATABASE}_restore_lifeboat`;

export async function dropDatabase(ctx: BenchContext, name: string): Promise<void> {
  await ctx.setup.cluster.query(`drop database if exists "${name}" with (force)`);
}

const pgRestore: Row = {
  key: 'pg_restore',
  tag: 'e',
  label: 'pg_restore of a -Z0 archive (local file)',
  before: async (ctx) => {
    await dropDatabase(ctx, RESTORE_E);
    await ctx.setup.cluster.query(`create database "${RESTORE_E}"`);
  },
  run: async (ctx) => {
    const args = [...ctx.setup.connArgs, '--no-password', '-d', RESTORE_E, ctx.plainArchive];
    const r = await runProcess(ctx.setup.tool('pg_restore'), args, { env: ctx.setup.pgEnv(), label: 'pg_restore' });
    return { seconds: r.seconds };
  },
  after: (ctx) => dropDatabase(ctx, RESTORE_E),
};

interface RestoreJson {
  restore: { mismatches: unknown[]; tablesChecked: number; warnings: string[] };
}

const lifeboatRestore: Row = {
  key: 'lifeboat_restore',
  tag: 'f',
  label: "lifeboat restore of d's file (new database)",
  before: (ctx) => dropDatabase(ctx, RESTORE_F),
  run: async (ctx) => {
    const { setup } = ctx;
    if (!ctx.lastBackup) throw new Error('There is no Lifeboat backup to restore (row d did not run).');
    const args = ['restore', ctx.lastBackup.file, '--db', setup.url(RESTORE_F), '--identity', setup.keyFile, '--json'];
    const r = await runLifeboat<RestoreJson>(args, setup.cliEnv(), { sampleRss: true });
    if (r.json.restore.mismatches.length > 0) throw new Error(`lifeboat restore found row-count mismatches: ${JSON.stringify(r.json.restore.mismatches)}`);
    return { seconds: r.seconds, peakRssMb: r.peakRssMb };
  },
  after: (ctx) => dropDatabase(ctx, RESTORE_F),
};

const RESTORE_H = `${DATABASE}_restore_s3`;

/** A LIFEBOAT_HOME whose catalog knows only the S3 copy (rebuilt from S3 before each run of h). */
function s3Home(ctx: BenchContext): string {
  return join(ctx.setup.workDir, 'lifeboat-home-s3');
}

const lifeboatRestoreS3: Row = {
  key: 'lifeboat_restore_s3',
  tag: 'h',
  label: "lifeboat restore of g's backup from S3 (by id)",
  before: async (ctx) => {
    await dropDatabase(ctx, RESTORE_H);
    const home = s3Home(ctx);
    rmSync(home, { recursive: true, force: true });
    mkdirSync(home);
    await runLifeboat(['catalog', 'rebuild', '--from', ctx.setup.s3Url, '--json'], ctx.setup.s3CliEnv(home));
  },
  run: async (ctx) => {
    const { setup } = ctx;
    if (!ctx.lastS3Backup) throw new Error('There is no fan-out backup to restore from S3 (row g did not run).');
    const args = ['restore', ctx.lastS3Backup.id, '--db', setup.url(RESTORE_H), '--identity', setup.keyFile, '--json'];
    const r = await runLifeboat<RestoreJson>(args, setup.s3CliEnv(s3Home(ctx)), { sampleRss: true });
    if (r.json.restore.mismatches.length > 0) throw new Error(`lifeboat restore from S3 found row-count mismatches: ${JSON.stringify(r.json.restore.mismatches)}`);
    return { seconds: r.seconds, peakRssMb: r.peakRssMb };
  },
  after: (ctx) => dropDatabase(ctx, RESTORE_H),
};

/** Informational: what starting the CLI costs (node + tsx + imports), included in d and f. */
const cliStartup: Row = {
  key: 'cli_startup',
  tag: 'i1',
  label: 'lifeboat --version (CLI start-up and base RSS, in d and f)',
  run: async (ctx) => {
    const r = await runProcess(process.execPath, [cliEntry(), '--version'], { env: ctx.setup.cliEnv(), cwd: REPO_ROOT, label: 'lifeboat --version', sampleRssMarker: cliEntry() });
    return { seconds: r.seconds, peakRssMb: r.peakRssMb };
  },
};

/** The comparison rows, in the order they run within each round. */
export const ROWS: Row[] = [pgDumpFloor, pgDumpGzip, seedPipeline, lifeboatBackupRow, pgRestore, lifeboatRestore, lifeboatFanoutRow, lifeboatRestoreS3];
export const INFO_ROWS: Row[] = [cliStartup];
