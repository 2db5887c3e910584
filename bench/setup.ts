// Once per benchmark run: a throwaway PostgreSQL 15 cluster with a database `bench` holding
// about scale × 1 GB — pgbench tables for half, Lifeboat's sample business data (text, jsonb,
// numeric, timestamptz) for the other half — plus an age key made with `lifeboat keygen`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSampleBusinessData } from '../src-main/demo/sample-data';
import { startLocalCluster, type LocalCluster } from '../src-main/pg/local-cluster';
import { findServerBinDir } from '../src-main/pg/server-binaries';
import { startS3Server, type S3TestServer } from '../test/helpers/s3-server';
import { onCleanup } from './lifecycle';
import { runLifeboat, useFreshBundle } from './lifeboat-cli';
import { secondsSince } from './measure';
import { runProcess } from './proc';

export const PG_MAJOR = 15;
export const DATABASE = 'bench';

/** Per unit of --scale: pgbench scale factor (≈ 15 MB each with its index) and sample-data scale (≈ 7 MB each with indexes), about half and half. */
const PGBENCH_PER_SCALE = 33;
const SAMPLE_PER_SCALE = 70;

/** Server settings that keep loading fast; the same server serves every row, so all rows share them. */
const SERVER_SETTINGS: Record<string, string> = {
  shared_buffers: '256MB',
  max_wal_size: '4GB',
  checkpoint_timeout: '30min',
  wal_level: 'minimal',
  max_wal_senders: '0',
  maintenance_work_mem: '256MB',
  // Autovacuum waking up after a restore would steal one of the two cores from the next row.
  autovacuum: 'off',
};

export interface BenchSetup {
  cluster: LocalCluster;
  /** Server and client binaries (pg_dump, pg_restore, psql, pgbench). */
  binDir: string;
  tool(name: 'pg_dump' | 'pg_restore' | 'psql' | 'pgbench'): string;
  workDir: string;
  /** Folder `lifeboat backup --to` writes into. */
  backupDir: string;
  lifeboatHome: string;
  keyFile: string;
  recipient: string;
  serverVersion: string;
  databaseBytes: number;
  load: { pgbenchScale: number; sampleScale: number; seconds: number; tables: Record<string, number> };
  /** -h/-p/-U for the client tools (never the password). */
  connArgs: string[];
  /** postgres://postgres@127.0.0.1:PORT/DB: no password in it, the CLI reads PGPASSWORD. */
  url(database: string): string;
  /** Environment for client tools: inherited minus PG*, plus PGPASSWORD. */
  pgEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Environment for the lifeboat CLI. */
  cliEnv(): NodeJS.ProcessEnv;
  /** The local S3-compatible server (s3rver) rows g and h write to and read from. */
  s3: S3TestServer;
  /** s3://BUCKET/bench?endpoint=…: no secret in it, the CLI reads the AWS_* variables. */
  s3Url: string;
  /** cliEnv() plus AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_REGION for the S3 server, and LIFEBOAT_HOME when given. */
  s3CliEnv(lifeboatHome?: string): NodeJS.ProcessEnv;
}

export async function setUp(options: { scale: number; keep: boolean; freshBundle: boolean; log: (line: string) => void }): Promise<BenchSetup> {
  const { log } = options;
  const binDir = findServerBinDir(PG_MAJOR);
  if (!binDir) throw new Error(`PostgreSQL ${PG_MAJOR} server binaries were not found (looked for the npm alias pg${PG_MAJOR} and /usr/lib/postgresql/${PG_MAJOR}/bin).`);
  const tool = (name: string) => join(binDir, name);

  const workDir = mkdtempSync(join(tmpdir(), 'lifeboat-bench-'));
  onCleanup('remove temp files', () => {
    if (options.keep) log(`kept temp files in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  });
  const backupDir = join(workDir, 'lifeboat-backups');
  const lifeboatHome = join(workDir, 'lifeboat-home');
  mkdirSync(backupDir);
  mkdirSync(lifeboatHome);
  if (options.freshBundle) {
    log('building the lifeboat CLI bundle from the current sources (private copy in the temp dir)');
    await useFreshBundle(join(workDir, 'cli-build'), process.env);
  }

  log(`starting PostgreSQL ${PG_MAJOR} from ${binDir}`);
  const cluster = await startLocalCluster({ binDir, settings: SERVER_SETTINGS, keepOnExit: options.keep });
  onCleanup('stop PostgreSQL', async () => {
    if (!options.keep) return cluster.stop();
    const passFile = join(workDir, 'pgpass');
    writeFileSync(passFile, `127.0.0.1:${cluster.port}:*:postgres:${cluster.password}\n`, { mode: 0o600 });
    log(`kept PostgreSQL running on 127.0.0.1:${cluster.port} (data in ${cluster.dataDir}); connect with PGPASSFILE=${passFile} psql -h 127.0.0.1 -p ${cluster.port} -U postgres ${DATABASE}`);
    log(`stop it with: kill -INT $(head -1 ${join(cluster.dataDir, 'postmaster.pid')})`);
  });

  const connArgs = ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.superuser];
  const baseEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!/^PG/.test(key)) env[key] = value;
    return env;
  };
  const pgEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...baseEnv(), PGPASSWORD: cluster.password, ...extra });
  const cliEnv = (): NodeJS.ProcessEnv => ({
    ...baseEnv(),
    PGPASSWORD: cluster.password,
    LIFEBOAT_HOME: lifeboatHome,
    // The same client binaries as the baseline rows (not /usr/bin's pg_wrapper).
    LIFEBOAT_PG_TOOLS: binDir,
  });

  // In this process (s3rver behind a small HTTP server); its objects live in its own temp dir.
  const s3 = await startS3Server({ buckets: ['lifeboat-bench'] });
  onCleanup('stop the S3 server', () => s3.stop());
  log(`S3-compatible server (s3rver) on ${s3.endpoint}`);
  const s3CliEnv = (home?: string): NodeJS.ProcessEnv => ({
    ...cliEnv(),
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_REGION: s3.region,
    ...(home ? { LIFEBOAT_HOME: home } : {}),
  });

  const serverVersion = String((await cluster.query('show server_version')).rows[0].server_version);
  await cluster.query(`create database ${DATABASE}`);

  const pgbenchScale = Math.max(1, Math.round(PGBENCH_PER_SCALE * options.scale));
  const sampleScale = SAMPLE_PER_SCALE * options.scale;
  const loadStart = process.hrtime.bigint();
  log(`loading pgbench tables (pgbench -i -s ${pgbenchScale})`);
  // Server-side generation (G), primary keys (p); the VACUUM below replaces pgbench's own.
  await runProcess(tool('pgbench'), ['-i', '-I', 'dtGp', '-s', String(pgbenchScale), ...connArgs, DATABASE], { env: pgEnv(), label: 'pgbench -i' });
  log(`loading sample business data (scale ${round(sampleScale, 2)})`);
  const { tables } = await loadSampleBusinessData(cluster, DATABASE, { scale: sampleScale });
  log('VACUUM (FREEZE, ANALYZE), CHECKPOINT');
  await cluster.query('vacuum (freeze, analyze)', DATABASE);
  await cluster.query('checkpoint');
  const loadSeconds = secondsSince(loadStart);
  const databaseBytes = Number((await cluster.query(`select pg_database_size('${DATABASE}') as n`)).rows[0].n);
  log(`database "${DATABASE}": ${(databaseBytes / 1e6).toFixed(0)} MB (pg_database_size), loaded in ${loadSeconds.toFixed(0)} s`);

  const keyFile = join(workDir, 'bench-key.txt');
  const keygen = await runLifeboat<{ recipient: string }>(['keygen', '--out', keyFile, '--json'], cliEnv());
  const recipient = keygen.json.recipient;
  if (!/^age1/.test(recipient)) throw new Error(`lifeboat keygen returned no recipient: ${keygen.stdout}`);

  return {
    cluster,
    binDir,
    tool,
    workDir,
    backupDir,
    lifeboatHome,
    keyFile,
    recipient,
    serverVersion,
    databaseBytes,
    load: { pgbenchScale, sampleScale, seconds: loadSeconds, tables },
    connArgs,
    url: (database) => `postgres://postgres@127.0.0.1:${cluster.port}/${encodeURIComponent(database)}`,
    pgEnv,
    cliEnv,
    s3,
    s3Url: `s3://${s3.bucket}/bench?endpoint=${encodeURIComponent(s3.endpoint)}`,
    s3CliEnv,
  };
}

/** A passphrase for the seed pipeline's openssl (handed over in an environment variable). */
export function randomPassphrase(): string {
  return randomBytes(24).toString('base64url');
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
