// How long the dashboard takes to become usable in a browser: from page.goto of the address
// `lifeboat serve` printed (token → cookie → redirect → UI → dashboard.get) until the first
// job card is visible with its "Back up now" button enabled. The catalog holds 3 jobs and
// 1,000 backups (two copies each), written directly with better-sqlite3. Not a test: timings
// depend on the machine, so nothing asserts on them. For `npm run bench`; also runnable alone:
//   npx tsx test/e2e/measure-dashboard.ts
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openCatalogDb, type CatalogDb } from '../../src-main/catalog/open-catalog';
import { DestinationsRepo } from '../../src-main/catalog/destinations-repo';
import { JobsRepo } from '../../src-main/catalog/jobs-repo';
import { generateIdentity } from '../../src-main/crypto';
import { launchChromium } from '../helpers/browser';
import { buildRendererInto, scratchDir, startServe } from '../helpers/serve';

export interface DashboardTimingOptions {
  backups?: number;
  /** Fresh browser contexts (cold cache, no cookie) measured; the median is returned. */
  runs?: number;
}

const JOBS = [
  { name: 'nightly', databases: ['shop', 'crm'], spec: { kind: 'daily', time: '02:00' } },
  { name: 'hourly-erp', databases: ['erp'], spec: { kind: 'every-hours', hours: 1, minute: 15 } },
  { name: 'weekly-hr', databases: ['hr'], spec: { kind: 'weekly', day: 0, time: '03:00' } },
] as const;

/** 3 jobs on two folder destinations, and `count` backups spread over the last weeks, newest now. */
export function seedDashboardCatalog(db: CatalogDb, folders: { nas: string; usb: string }, count: number): void {
  const destinations = new DestinationsRepo(db);
  destinations.save({ name: 'nas', kind: 'folder', config: { path: folders.nas, mountWaitSeconds: 0 } });
  destinations.save({ name: 'usb', kind: 'folder', config: { path: folders.usb, mountWaitSeconds: 0 } });
  const jobs = new JobsRepo(db);
  const { recipient } = generateIdentity();
  for (const job of JOBS) {
    jobs.create({
      name: job.name,
      source: { host: '127.0.0.1', port: 5432, user: 'backup', databases: { mode: 'list', names: [...job.databases] } },
      schedule: { spec: job.spec, timeZone: 'UTC' },
      destinations: ['nas', 'usb'],
      encryption: { kind: 'public-key', recipients: [recipient] },
    });
  }
  const destinationIds = [`folder:${path.resolve(folders.nas)}`, `folder:${path.resolve(folders.usb)}`];
  const insertBackup = db.prepare(
    `INSERT INTO backups (id, job, database_name, status, started_at, finished_at, source, server_version, tool_version, dump_bytes, stored_bytes, encryption_kind, recipients, manifest_name, error_code, error_message, warnings)
     VALUES (?, ?, ?, ?, ?, ?, '127.0.0.1:5432', '16.4', '16.4', ?, ?, 'public-key', ?, ?, ?, ?, '[]')`,
  );
  const insertFile = db.prepare('INSERT INTO backup_files (backup_id, role, name, size, sha256) VALUES (?, ?, ?, ?, ?)');
  const insertCopy = db.prepare('INSERT INTO copies (backup_id, destination_id, kind, prefix, status, error_message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  const sha = 'b'.repeat(64);
  const targets = JOBS.flatMap((job) => job.databases.map((database) => ({ job: job.name, database })));
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const { job, database } = targets[i % targets.length]!;
      const started = new Date(now - 60_000 - i * 40 * 60_000);
      const finished = new Date(started.getTime() + 45_000);
      const id = `${started.toISOString().replace(/\D/g, '').slice(0, 14)}-${i.toString(36).padStart(6, '0')}`;
      // A few old failures, never the newest attempt of a job.
      const failed = i >= targets.length && i % 61 === 0;
      const base = `${database}_${id}`;
      insertBackup.run(id, job, database, failed ? 'failed' : 'succeeded', started.toISOString(), finished.toISOString(), 80_000_000 + i * 1_000, 20_000_000 + i * 250, JSON.stringify([recipient]), failed ? null : `${base}.manifest.json`, failed ? 'PG_UNREACHABLE' : null, failed ? 'The server did not answer.' : null);
      if (failed) continue;
      insertFile.run(id, 'dump', `${base}.dump.zst.age`, 20_000_000 + i * 250, sha);
      insertFile.run(id, 'globals', `${base}.globals.sql.zst.age`, 1_800, sha);
      insertFile.run(id, 'manifest', `${base}.manifest.json`, 1_600, null);
      for (const destinationId of destinationIds) insertCopy.run(id, destinationId, 'folder', `${job}/${database}/${started.toISOString().slice(0, 4)}/${started.toISOString().slice(5, 7)}`, 'present', null, finished.toISOString());
    }
    for (const job of JOBS) jobs.recordOutcome(job.name, 'succeeded', new Date(now - 30_000));
  })();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function measureDashboardInteractive(options: DashboardTimingOptions = {}): Promise<{ ms: number }> {
  const backups = options.backups ?? 1_000;
  const runs = options.runs ?? 3;
  const scratch = scratchDir('lifeboat-dashboard-timing-');
  let stopServe: (() => Promise<void>) | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  try {
    const staticDir = buildRendererInto(scratch.dir);
    const lifeboatHome = path.join(scratch.dir, 'lifeboat-home');
    const folders = { nas: path.join(scratch.dir, 'nas'), usb: path.join(scratch.dir, 'usb') };
    mkdirSync(folders.nas);
    mkdirSync(folders.usb);
    const db = openCatalogDb(lifeboatHome);
    try {
      seedDashboardCatalog(db, folders, backups);
      db.exec('ANALYZE');
    } finally {
      db.close();
    }

    const serve = await startServe({ lifeboatHome, userHome: path.join(scratch.dir, 'user-home'), staticDir, secrets: 'env' });
    stopServe = serve.stop;
    const browser = await launchChromium();
    closeBrowser = () => browser.close();

    const timings: number[] = [];
    for (let run = 0; run < runs; run++) {
      // A fresh context each time: no cookie, no cached assets, as when the admin opens the link.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const ready = page.getByRole('article').first().getByRole('button', { name: 'Back up now', disabled: false });
        const start = performance.now();
        await page.goto(serve.url, { waitUntil: 'commit' });
        await ready.waitFor({ state: 'visible', timeout: 60_000 });
        timings.push(performance.now() - start);
        const cards = await page.getByRole('article').count();
        if (cards !== JOBS.length) throw new Error(`The dashboard shows ${cards} job cards, expected ${JOBS.length}.`);
      } finally {
        await context.close();
      }
    }
    return { ms: Math.round(median(timings)) };
  } finally {
    await closeBrowser?.().catch(() => undefined);
    await stopServe?.().catch(() => undefined);
    scratch.remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measureDashboardInteractive().then(
    ({ ms }) => process.stdout.write(`Dashboard interactive (3 jobs, 1,000 backups, cold browser context, median of 3): ${ms} ms\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
