// Diagnostic rows (--profile): where does `lifeboat backup` spend its time? Each row adds one
// stage of Lifeboat's backup pipeline (pg_dump -Fc -Z0 → zstd → age → SHA-256 → file) on top
// of the previous one, run inside this process with the same libraries and settings, so the
// difference between rows is the cost of that stage. The CLI's own extras (start-up, catalog,
// exact row counts, globals, fsync) are what remains between p5 and row d; p6 and p7 run the
// CLI without row counts, then also without globals, to split that remainder. p8–p11 do the
// same for `lifeboat restore` (row f): decoding alone, pg_restore fed through a pipe, then the
// ANALYZE and the exact row counts that follow a Lifeboat restore.
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { CompressStream, DecompressStream } from 'zstd-napi';
import { createDecryptStream, createEncryptStream, parseIdentities } from '../src-main/crypto';
import { countRows } from '../src-main/pg/row-counts';
import { defaultCompressionThreads } from '../src-main/pipeline/backup';
import { MeasureStream } from '../src-main/pipeline/measure-stream';
import { DATABASE } from './setup';
import { secondsSince, type Sample } from './measure';
import { runProcess, spawnTracked } from './proc';
import { dropDatabase, lifeboatBackup, type BenchContext, type Row } from './scenarios';

/** Lifeboat's default zstd level (lifeboat backup --compression-level). */
const ZSTD_LEVEL = 3;

/** pg_dump -Fc -Z0 piped through `stages` into `sink` (default: discarded), all in this process. */
async function dumpThrough(ctx: BenchContext, stages: () => Transform[], sink?: () => Writable): Promise<Sample> {
  const { setup } = ctx;
  const start = process.hrtime.bigint();
  const dump = spawnTracked(setup.tool('pg_dump'), [...setup.connArgs, '--no-password', '-Fc', '-Z0', DATABASE], { env: setup.pgEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  dump.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exited = new Promise<void>((resolve, reject) => {
    dump.once('error', reject);
    dump.once('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`pg_dump ${signal ?? `exited with code ${code}`}: ${stderr.trim().slice(-500)}`))));
  });
  const discard = new Writable({ highWaterMark: 1024 * 1024, write: (_chunk, _encoding, done) => done() });
  await Promise.all([pipeline([dump.stdout!, ...stages(), sink ? sink() : discard]), exited]);
  return { seconds: secondsSince(start) };
}

const PROFILE_DB = `${DATABASE}_restore_profile`;

/** A new database restored from row e's archive, untimed: the input of p10. */
async function restoreUntimed(ctx: BenchContext): Promise<void> {
  await dropDatabase(ctx, PROFILE_DB);
  await ctx.setup.cluster.query(`create database "${PROFILE_DB}"`);
  await runProcess(ctx.setup.tool('pg_restore'), [...ctx.setup.connArgs, '--no-password', '-d', PROFILE_DB, ctx.plainArchive], { env: ctx.setup.pgEnv(), label: 'pg_restore (untimed)' });
}

/** Times `work` on a fresh connection to the profile database (connecting included). */
async function timedQueries(ctx: BenchContext, work: (client: pg.Client) => Promise<void>): Promise<Sample> {
  const { cluster } = ctx.setup;
  const start = process.hrtime.bigint();
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.superuser, password: cluster.password, database: PROFILE_DB });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
  return { seconds: secondsSince(start) };
}

const zstd = () => new CompressStream({ compressionLevel: ZSTD_LEVEL, nbWorkers: defaultCompressionThreads() });
const age = (ctx: BenchContext) => createEncryptStream({ recipients: [ctx.setup.recipient] });

export const PROFILE_ROWS: Row[] = [
  {
    key: 'profile_dump_zstd_cli',
    tag: 'p1',
    label: `pg_dump -Z0 | zstd -${ZSTD_LEVEL} -T1 → /dev/null (shell)`,
    run: async (ctx) => {
      const script = `set -o pipefail; "$BENCH_PG_DUMP" -h 127.0.0.1 -p "$BENCH_PORT" -U postgres --no-password -Fc -Z0 "$BENCH_DB" | zstd -q -${ZSTD_LEVEL} -T1 -c > /dev/null`;
      const env = ctx.setup.pgEnv({ BENCH_PG_DUMP: ctx.setup.tool('pg_dump'), BENCH_PORT: String(ctx.setup.cluster.port), BENCH_DB: DATABASE });
      const r = await runProcess('bash', ['-c', script], { env, label: 'pg_dump | zstd' });
      return { seconds: r.seconds };
    },
  },
  {
    key: 'profile_dump_node',
    tag: 'p2',
    label: 'pg_dump -Z0 → node → discard',
    run: (ctx) => dumpThrough(ctx, () => []),
  },
  {
    key: 'profile_dump_zstd',
    tag: 'p3',
    label: `  + zstd-napi level ${ZSTD_LEVEL}, ${defaultCompressionThreads()} worker(s)`,
    run: (ctx) => dumpThrough(ctx, () => [zstd()]),
  },
  {
    key: 'profile_dump_zstd_age',
    tag: 'p4',
    label: '  + age encryption',
    run: (ctx) => dumpThrough(ctx, () => [zstd(), age(ctx)]),
  },
  {
    key: 'profile_dump_zstd_age_file',
    tag: 'p5',
    label: '  + SHA-256 + file write (no fsync)',
    before: async (ctx) => rmSync(join(ctx.setup.workDir, 'profile.out'), { force: true }),
    run: (ctx) =>
      dumpThrough(
        ctx,
        () => [zstd(), age(ctx), new MeasureStream({ hash: true })],
        () => createWriteStream(join(ctx.setup.workDir, 'profile.out'), { highWaterMark: 1024 * 1024 }),
      ),
    after: async (ctx) => rmSync(join(ctx.setup.workDir, 'profile.out'), { force: true }),
  },
  {
    key: 'profile_cli_no_row_counts',
    tag: 'p6',
    label: 'lifeboat backup --no-row-counts',
    run: async (ctx) => {
      const { seconds, bytes, peakRssMb } = await lifeboatBackup(ctx, true, ['--no-row-counts']);
      return { seconds, bytes, peakRssMb };
    },
  },
  {
    key: 'profile_cli_no_row_counts_no_globals',
    tag: 'p7',
    label: 'lifeboat backup --no-row-counts --no-globals',
    run: async (ctx) => {
      const { seconds, bytes, peakRssMb } = await lifeboatBackup(ctx, true, ['--no-row-counts', '--no-globals']);
      return { seconds, bytes, peakRssMb };
    },
  },
  {
    key: 'profile_decode',
    tag: 'p8',
    label: "age decrypt + zstd decompress of d's file → discard",
    run: async (ctx) => {
      if (!ctx.lastBackup) throw new Error('There is no Lifeboat backup to decode (row d did not run).');
      const identities = parseIdentities(readFileSync(ctx.setup.keyFile, 'utf8'));
      const start = process.hrtime.bigint();
      const discard = new Writable({ highWaterMark: 1024 * 1024, write: (_chunk, _encoding, done) => done() });
      await pipeline(createReadStream(ctx.lastBackup.file, { highWaterMark: 1024 * 1024 }), createDecryptStream({ identities }), new DecompressStream(), discard);
      return { seconds: secondsSince(start) };
    },
  },
  {
    key: 'profile_pg_restore_stdin',
    tag: 'p9',
    label: 'pg_restore --exit-on-error < -Z0 archive (stdin, as lifeboat feeds it)',
    before: async (ctx) => {
      await dropDatabase(ctx, PROFILE_DB);
      await ctx.setup.cluster.query(`create database "${PROFILE_DB}" template template0`);
    },
    run: async (ctx) => {
      const script = 'exec "$BENCH_PG_RESTORE" -h 127.0.0.1 -p "$BENCH_PORT" -U postgres --no-password --exit-on-error -d "$BENCH_DB" < "$BENCH_ARCHIVE"';
      const env = ctx.setup.pgEnv({ BENCH_PG_RESTORE: ctx.setup.tool('pg_restore'), BENCH_PORT: String(ctx.setup.cluster.port), BENCH_DB: PROFILE_DB, BENCH_ARCHIVE: ctx.plainArchive });
      const r = await runProcess('bash', ['-c', script], { env, label: 'pg_restore < archive' });
      return { seconds: r.seconds };
    },
    after: (ctx) => dropDatabase(ctx, PROFILE_DB),
  },
  {
    key: 'profile_analyze',
    tag: 'p10',
    label: 'ANALYZE of a restored database (lifeboat restore runs it)',
    before: restoreUntimed,
    run: (ctx) => timedQueries(ctx, async (client) => void (await client.query('ANALYZE'))),
    after: (ctx) => dropDatabase(ctx, PROFILE_DB),
  },
  {
    key: 'profile_count_rows',
    tag: 'p11',
    label: 'exact row counts of a restored database (lifeboat restore runs them)',
    before: async (ctx) => {
      await restoreUntimed(ctx);
      await timedQueries(ctx, async (client) => void (await client.query('ANALYZE')));
    },
    run: (ctx) => timedQueries(ctx, async (client) => void (await countRows(client))),
    after: (ctx) => dropDatabase(ctx, PROFILE_DB),
  },
];
