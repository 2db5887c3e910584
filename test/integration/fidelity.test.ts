// Fidelity: a schema with many object kinds survives backup → restore unchanged, on every
// server version we support: identical `pg_dump --schema-only` and identical data.
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
import { dataFingerprint, loadFidelitySchema, schemaDump } from '../helpers/fidelity';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe.each([13, 14, 15])('fidelity on PostgreSQL %i', (major) => {
  const cluster = useCluster(major);
  let ws: Workspace;
  beforeAll(async () => {
    ws = createWorkspace();
    await loadFidelitySchema(cluster(), 'fidelity');
  });
  afterAll(() => ws?.cleanup());

  it('backup then restore gives the same schema and the same data', async () => {
    const repo = new BackupsRepo(openCatalogDb(ws.home));
    const conn = parseConnectionUrl(cluster().url('fidelity'));
    const result = await backupDatabase({ conn, destinations: [new FolderDestination(ws.dest)], encryption: { recipients: [ws.recipient] }, catalog: repo });
    expect(result.tables.length).toBeGreaterThan(5);

    const record = repo.get(result.id)!;
    const report = await restoreBackup({
      source: await sourceFromRecord(record, resolveDestination()),
      target: parseConnectionUrl(cluster().url('fidelity_copy')),
      keys: { identities: [ws.identity] },
      catalog: repo,
    });
    expect(report.mismatches).toEqual([]);
    expect(report.tablesChecked).toBe(result.tables.length);

    expect(await schemaDump(cluster(), 'fidelity_copy')).toBe(await schemaDump(cluster(), 'fidelity'));
    const restored = await dataFingerprint(cluster(), 'fidelity_copy');
    const original = await dataFingerprint(cluster(), 'fidelity');
    expect(Object.keys(original).length).toBeGreaterThan(10);
    expect(restored).toEqual(original);
  });
});
