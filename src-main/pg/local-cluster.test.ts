import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startLocalCluster } from './local-cluster';
import { findServerBinDir } from './server-binaries';

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.each([15, 13])('startLocalCluster (PostgreSQL %i)', (major) => {
  it('starts, serves queries over TCP with a password, and cleans up on stop()', async () => {
    const binDir = findServerBinDir(major);
    if (!binDir) throw new Error(`PostgreSQL ${major} server binaries are not installed`);

    const cluster = await startLocalCluster({ binDir, settings: { application_name: 'lifeboat-test' } });
    try {
      expect(cluster.version.major).toBe(major);
      expect(cluster.version.num).toBeGreaterThan(major * 10_000);
      expect(cluster.url('shop')).toBe(`postgres://postgres:${encodeURIComponent(cluster.password)}@127.0.0.1:${cluster.port}/shop`);
      expect(existsSync(cluster.dataDir)).toBe(true);

      await cluster.query('create database shop');
      const client = new pg.Client({ connectionString: cluster.url('shop') });
      await client.connect();
      try {
        await client.query('create table t (id int primary key, name text)');
        await client.query("insert into t values (1, 'Größe 🚣'), (2, '救生艇')");
        const result = await client.query<{ n: number; names: string }>(
          "select count(*)::int as n, string_agg(name, ',' order by id) as names, current_setting('fsync') as fsync from t",
        );
        expect(result.rows[0]).toEqual({ n: 2, names: 'Größe 🚣,救生艇', fsync: 'off' });
        const encoding = await client.query("select pg_encoding_to_char(encoding) as e from pg_database where datname = 'shop'");
        expect(encoding.rows[0].e).toBe('UTF8');
      } finally {
        await client.end();
      }

      // The wrong password is refused: authentication is really on.
      const intruder = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', password: 'wrong', database: 'postgres' });
      await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await cluster.stop();
    }

    expect(existsSync(cluster.dataDir)).toBe(false);
    expect(await acceptsConnections(cluster.port)).toBe(false);
    await cluster.stop(); // idempotent
  });
});
