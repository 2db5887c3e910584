// Timing of the History query on a synthetic catalog (default 100,000 backups, each with three
// files and two copies). Exported for `npm run bench`; also runnable on its own:
//   npx tsx src-main/service/history-bench.ts [rows]
// Not a test: timings depend on the machine, so nothing asserts on them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalogDb, type CatalogDb } from '../catalog/open-catalog';
import { HistoryQuery, type HistoryFilter } from './history-query';

export interface HistoryTiming {
  query: string;
  /** Median of the runs, in milliseconds: page + count + hydration (a filter's first page). */
  medianMs: number;
  /** The same with the total remembered from an earlier page of the same filter. */
  pagingMedianMs: number;
  maxMs: number;
  rows: number;
  total: number;
}

const JOBS = ['nightly', 'hourly', 'weekly', 'erp', 'web'];
const DATABASES = ['shop', 'hr', 'crm', 'ledger'];
export const BENCH_DESTINATIONS = ['folder:/mnt/nas/lifeboat', 's3:s3.us-west-004.backblazeb2.com/office-backups/lifeboat'];

/** Fills a catalog with `count` backups spread over a few years, newest now. */
export function seedHistory(db: CatalogDb, count: number): void {
  const insertBackup = db.prepare(
    `INSERT INTO backups (id, job, database_name, status, started_at, finished_at, source, server_version, tool_version, dump_bytes, stored_bytes, encryption_kind, recipients, manifest_name, error_code, error_message, warnings)
     VALUES (?, ?, ?, ?, ?, ?, '127.0.0.1:5432', '15.8', '17.2', ?, ?, 'x25519', '["age1examplerecipient"]', ?, ?, ?, '[]')`,
  );
  const insertFile = db.prepare('INSERT INTO backup_files (backup_id, role, name, size, sha256) VALUES (?, ?, ?, ?, ?)');
  const insertCopy = db.prepare('INSERT INTO copies (backup_id, destination_id, kind, prefix, status, error_message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  const sha = 'a'.repeat(64);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const started = new Date(now - i * 15 * 60_000);
      const finished = new Date(started.getTime() + 90_000);
      const id = `${started.toISOString().replace(/\D/g, '').slice(0, 14)}-${i.toString(36).padStart(6, '0')}`;
      const job = JOBS[i % JOBS.length]!;
      const database = DATABASES[Math.floor(i / JOBS.length) % DATABASES.length]!;
      const failed = i % 53 === 0;
      const base = `${job}_${database}_${id}`;
      insertBackup.run(id, job, database, failed ? 'failed' : 'succeeded', started.toISOString(), finished.toISOString(), 50_000_000 + i, 12_000_000 + i, failed ? null : `${base}.manifest.json`, failed ? 'PG_UNREACHABLE' : null, failed ? 'The server did not answer.' : null);
      if (failed) continue;
      insertFile.run(id, 'dump', `${base}.dump.zst.age`, 12_000_000 + i, sha);
      insertFile.run(id, 'globals', `${base}.globals.sql.zst.age`, 2_000, sha);
      insertFile.run(id, 'manifest', `${base}.manifest.json`, 1_500, null);
      BENCH_DESTINATIONS.forEach((dest, d) => {
        insertCopy.run(id, dest, d === 0 ? 'folder' : 's3', `${job}/${database}/${started.toISOString().slice(0, 7)}`, i % 97 === 0 && d === 1 ? 'failed' : 'present', null, finished.toISOString());
      });
    }
  })();
}

export function measureHistoryQuery(options: { rows?: number; runs?: number; extraSql?: string } = {}): HistoryTiming[] {
  const rows = options.rows ?? 100_000;
  const runs = options.runs ?? 15;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-history-bench-'));
  const db = openCatalogDb(dir);
  try {
    seedHistory(db, rows);
    if (options.extraSql) db.exec(options.extraSql);
    db.exec('ANALYZE');
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const cases: Array<[string, HistoryFilter]> = [
      ['first page (100), no filter', { offset: 0, limit: 100 }],
      ['page 500 (offset 49,900), no filter', { offset: 49_900, limit: 100 }],
      ['last page, no filter', { offset: Math.max(0, rows - 100), limit: 100 }],
      ['job filter', { job: 'erp', offset: 0, limit: 100 }],
      ['job + database filter', { job: 'erp', database: 'crm', offset: 0, limit: 100 }],
      ['job filter, last page', { job: 'erp', offset: 19_900, limit: 100 }],
      ['status failed', { status: 'failed', offset: 0, limit: 100 }],
      ['status failed, last page', { status: 'failed', offset: 1_800, limit: 100 }],
      ['destination filter', { destinationId: BENCH_DESTINATIONS[1], offset: 0, limit: 100 }],
      ['destination filter, page 500', { destinationId: BENCH_DESTINATIONS[1], offset: 49_900, limit: 100 }],
      ['job + destination filter', { job: 'erp', destinationId: BENCH_DESTINATIONS[1], offset: 0, limit: 100 }],
      ['last 30 days', { from: monthAgo, offset: 0, limit: 100 }],
      ['job + last 30 days, 500 rows', { job: 'nightly', from: monthAgo, offset: 0, limit: 500 }],
    ];
    const time = (fn: () => { rows: unknown[]; total: number }) => {
      const times: number[] = [];
      let last = fn(); // warm-up: statement preparation, page cache
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        last = fn();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { medianMs: round(times[Math.floor(times.length / 2)]!), maxMs: round(times.at(-1)!), rows: last.rows.length, total: last.total };
    };
    return cases.map(([name, filter]) => {
      // Cold: a new query object each time, so the total is counted too (the first page of a filter).
      const cold = time(() => new HistoryQuery(db).page(filter));
      // Paging: the same filter again, the total remembered (the next pages of that filter).
      const shared = new HistoryQuery(db);
      const paging = time(() => shared.page(filter));
      return { query: name, ...cold, pagingMedianMs: paging.medianMs };
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 100_000);
  const timings = measureHistoryQuery({ rows, extraSql: process.env.EXTRA_SQL });
  process.stdout.write(`History query on ${rows.toLocaleString('en')} backups (median of 15 runs):\n`);
  process.stdout.write(`  ${'query'.padEnd(38)} ${'first page'.padStart(10)} ${'next pages'.padStart(10)}\n`);
  for (const t of timings) {
    process.stdout.write(`  ${t.query.padEnd(38)} ${`${t.medianMs} ms`.padStart(10)} ${`${t.pagingMedianMs} ms`.padStart(10)}   (max ${t.maxMs} ms; ${t.rows} rows of ${t.total})\n`);
  }
}
