// Interoperability with the stock tools: a backup made by hand with pg_dump | zstd | age
// (no Lifeboat, no manifest) verifies and restores with Lifeboat.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestoreReport } from '../../src-shared/types';
import { runCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('files made by the stock tools (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let file: string;

  beforeAll(async () => {
    ws = createWorkspace();
    await cluster().query('CREATE DATABASE ledger');
    await cluster().query("CREATE TABLE entries (id int PRIMARY KEY, memo text); INSERT INTO entries SELECT g, 'entry ' || g FROM generate_series(1, 3210) g", 'ledger');
    file = path.join(ws.dest, 'ledger-by-hand.dump.zst.age');
    execFileSync('bash', ['-o', 'pipefail', '-c', '/usr/lib/postgresql/15/bin/pg_dump -Fc -Z0 -h 127.0.0.1 -p "$PORT" -U postgres ledger | zstd -q -3 | age -r "$RECIPIENT" > "$OUT"'], {
      env: { ...process.env, PGPASSWORD: cluster().password, PORT: String(cluster().port), RECIPIENT: ws.recipient, OUT: file },
    });
  });
  afterAll(() => ws?.cleanup());

  it('verify reads and decrypts it, and says there is no manifest to check against', async () => {
    const res = await runCli(['verify', file, '--identity', ws.keyFile, '--json'], { LIFEBOAT_HOME: ws.home });
    expect(res.code).toBe(0);
    const verify = res.json().verify as { hashChecked: boolean; tableDataEntries: number };
    expect(verify.hashChecked).toBe(false);
    expect(verify.tableDataEntries).toBe(1);
  });

  it('restore brings the rows back and warns that nothing could be compared', async () => {
    const res = await runCli(['restore', file, '--db', `postgres://postgres@127.0.0.1:${cluster().port}/ledger_copy`, '--identity', ws.keyFile, '--json'], {
      LIFEBOAT_HOME: ws.home,
      PGPASSWORD: cluster().password,
    });
    expect(res.code).toBe(0);
    const report = res.json().restore as RestoreReport;
    expect(report.warnings.join(' ')).toMatch(/No manifest/);
    const rows = await cluster().query('SELECT count(*)::int AS n, sum(id)::bigint AS s FROM entries', 'ledger_copy');
    expect(rows.rows[0]).toEqual({ n: 3210, s: String((3210 * 3211) / 2) });
  });
});
