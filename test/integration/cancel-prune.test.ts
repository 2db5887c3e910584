// Cancelling a running backup leaves nothing behind (pg_dump stopped, uploads aborted, run
// marked cancelled); a prune interrupted between deleting files and updating the catalog is
// finished by the next one, so catalog and storage agree again — on a folder and on S3.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupsRepo } from '../../src-main/catalog/backups-repo';
import { openCatalogDb, type CatalogDb } from '../../src-main/catalog/open-catalog';
import { parseConnectionUrl } from '../../src-main/pg/connection';
import { backupDatabase } from '../../src-main/pipeline/backup';
import { finishPendingDeletions } from '../../src-main/retention/prune';
import type { Destination } from '../../src-main/storage/destination';
import { FolderDestination } from '../../src-main/storage/folder-destination';
import { S3Destination } from '../../src-main/storage/s3-destination';
import { createBigTable } from '../helpers/big-table';
import { useCluster } from '../helpers/clusters';
import { resolveDestination } from '../helpers/resolve';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('cancel and interrupted prune (PostgreSQL 15, folder and s3rver)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let s3: S3TestServer;
  let db: CatalogDb;
  let repo: BackupsRepo;
  let folder: FolderDestination;
  let bucket: S3Destination;
  const env = () => ({ ...process.env, AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey });

  beforeAll(async () => {
    ws = createWorkspace();
    s3 = await startS3Server();
    db = openCatalogDb(ws.home);
    repo = new BackupsRepo(db);
    const nas = path.join(ws.root, 'nas');
    mkdirSync(nas);
    folder = new FolderDestination(nas);
    bucket = new S3Destination({ endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'office', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true });
    await cluster().query('CREATE DATABASE big');
    await createBigTable(cluster(), 'big', 100);
    await cluster().query('CREATE DATABASE small');
    await cluster().query('CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 1000)', 'small');
  });
  afterAll(async () => {
    db?.close();
    await s3?.stop();
    ws?.cleanup();
  });

  const backup = (database: string, destinations: Destination[], signal?: AbortSignal) =>
    backupDatabase({ conn: parseConnectionUrl(cluster().url(database)), destinations, encryption: { recipients: [ws.recipient] }, catalog: repo, signal, compressionLevel: 9 });

  it('a cancelled backup stops pg_dump, aborts the upload, keeps no file and is marked cancelled', async () => {
    const controller = new AbortController();
    const running = backup('big', [folder, bucket], controller.signal);
    const deadline = Date.now() + 60_000;
    while (!ws.files(folder.root).some((f) => f.endsWith('.partial')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(repo.list()[0]?.status).toBe('cancelled');
    expect(ws.files(folder.root)).toEqual([]);
    expect(s3.objects()).toEqual([]);
    expect(s3.incompleteUploads()).toEqual([]);
    let dumps = -1;
    for (let i = 0; i < 50 && dumps !== 0; i++) {
      dumps = Number((await cluster().query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'lifeboat' AND datname = 'big'")).rows[0].n);
      if (dumps !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(dumps).toBe(0);
  });

  it.each([
    ['folder', () => folder],
    ['s3', () => bucket],
  ] as const)('a prune killed after deleting the manifest is finished by the next one (%s)', async (_kind, dest) => {
    const result = await backup('small', [dest()]);
    const record = repo.get(result.id)!;
    const copy = record.copies[0]!;
    // The state a kill leaves behind: the intent written, the manifest gone, the rest not yet.
    db.prepare('INSERT INTO pending_deletions (backup_id, destination_id, reason, created_at) VALUES (?, ?, ?, ?)').run(record.id, copy.destinationId, 'test', new Date().toISOString());
    const manifest = record.files.find((f) => f.role === 'manifest')!;
    await dest().remove(`${copy.prefix}/${manifest.name}`);

    const finished = await finishPendingDeletions({ db, repo, resolve: resolveDestination(env()) });
    expect(finished).toBe(1);
    expect(repo.get(record.id)).toBeUndefined();
    const left: string[] = [];
    for await (const object of dest().list(copy.prefix)) if (object.key.includes(record.id)) left.push(object.key);
    expect(left).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM pending_deletions').get()).toEqual({ n: 0 });
  });
});
