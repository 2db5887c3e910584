// Restore drills against a real PostgreSQL 15 through the CLI: a job's latest backup restored
// into a throwaway local cluster (roles from the globals file first, so ownership is
// exercised) and into a temporary database on the source server; both pass and are recorded.
// A killed drill leaves nothing behind that the next cleanup does not remove; a drill of a
// corrupted copy fails, is recorded, and becomes a drill alert.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupsRepo } from '../../src-main/catalog/backups-repo';
import { openCatalogDb } from '../../src-main/catalog/open-catalog';
import { drillResultsFromCatalog, type DrillReport } from '../../src-main/drills/drill';
import { drillAlerts } from '../../src-main/notify/alerts';
import { cleanupLeftovers } from '../../src-main/restore/leftovers';
import { envNameFor } from '../../src-main/secrets/env-file-store';
import { secretRefs } from '../../src-main/secrets/secret-store';
import { runCli, startCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('restore drills (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  let nas: string;
  let tmp: string;
  const cli = (...args: string[]) => runCli(args, env);
  const tmpDatabases = async () => (await cluster().query("SELECT datname FROM pg_database WHERE datname LIKE '%\\_\\_lifeboat\\_tmp\\_%'")).rows.map((r) => r.datname as string);
  const verifications = () => {
    const db = openCatalogDb(ws.home);
    try {
      const repo = new BackupsRepo(db);
      return { rows: repo.verifications(), drills: drillResultsFromCatalog(repo) };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    ws = createWorkspace();
    nas = path.join(ws.root, 'nas');
    tmp = path.join(ws.root, 'tmp');
    mkdirSync(nas);
    // A private TMPDIR, to see what drills leave there. Under root the sandbox server runs as
    // nobody, which must be able to reach it (like /tmp).
    mkdirSync(tmp);
    chmodSync(ws.root, 0o711);
    chmodSync(tmp, 0o1777);
    // The identity comes from the (environment) secret store, as on a headless server.
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password, LIFEBOAT_SECRETS: 'env', [envNameFor(secretRefs.identity(ws.recipient))]: ws.identity, TMPDIR: tmp };
    await cluster().query('CREATE DATABASE sales');
    await cluster().query(
      `CREATE ROLE app NOLOGIN;
       CREATE TABLE orders (id int PRIMARY KEY, total numeric); INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 20000) g;
       CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes SELECT g, md5(g::text) FROM generate_series(1, 5000) g;
       ALTER TABLE notes OWNER TO app; GRANT SELECT ON orders TO app;`,
      'sales',
    );
    const add = await cli('job', 'add', 'nightly', '--db', `postgres://postgres@127.0.0.1:${cluster().port}/sales`, '--to', nas, '--schedule', 'daily 02:30', '--time-zone', 'UTC', '--recipient', ws.recipient);
    expect(add.code, add.stderr).toBe(0);
    const run = await cli('job', 'run', 'nightly', '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });
  afterAll(() => ws?.cleanup());

  it('passes in a throwaway local cluster (roles restored first, owners kept) and records it; the cluster is gone afterwards', async () => {
    const res = await cli('drill', 'nightly', '--json');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const drill = res.json().drill as DrillReport;
    expect(drill.ok).toBe(true);
    expect(drill.results).toHaveLength(1);
    expect(drill.results[0]).toMatchObject({ job: 'nightly', database: 'sales', ok: true, sandbox: 'local', where: 'throwaway PostgreSQL 15 cluster', tablesChecked: 2, mismatches: [] });
    expect(drill.results[0]!.warnings).toEqual([]); // roles came back, so owners and privileges were restored
    expect(verifications().rows.map((v) => [v.kind, v.ok, v.detail])).toEqual([['restore', 1, 'drill (throwaway PostgreSQL 15 cluster): passed; 2 tables checked, 0 differ']]);
    expect(readdirSync(tmp).filter((f) => f.startsWith('lifeboat-'))).toEqual([]);
  });

  it('passes in a temporary database on the source server, which is dropped afterwards', async () => {
    const res = await runCli(['drill', 'nightly', '--sandbox', 'source', '--identity', ws.keyFile, '--json'], { ...env, [envNameFor(secretRefs.identity(ws.recipient))]: '' });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const result = (res.json().drill as DrillReport).results[0]!;
    expect(result.ok).toBe(true);
    expect(result.where).toMatch(/^temporary database sales__lifeboat_tmp_\d{14} on 127\.0\.0\.1:\d+$/);
    expect(await tmpDatabases()).toEqual([]);
  });

  it('a drill killed mid-restore on the source server leaves a temporary database that the next cleanup drops', async () => {
    const run = startCli(['drill', 'nightly', '--sandbox', 'source'], env);
    let seen: string[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && run.child.exitCode === null) {
      seen = await tmpDatabases();
      if (seen.length > 0) {
        run.child.kill('SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await run.result;
    expect(seen).toHaveLength(1);
    const cleanup = await cleanupLeftovers({ host: '127.0.0.1', port: cluster().port, user: 'postgres', password: cluster().password, database: 'postgres', sslmode: undefined });
    expect(cleanup.dropped).toEqual(seen);
    expect(await tmpDatabases()).toEqual([]);
  });

  it('fails on a corrupted backup, records the failure, and raises a drill alert', async () => {
    const dump = path.join(nas, ws.files(nas).find((f) => f.endsWith('.dump.zst.age'))!);
    const bytes = readFileSync(dump);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(dump, bytes);

    const res = await cli('drill', 'nightly', '--json');
    expect(res.code).toBe(1);
    const result = (res.json().drill as DrillReport).results[0]!;
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'DECRYPT_CORRUPT' });
    expect(readdirSync(tmp).filter((f) => f.startsWith('lifeboat-'))).toEqual([]);

    const { rows, drills } = verifications();
    expect(rows.map((v) => v.ok)).toEqual([1, 1, 0]);
    expect(rows[2]!.detail).toMatch(/^drill \(throwaway PostgreSQL 15 cluster\): FAILED \[DECRYPT_CORRUPT\] /);
    expect(drills.map((d) => [d.database, d.ok])).toEqual([
      ['sales', true],
      ['sales', true],
      ['sales', false],
    ]);
    const alerts = drillAlerts(drills, { now: new Date() });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'alert-drill-failed', job: 'nightly', database: 'sales', backupId: result.backupId, error: expect.objectContaining({ code: 'DECRYPT_CORRUPT' }) })]);
  });
});
