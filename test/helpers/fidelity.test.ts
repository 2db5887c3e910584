// Proves the fidelity fixture and its comparisons work before product tests rely on them:
// a plain pg_dump -Fc | pg_restore round trip must compare equal, and a changed row must not.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type LocalCluster } from './clusters';
import { clientEnv, dataFingerprint, loadFidelitySchema, PG15_CLIENT_BIN, schemaDump } from './fidelity';

/** pg_dump -Fc SOURCE | pg_restore -d TARGET with the system tools; password only in env. */
async function dumpAndRestore(cluster: LocalCluster, source: string, target: string): Promise<void> {
  await cluster.query(`create database ${target}`);
  const env = clientEnv(cluster);
  const dump = spawn(`${PG15_CLIENT_BIN}/pg_dump`, ['-Fc', '--no-password', `--dbname=${source}`], { env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
  const restore = spawn(`${PG15_CLIENT_BIN}/pg_restore`, ['--no-password', '--exit-on-error', `--dbname=${target}`], { env, shell: false, stdio: ['pipe', 'ignore', 'pipe'] });
  dump.stdout.pipe(restore.stdin);
  const finished = (child: ReturnType<typeof spawn>, name: string) =>
    new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`${name} exited with ${code}:\n${stderr}`))));
    });
  const [dumpWarnings, restoreWarnings] = await Promise.all([finished(dump, 'pg_dump'), finished(restore, 'pg_restore')]);
  expect(dumpWarnings).toBe('');
  expect(restoreWarnings).toBe('');
}

describe('fidelity fixture (PostgreSQL 15, pg_dump/pg_restore 15)', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startTestCluster(15);
    await loadFidelitySchema(cluster, 'source');
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('loads a fixture with many object kinds and a few thousand rows', async () => {
    const fingerprint = await dataFingerprint(cluster, 'source');
    expect(fingerprint['public.customers']).toMatch(/^500:[0-9a-f]{32}$/);
    expect(Number(fingerprint['public.order_lines']!.split(':')[0])).toBeGreaterThan(2000);
    expect(Number(fingerprint['public.audit_log']!.split(':')[0])).toBeGreaterThan(1000);
    expect(fingerprint['"müşteri"."Größe"']).toMatch(/^300:[0-9a-f]{32}$/);
    expect(fingerprint['inventory.monthly_movements']).toMatch(/^[1-9]\d*:[0-9a-f]{32}$/);
    expect(fingerprint['inventory.stock_movements_default']).toMatch(/^[1-9]\d*:/);
    expect(fingerprint['sequence public.invoice_number_seq']).toBe(`${500000 + 800 * 7}:true`);
    expect(fingerprint['large object 424201']).toMatch(/^[0-9a-f]{32}:Scanned contract/);
    const schema = await schemaDump(cluster, 'source');
    for (const expected of ['CREATE EXTENSION IF NOT EXISTS citext', 'ROW LEVEL SECURITY', 'CREATE POLICY', 'ATTACH PARTITION', 'PARTITION BY HASH', 'EXCLUDE USING gist', 'GENERATED ALWAYS AS IDENTITY', 'CREATE MATERIALIZED VIEW', 'CREATE TRIGGER', 'CREATE SCHEMA "müşteri"']) {
      expect(schema).toContain(expected);
    }
  });

  it('a pg_dump -Fc | pg_restore round trip compares equal', async () => {
    await dumpAndRestore(cluster, 'source', 'restored');
    expect(await schemaDump(cluster, 'restored')).toBe(await schemaDump(cluster, 'source'));
    expect(await dataFingerprint(cluster, 'restored')).toEqual(await dataFingerprint(cluster, 'source'));
  });

  it('the comparison notices a changed row, a moved sequence and a changed large object', async () => {
    const before = await dataFingerprint(cluster, 'restored');
    await cluster.query(`update "müşteri"."Größe" set notiz = notiz || ' ' where "Schlüssel" = 7`, 'restored');
    await cluster.query(`select nextval('inventory.sku_seq')`, 'restored');
    await cluster.query(`select lo_put(424202, 100, '\\x00'::bytea)`, 'restored');
    const after = await dataFingerprint(cluster, 'restored');
    const changed = Object.keys(before).filter((key) => before[key] !== after[key]).sort();
    expect(changed).toEqual(['"müşteri"."Größe"', 'large object 424202', 'sequence inventory.sku_seq']);

    await cluster.query(`comment on table public.products is 'changed'`, 'restored');
    expect(await schemaDump(cluster, 'restored')).not.toBe(await schemaDump(cluster, 'source'));
  });
});
