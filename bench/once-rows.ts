// Informational rows measured once, after the main rows: catalog rebuild from 10,000
// manifests, the History query's worst page, and the dashboard's time to interactive.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type Manifest } from '../src-shared/manifest';
import { BackupsRepo } from '../src-main/catalog/backups-repo';
import { openCatalogDb } from '../src-main/catalog/open-catalog';
import { rebuildCatalog } from '../src-main/catalog/rebuild';
import { backupSetNames, newBackupId } from '../src-main/pipeline/backup-names';
import { FolderDestination } from '../src-main/storage/folder-destination';
import { measureHistoryQuery } from '../src-main/service/history-bench';
import { secondsSince } from './measure';
import type { Row } from './scenarios';

export const REBUILD_MANIFESTS = 10_000;
const TINY_DUMP = Buffer.from('not a real dump\n');
const TINY_SHA = 'c'.repeat(64);

function rebuildDirs(workDir: string): { folder: string; home: string } {
  return { folder: join(workDir, 'rebuild-folder'), home: join(workDir, 'rebuild-home') };
}

/** Untimed: `count` backup sets (a tiny dump file and a valid v1 manifest each), one every 15 minutes back from now. */
function writeSyntheticBackups(folder: string, count: number): void {
  const now = Date.now();
  const made = new Set<string>();
  for (let i = 0; i < count; i++) {
    const started = new Date(now - i * 15 * 60_000);
    const finished = new Date(started.getTime() + 60_000);
    const id = newBackupId(started);
    const job = ['nightly', 'hourly'][i % 2]!;
    const database = ['shop', 'crm', 'erp'][Math.floor(i / 2) % 3]!;
    const names = backupSetNames(job, database, started, id);
    const dir = join(folder, ...names.prefix.split('/'));
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_VERSION,
      backupId: id,
      job,
      database,
      server: { version: '15.8', versionNum: 150008 },
      tools: { pgDump: '15.8' },
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      dumpBytes: 1_000,
      compression: { algorithm: 'zstd', level: 3 },
      encryption: { format: 'age-encryption.org/v1', kind: 'x25519', recipients: ['age1examplerecipient'] },
      files: [{ role: 'dump', name: names.dump, size: TINY_DUMP.length, sha256: TINY_SHA }],
      rowCounts: 'off',
      private: Buffer.from('synthetic').toString('base64'),
    };
    writeFileSync(join(dir, names.dump), TINY_DUMP);
    writeFileSync(join(dir, names.manifest), JSON.stringify(manifest, null, 2));
  }
}

const catalogRebuild: Row = {
  key: 'rebuild',
  tag: 'rebuild',
  label: `catalog rebuild of ${REBUILD_MANIFESTS.toLocaleString('en')} manifests in a folder`,
  before: async (ctx) => {
    const { folder, home } = rebuildDirs(ctx.setup.workDir);
    rmSync(folder, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    mkdirSync(home, { recursive: true });
    writeSyntheticBackups(folder, REBUILD_MANIFESTS);
  },
  run: async (ctx) => {
    const { folder, home } = rebuildDirs(ctx.setup.workDir);
    const db = openCatalogDb(home);
    try {
      const start = process.hrtime.bigint();
      const report = await rebuildCatalog(new FolderDestination(folder), new BackupsRepo(db));
      const seconds = secondsSince(start);
      if (report.added !== REBUILD_MANIFESTS || report.skipped.length > 0 || report.incomplete > 0) {
        throw new Error(`catalog rebuild imported ${report.added} of ${REBUILD_MANIFESTS} (skipped ${report.skipped.length}: ${JSON.stringify(report.skipped.slice(0, 3))}, incomplete ${report.incomplete})`);
      }
      return { seconds };
    } finally {
      db.close();
    }
  },
  after: async (ctx) => {
    const { folder, home } = rebuildDirs(ctx.setup.workDir);
    rmSync(folder, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  },
};

const historyQuery: Row = {
  key: 'history_query',
  tag: 'history',
  label: 'History query, worst first page of 13 filters (100,000 backups), ms',
  run: async () => {
    const start = process.hrtime.bigint();
    const timings = measureHistoryQuery();
    const worst = timings.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    return { seconds: secondsSince(start), ms: worst.medianMs };
  },
};

const DASHBOARD_BROWSER = '/usr/bin/chromium';

const dashboard: Row = {
  key: 'dashboard',
  tag: 'dashboard',
  label: 'dashboard interactive (3 jobs, 1,000 backups, cold browser), ms',
  run: async () => {
    const start = process.hrtime.bigint();
    if (!existsSync(DASHBOARD_BROWSER)) return { seconds: 0, na: `${DASHBOARD_BROWSER} is missing` };
    try {
      // Imported here: it pulls in the browser helpers, which only this row needs.
      const { measureDashboardInteractive } = await import('../test/e2e/measure-dashboard');
      const { ms } = await measureDashboardInteractive();
      return { seconds: secondsSince(start), ms };
    } catch (error) {
      return { seconds: secondsSince(start), na: `measurement failed: ${(error as Error).message.split('\n')[0]}` };
    }
  },
};

/** Run once each (not --runs times), after the main rows. */
export const ONCE_ROWS: Row[] = [catalogRebuild, historyQuery, dashboard];
