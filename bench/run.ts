// `npm run bench`: Lifeboat's backup and restore against the tools it replaces, on a throwaway
// PostgreSQL 15 with ~1 GB (× --scale) of data. Table on stderr, one JSON object on stdout
// with --json. Everything it creates is removed at the end, on failure and on Ctrl-C.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureAgeThroughput } from '../src-main/crypto';
import { cleanup, installSignalHandlers, wasInterrupted } from './lifecycle';
import { DEFAULT_MAX_OTHER_CPU_PCT, ForeignCpu, leastNoisy, median, runRounds, type NoisePolicy, type Sample } from './measure';
import { runProcess } from './proc';
import { cliMode } from './lifeboat-cli';
import { PROFILE_ROWS } from './profile';
import { buildReport, formatTable } from './report';
import { ONCE_ROWS } from './once-rows';
import { INFO_ROWS, ROWS, lifeboatBackup, lifeboatFanoutBackup, type BenchContext, type Row } from './scenarios';
import { DATABASE, randomPassphrase, setUp } from './setup';

const HELP = `Usage: npm run bench -- [options]

Measures lifeboat backup/restore against pg_dump, pg_restore and the seed runbooks' pipeline
on a throwaway PostgreSQL 15 cluster.

Options:
  --scale X        data size: X × ~1 GB (default 1)
  --runs N         timed runs per row; medians are reported (default 3)
  --json           print one JSON object with the results on stdout
  --keep           keep the temp files and leave the PostgreSQL server running
                   (rows rebuild, history, dashboard run once each, after the others)
  --profile        add diagnostic rows p1–p11 (where lifeboat backup/restore spend time)
  --rows LIST      only these rows, by tag (e.g. a,d or d,f,p3)
  --quiet-wait S   before each timed run, wait up to S seconds until other processes use
                   at most ${DEFAULT_MAX_OTHER_CPU_PCT}% of the CPUs (default 60; 0: don't wait)
  --retries N      repeat a run during which other processes used more than that, up to
                   N times, keeping the quietest attempt (default 2)
  --fresh-bundle   run the CLI from a bundle of the current sources, built into the temp
                   dir with scripts/build-cli.mjs (default: bin/lifeboat.mjs, which falls
                   back to tsx when dist/cli is older than the sources)
  --check          exit with code 3 when a target is missed
  -h, --help       this text
`;

const AGE_MEGABYTES = 512;

interface Options {
  scale: number;
  runs: number;
  json: boolean;
  keep: boolean;
  check: boolean;
  rows: Row[];
  quietWaitS: number;
  retries: number;
  freshBundle: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      rows: { type: 'string' },
      check: { type: 'boolean', default: false },
      'quiet-wait': { type: 'string', default: '60' },
      retries: { type: 'string', default: '2' },
      'fresh-bundle': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    writeStdout(HELP);
    return undefined;
  }
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100) throw new UsageError(`--scale must be a number above 0 (got "${values.scale}").`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new UsageError(`--runs must be a whole number from 1 to 50 (got "${values.runs}").`);
  const all = [...ROWS, ...INFO_ROWS, ...PROFILE_ROWS, ...ONCE_ROWS];
  let rows = [...ROWS, ...(values.profile ? PROFILE_ROWS : []), ...INFO_ROWS, ...ONCE_ROWS];
  if (values.rows !== undefined) {
    const tags = values.rows.split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = tags.filter((t) => !all.some((r) => r.tag === t));
    if (unknown.length > 0 || tags.length === 0) throw new UsageError(`--rows: unknown row(s) ${unknown.join(', ') || '(none given)'}; known: ${all.map((r) => r.tag).join(', ')}.`);
    rows = all.filter((r) => tags.includes(r.tag));
  }
  const quietWaitS = Number(values['quiet-wait']);
  if (!Number.isFinite(quietWaitS) || quietWaitS < 0) throw new UsageError(`--quiet-wait must be a number of seconds, 0 or more (got "${values['quiet-wait']}").`);
  const retries = Number(values.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw new UsageError(`--retries must be a whole number from 0 to 10 (got "${values.retries}").`);
  return { scale, runs, json: values.json, keep: values.keep, check: values.check, rows, quietWaitS, retries, freshBundle: values['fresh-bundle'] };
}

class UsageError extends Error {}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// stdout carries only the JSON result: anything else that writes there while the benchmark
// runs (a library's console.log) is sent to stderr instead.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

async function main(): Promise<void> {
  let options: Options | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (!options) return;
  installSignalHandlers();
  const startedAt = new Date();

  const setup = await setUp({ scale: options.scale, keep: options.keep, freshBundle: options.freshBundle, log });
  const ctx: BenchContext = {
    setup,
    plainArchive: join(setup.workDir, 'plain-Z0.dump'),
    pgDumpFile: join(setup.workDir, 'pg_dump-default.dump'),
    seedFile: join(setup.workDir, 'seed.sql.gz.enc'),
    seedPassphrase: randomPassphrase(),
    lastBackup: undefined,
    lastS3Backup: undefined,
  };
  const has = (key: string) => options.rows.some((r) => r.key === key);

  // Untimed: reads the whole database once, so every row starts from a warm page cache, and
  // makes the uncompressed archive row e restores.
  log('warm-up: pg_dump -Fc -Z0 → archive (input of row e)');
  await runProcess(setup.tool('pg_dump'), [...setup.connArgs, '--no-password', '-Fc', '-Z0', '-f', ctx.plainArchive, DATABASE], { env: setup.pgEnv(), label: 'pg_dump (warm-up)' });
  const plainArchiveBytes = statSync(ctx.plainArchive).size;
  if (has('lifeboat_restore') && !has('lifeboat_backup')) {
    log('untimed lifeboat backup for row f');
    await lifeboatBackup(ctx, false);
  }
  if (has('lifeboat_restore_s3') && !has('lifeboat_backup_fanout')) {
    log('untimed lifeboat backup to the folder and S3 for row h');
    await lifeboatFanoutBackup(ctx, false);
  }

  const noise: NoisePolicy = { quietWaitS: options.quietWaitS, maxOtherCpuPct: DEFAULT_MAX_OTHER_CPU_PCT, retries: options.retries, log };

  // In this process, while the cluster is idle; median of --runs measurements.
  const ageRuns: Array<{ encryptMBps: number; decryptMBps: number; otherCpuPct: number | undefined }> = [];
  for (let run = 1; run <= options.runs; run++) {
    const measured = await leastNoisy(noise, `age run ${run}`, async () => {
      const foreign = new ForeignCpu();
      const result = await measureAgeThroughput(AGE_MEGABYTES);
      return { ...result, otherCpuPct: foreign.stop() };
    });
    ageRuns.push(measured);
    log(`age run ${run}/${options.runs} (${AGE_MEGABYTES} MB in memory): encrypt ${measured.encryptMBps.toFixed(0)} MB/s, decrypt ${measured.decryptMBps.toFixed(0)} MB/s (other CPU ${measured.otherCpuPct?.toFixed(0) ?? '?'}%)`);
  }
  const foreignAge = ageRuns.flatMap((r) => (r.otherCpuPct === undefined ? [] : [r.otherCpuPct]));
  const age = {
    encryptMBps: median(ageRuns.map((r) => r.encryptMBps)),
    decryptMBps: median(ageRuns.map((r) => r.decryptMBps)),
    otherCpuPct: foreignAge.length > 0 ? median(foreignAge) : undefined,
  };

  const settle = async () => {
    // Dirty buffers from a restore are written now, not during the next row.
    await setup.cluster.query('checkpoint');
    await runProcess('sync', [], { env: process.env, label: 'sync' });
  };
  await settle();
  const cliBefore = cliMode(setup.cliEnv());
  const described = { bundle: 'its bundle (dist/cli)', tsx: 'the TypeScript sources through tsx (dist/cli is missing or older than the sources)', 'fresh bundle': 'a bundle of the current sources' };
  log(`lifeboat CLI runs from ${described[cliBefore]}`);
  const onSample = (runs: number) => (row: Row, run: number, sample: Sample) => {
      const extra = [
        sample.bytes !== undefined ? `${(sample.bytes / 1e6).toFixed(1)} MB` : '',
        sample.peakRssMb !== undefined ? `peak RSS ${sample.peakRssMb.toFixed(0)} MB` : '',
        sample.otherCpuPct !== undefined ? `other CPU ${sample.otherCpuPct.toFixed(0)}%` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const figure = sample.na !== undefined ? `n/a (${sample.na})` : sample.ms !== undefined ? `${sample.ms} ms` : `${sample.seconds.toFixed(2)} s`;
      log(`${row.tag.padEnd(3)} run ${run}/${runs}: ${figure}${extra ? ` (${extra})` : ''}  ${row.label.trim()}`);
  };
  const onceRows = options.rows.filter((r) => ONCE_ROWS.includes(r));
  const rows = [
    ...(await runRounds(options.rows.filter((r) => !onceRows.includes(r)), options.runs, ctx, { settle, noise, onSample: onSample(options.runs) })),
    ...(await runRounds(onceRows, 1, ctx, { settle, noise, onSample: onSample(1) })),
  ];

  const cliAfter = cliMode(setup.cliEnv());
  const report = buildReport({
    startedAt,
    cliMode: cliBefore === cliAfter ? cliBefore : `${cliBefore}→${cliAfter} (sources changed during the run)`,
    scale: options.scale,
    runs: options.runs,
    serverVersion: setup.serverVersion,
    databaseBytes: setup.databaseBytes,
    load: setup.load,
    plainArchiveBytes,
    rows,
    age,
  });
  process.stderr.write(formatTable(report) + '\n');
  if (options.json) writeStdout(JSON.stringify(report, null, 2) + '\n');
  if (options.check && !report.all_targets_met) process.exitCode = 3;
}

try {
  await main();
} catch (error) {
  if (!wasInterrupted()) {
    process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
} finally {
  // After Ctrl-C the signal handler cleans up and exits; otherwise clean up here.
  if (!wasInterrupted()) await cleanup();
}
