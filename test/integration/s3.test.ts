// One backup to a NAS folder and to an S3-compatible store (s3rver on loopback) at once; the
// S3 upload survives 503 SlowDown with Retry-After, 500s and connection resets without leaving
// parts or partial objects; and a new machine with only the bucket's credentials and the key
// rebuilds its catalog from S3 and restores.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord, RestoreReport } from '../../src-shared/types';
import { createBigTable } from '../helpers/big-table';
import { runCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { internalError, isUploadPart, slowDown, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('folder + S3 from one backup stream (PostgreSQL 15, s3rver)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let s3: S3TestServer;
  let proxy: FaultProxy;
  let nas: string;
  let env: NodeJS.ProcessEnv;
  const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster().port}/${db}`;
  const s3Url = (prefix: string, endpoint = s3.endpoint) => `s3://${s3.bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}`;
  let first: BackupRecord;

  beforeAll(async () => {
    ws = createWorkspace();
    s3 = await startS3Server();
    proxy = await startFaultProxy({ host: s3.host, port: s3.port });
    nas = path.join(ws.root, 'nas');
    mkdirSync(nas);
    env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password, AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey, AWS_REGION: s3.region, LIFEBOAT_SECRETS: 'env' };
    await cluster().query('CREATE DATABASE erp');
    await createBigTable(cluster(), 'erp', 40);
  });
  afterAll(async () => {
    await proxy?.stop();
    await s3?.stop();
    ws?.cleanup();
  });

  it('writes both copies from one pg_dump run', async () => {
    const res = await runCli(['backup', '--db', url('erp'), '--to', nas, '--to', s3Url('office'), '--recipient', ws.recipient, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    first = res.json().backup as BackupRecord;
    expect(first.health).toBe('complete');
    expect(first.copies.map((c) => [c.kind, c.status])).toEqual([
      ['folder', 'present'],
      ['s3', 'present'],
    ]);
    const keys = s3.objects().filter((k) => k.startsWith('office/'));
    expect(keys.map((k) => path.basename(k)).sort()).toEqual(first.files.map((f) => f.name).sort());
    expect(s3.incompleteUploads()).toEqual([]);
  });

  it('completes through 503 SlowDown (Retry-After), 500 and connection resets, leaving no parts behind', async () => {
    proxy.addFault({ match: isUploadPart, times: 1, action: slowDown(1) });
    proxy.addFault({ match: isUploadPart, times: 1, action: internalError() });
    proxy.addFault({ match: isUploadPart, times: 1, action: { kind: 'reset-request', afterBytes: 1024 * 1024 } });
    proxy.addFault({ match: isUploadPart, times: 1, action: { kind: 'delay', ms: 1500 } });
    const res = await runCli(['backup', '--db', url('erp'), '--to', s3Url('flaky', proxy.endpoint), '--recipient', ws.recipient, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const record = res.json().backup as BackupRecord;
    expect(record.copies[0]?.status).toBe('present');
    const faults = proxy.requests.filter((r) => r.fault).map((r) => r.fault);
    expect(faults.sort()).toEqual(['delay', 'error', 'error', 'reset-request']);
    // The first faulted part got the 503 with Retry-After: 1; its retry (same part number) waited for it.
    const slowed = proxy.requests.find((r) => r.fault === 'error')!;
    const retry = proxy.requests.find((r) => r !== slowed && r.at >= slowed.at && isUploadPart(r) && r.query.get('partNumber') === slowed.query.get('partNumber'));
    expect(retry).toBeDefined();
    expect(retry!.at - (slowed.doneAt ?? slowed.at)).toBeGreaterThanOrEqual(900);
    expect(s3.incompleteUploads()).toEqual([]);
    expect(s3.objects().filter((k) => k.startsWith('flaky/')).map((k) => path.basename(k)).sort()).toEqual(record.files.map((f) => f.name).sort());
    const verify = await runCli(['verify', record.id, '--identity', ws.keyFile], env);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('a saved B2-style destination is tested on add, and wrong credentials say so', async () => {
    const add = await runCli(['destination', 'add', 'b2', '--s3', s3Url('named'), '--json'], { ...env, LIFEBOAT_SECRET_DESTINATION_B2_SECRET_ACCESS_KEY: s3.secretAccessKey });
    expect(add.code, add.stderr).toBe(0);
    const saved = (add.json().destination as { config: Record<string, unknown> }).config;
    expect(saved).not.toHaveProperty('secretAccessKey');
    expect(saved).toMatchObject({ bucket: s3.bucket, prefix: 'named', accessKeyId: s3.accessKeyId });
    const bad = await runCli(['destination', 'test', s3Url('named'), '--json'], { ...env, AWS_ACCESS_KEY_ID: 'NOT-A-KEY' });
    expect(bad.code).toBe(1);
    expect(bad.json().error?.code).toBe('DEST_AUTH_FAILED');
  });

  it('a new machine rebuilds the catalog from S3 alone and restores from the S3 copy', async () => {
    rmSync(ws.home, { recursive: true, force: true });
    rmSync(nas, { recursive: true, force: true });
    const rebuild = await runCli(['catalog', 'rebuild', '--from', s3Url('office'), '--json'], env);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.json().rebuild).toMatchObject({ manifests: 1, added: 1, skipped: [] });
    const list = (await runCli(['list', '--json'], env)).json().backups as BackupRecord[];
    expect(list.map((b) => b.id)).toEqual([first.id]);
    const restore = await runCli(['restore', first.id, '--db', url('erp_restored'), '--identity', ws.keyFile, '--json'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect((restore.json().restore as RestoreReport).mismatches).toEqual([]);
    const original = await cluster().query('SELECT count(*)::int AS n, md5(string_agg(payload, \'\' ORDER BY id)) AS h FROM big', 'erp');
    const restored = await cluster().query('SELECT count(*)::int AS n, md5(string_agg(payload, \'\' ORDER BY id)) AS h FROM big', 'erp_restored');
    expect(restored.rows[0]).toEqual(original.rows[0]);
  });
});
