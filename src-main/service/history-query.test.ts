// The History query returns exactly what the catalog repository returns (same records, same
// order), filtered and paged, with totals that follow writes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupsRepo } from '../catalog/backups-repo';
import { openCatalogDb, type CatalogDb } from '../catalog/open-catalog';
import { BENCH_DESTINATIONS, seedHistory } from './history-bench';
import { HistoryQuery } from './history-query';

describe('HistoryQuery', () => {
  let dir: string;
  let db: CatalogDb;
  let repo: BackupsRepo;
  let query: HistoryQuery;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-history-'));
    db = openCatalogDb(dir);
    seedHistory(db, 3000);
    repo = new BackupsRepo(db);
    query = new HistoryQuery(db);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through everything newest first, exactly as BackupsRepo.list', () => {
    const all = repo.list({ limit: 10_000 });
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 500) pages.push(...query.page({ offset, limit: 500 }).rows);
    expect(pages).toEqual(all);
    expect(query.page({ offset: 2990, limit: 100 })).toMatchObject({ total: 3000, rows: all.slice(2990) });
  });

  it('filters by job, database, status, destination and time, with the matching total', () => {
    const all = repo.list({ limit: 10_000 });
    const from = all[999]!.startedAt;
    const to = all[100]!.startedAt;
    const cases = [
      { filter: { job: 'erp' }, keep: (b: (typeof all)[number]) => b.job === 'erp' },
      { filter: { job: 'erp', database: 'crm' }, keep: (b: (typeof all)[number]) => b.job === 'erp' && b.database === 'crm' },
      { filter: { status: 'failed' as const }, keep: (b: (typeof all)[number]) => b.status === 'failed' },
      { filter: { destinationId: BENCH_DESTINATIONS[1] }, keep: (b: (typeof all)[number]) => b.copies.some((c) => c.destinationId === BENCH_DESTINATIONS[1]) },
      { filter: { job: 'web', destinationId: BENCH_DESTINATIONS[0] }, keep: (b: (typeof all)[number]) => b.job === 'web' && b.copies.some((c) => c.destinationId === BENCH_DESTINATIONS[0]) },
      { filter: { from, to }, keep: (b: (typeof all)[number]) => b.startedAt >= from && b.startedAt <= to },
    ];
    for (const { filter, keep } of cases) {
      const expected = all.filter(keep);
      const page = query.page({ ...filter, offset: 10, limit: 50 });
      expect(page.total, JSON.stringify(filter)).toBe(expected.length);
      expect(page.rows, JSON.stringify(filter)).toEqual(expected.slice(10, 60));
    }
  });

  it('accepts time bounds with any UTC offset', () => {
    const newest = repo.list({ limit: 1 })[0]!;
    const ms = Date.parse(newest.startedAt);
    const plus6 = new Date(ms + 6 * 3600_000).toISOString().replace('Z', '+06:00');
    expect(query.page({ from: plus6, offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual([newest.id]);
  });

  it('counts again after the catalog changed', () => {
    const before = query.page({ job: 'erp', offset: 0, limit: 1 }).total;
    const victim = query.page({ job: 'erp', offset: 0, limit: 1 }).rows[0]!;
    db.prepare('DELETE FROM backups WHERE id = ?').run(victim.id);
    expect(query.page({ job: 'erp', offset: 0, limit: 1 }).total).toBe(before - 1);
    expect(query.byIds(['nope', victim.id])).toEqual([]);
  });
});
